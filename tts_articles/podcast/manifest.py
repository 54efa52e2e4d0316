"""Batch inputs -> StoryInputs: files, folders, and manifests (JSON Lines or CSV) of paths and URLs."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tts_articles.errors import SourceError
from tts_articles.reading.byline import split_authors

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".json", ".html", ".htm"})
MANIFEST_SUFFIXES = frozenset({".jsonl", ".csv"})
_MANIFEST_FIELDS = frozenset({"path", "url", "title", "authors", "author", "date", "voice", "guid"})


@dataclass(frozen=True)
class StoryInput:
    """One article to convert, with the overrides its manifest line gave."""

    origin: str
    """A file path or an http(s) URL."""
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    voice: str | None = None
    guid: str | None = None
    place: str | None = None
    """For a file: its path from the folder above the one that holds it (or, in a folder
    given to batch, from the folder above that one), e.g. "today/story.txt". It names the
    story across runs wherever the inputs live, so `batch today/`, `batch today/story.txt`
    and a manifest in today/ give one story the same place; None for a URL."""
    problem: str | None = None
    """Why this entry cannot be read (a malformed manifest line, say); batch reports it as failed."""


def find_stories(inputs: Sequence[str]) -> list[StoryInput]:
    """Expand files, folders (every article file in them, sorted) and manifests into Stories.

    A path that does not exist still becomes a StoryInput, so that it is reported as a
    failure beside the others rather than stopping the batch.

    A manifest that cannot be read, or a line of one that is malformed, becomes a
    StoryInput with its `problem` set, reported beside the others too.
    """
    stories: list[StoryInput] = []
    for entry in inputs:
        path = Path(entry)
        if path.is_dir():
            stories += [StoryInput(str(p), place=_place(p, _above(path, 1)))
                        for p in sorted(path.rglob("*")) if _is_article_file(p, path)]
        elif path.suffix.lower() in MANIFEST_SUFFIXES and path.is_file():
            stories += list(read_manifest(path))
        else:
            stories.append(StoryInput(entry, place=None if "://" in entry else _place(path, _above(path, 2))))
    return stories


def read_manifest(path: Path) -> Iterator[StoryInput]:
    """Read a manifest: one story a line, a `path` or `url` and optional overrides.

    Relative paths are taken from the manifest's folder. A malformed line gives a
    StoryInput named `MANIFEST:LINE` with its `problem` set; an unreadable manifest, one
    named after the manifest.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
        rows = list(_json_lines(text) if path.suffix.lower() == ".jsonl" else _csv_rows(text))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        yield StoryInput(str(path), problem=f"cannot read manifest {path}: {err}")
        return
    for line, row in rows:
        try:
            yield _story(row, path, line)
        except SourceError as err:
            yield StoryInput(f"{path}:{line}", problem=str(err))


def _json_lines(text: str) -> Iterator[tuple[int, Any]]:
    for line, content in enumerate(text.splitlines(), start=1):
        if content.strip():
            yield line, content


def _row(content: Any, where: str) -> dict[str, Any]:
    """A JSON Lines line parsed (a CSV row is already a dict)."""
    if isinstance(content, dict):
        return content
    try:
        row = json.loads(content)
    except (json.JSONDecodeError, RecursionError) as err:
        raise SourceError(f"{where}: not valid JSON ({getattr(err, 'msg', 'nested too deeply')})") from err
    if not isinstance(row, dict):
        raise SourceError(f"{where}: each line must be a JSON object")
    return row


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        yield reader.line_num, {k.strip().lower(): v for k, v in row.items() if k and v not in (None, "")}


def _story(content: Any, manifest: Path, line: int) -> StoryInput:
    where = f"{manifest}:{line}"
    row = _row(content, where)
    unknown = sorted(set(row) - _MANIFEST_FIELDS)
    if unknown:
        raise SourceError(f"{where}: unknown field {unknown[0]!r}; use {', '.join(sorted(_MANIFEST_FIELDS))}")
    _check_types(row, where)
    origin = row.get("url") or row.get("path")
    if not origin:
        raise SourceError(f"{where}: give a path or a url")
    if "://" not in origin and not Path(origin).is_absolute():
        origin = str(manifest.parent / origin)
    authors = row.get("authors", row.get("author", ()))
    names = split_authors(authors) if isinstance(authors, str) else tuple(a for a in authors if a)
    place = None if "://" in origin else _place(Path(origin), _above(manifest, 2))
    return StoryInput(origin, row.get("title"), names, row.get("date"), row.get("voice"), row.get("guid"), place)


def _check_types(row: dict[str, Any], where: str) -> None:
    for name in sorted(_MANIFEST_FIELDS - {"authors", "author"}):
        if row.get(name) is not None and not isinstance(row[name], str):
            raise SourceError(f"{where}: {name!r} must be text, not {type(row[name]).__name__}; quote it")
    for name in ("authors", "author"):
        names = row.get(name)
        if names is not None and not isinstance(names, str) and not (
                isinstance(names, list) and all(isinstance(each, str) for each in names)):
            raise SourceError(f"{where}: {name!r} must be text or a list of text")
    if row.get("date") is not None:
        try:
            datetime.fromisoformat(row["date"])
        except ValueError:
            raise SourceError(f"{where}: 'date' {row['date']!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None


def _place(path: Path, base: Path) -> str:
    """`path` from `base` with forward slashes; the absolute path when it lies outside `base`."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, base)
    return Path(absolute if relative.startswith("..") else relative).as_posix()


def _above(path: Path, levels: int) -> Path:
    """The folder `levels` above `path`, made absolute first so that "story.txt" has a folder above it."""
    return Path(os.path.abspath(path)).parents[levels - 1]


def _is_article_file(path: Path, folder: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)  # not "..", "." above it
    named_as_output = path.name.endswith(".chapters.json")
    return path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES and not hidden and not named_as_output
