"""Batch inputs -> StoryInputs: files, folders, and manifests (JSON Lines or CSV) of paths and URLs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tts_articles.errors import SourceError
from tts_articles.types import split_authors

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


def find_stories(inputs: Sequence[str]) -> list[StoryInput]:
    """Expand files, folders (every article file in them, sorted) and manifests into Stories.

    A path that does not exist still becomes a StoryInput, so that it is reported as a
    failure beside the others rather than stopping the batch.

    Raises:
        SourceError: a manifest is unreadable or malformed (the message names the line).
    """
    stories: list[StoryInput] = []
    for entry in inputs:
        path = Path(entry)
        if path.is_dir():
            stories += [StoryInput(str(p)) for p in sorted(path.rglob("*")) if _is_article_file(p)]
        elif path.suffix.lower() in MANIFEST_SUFFIXES and path.is_file():
            stories += list(read_manifest(path))
        else:
            stories.append(StoryInput(entry))
    return stories


def read_manifest(path: Path) -> Iterator[StoryInput]:
    """Read a manifest: one story a line, a `path` or `url` and optional overrides.

    Relative paths are taken from the manifest's folder.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise SourceError(f"cannot read manifest {path}: {err}") from err
    rows = _json_lines(text, path) if path.suffix.lower() == ".jsonl" else _csv_rows(text)
    for line, row in rows:
        yield _story(row, path, line)


def _json_lines(text: str, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for line, content in enumerate(text.splitlines(), start=1):
        if not content.strip():
            continue
        try:
            row = json.loads(content)
        except json.JSONDecodeError as err:
            raise SourceError(f"{path}:{line}: not valid JSON ({err.msg})") from err
        if not isinstance(row, dict):
            raise SourceError(f"{path}:{line}: each line must be a JSON object")
        yield line, row


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        yield reader.line_num, {k.strip().lower(): v for k, v in row.items() if k and v not in (None, "")}


def _story(row: dict[str, Any], manifest: Path, line: int) -> StoryInput:
    where = f"{manifest}:{line}"
    unknown = sorted(set(row) - _MANIFEST_FIELDS)
    if unknown:
        raise SourceError(f"{where}: unknown field {unknown[0]!r}; use {', '.join(sorted(_MANIFEST_FIELDS))}")
    origin = row.get("url") or row.get("path")
    if not origin:
        raise SourceError(f"{where}: give a path or a url")
    if "://" not in origin and not Path(origin).is_absolute():
        origin = str(manifest.parent / origin)
    authors = row.get("authors", row.get("author", ()))
    names = split_authors(authors) if isinstance(authors, str) else tuple(a for a in authors if a)
    return StoryInput(origin, row.get("title"), names, row.get("date"), row.get("voice"), row.get("guid"))


def _is_article_file(path: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.parts)
    named_as_output = path.name.endswith(".chapters.json")
    return path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES and not hidden and not named_as_output
