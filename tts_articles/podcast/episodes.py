"""Episode metadata: OUTDIR/episodes/<date>-<slug>.json files <-> EpisodeRecord."""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tts_articles.errors import FeedError
from tts_articles.files import atomic_write_text

logger = logging.getLogger(__name__)

EPISODES_FOLDER = "episodes"
INDEX_FILE = "episodes.json"
"""OUTDIR/episodes.json, the index of every episode; a copy beside the metadata files is not an episode."""
CHAPTERS_SUFFIX = ".chapters.json"


@dataclass(frozen=True)
class EpisodeRecord:
    """One narrated story, as batch leaves it in OUTDIR/episodes/<date>-<slug>.json.

    File names are plain names relative to OUTDIR/episodes.
    """

    guid: str
    """Stable for the same story across runs (derive it from the source, not the run)."""
    title: str
    description: str
    authors: tuple[str, ...]
    published: str
    """ISO 8601 with a UTC offset, e.g. 2024-11-06T19:34:00+00:00."""
    audio_file: str
    audio_bytes: int
    """Size of the final tagged MP3; the feed states the file's size on disk and warns on a mismatch."""
    duration_s: float
    voice: str
    source_url: str | None = None
    chapters_file: str | None = None
    transcript_file: str | None = None
    image_file: str | None = None
    build_key: str | None = None
    """Hash of the input, settings, voice and tool version the episode was built from;
    batch skips a story whose key is unchanged."""

    def __post_init__(self) -> None:
        for name in ("guid", "title", "description", "voice", "published"):
            if not isinstance(getattr(self, name), str):
                raise FeedError(f"{name} must be a string")
        if not self.guid.strip():
            raise FeedError("guid is empty")
        if not isinstance(self.authors, tuple) or not all(isinstance(a, str) for a in self.authors):
            raise FeedError("authors must be a list of strings")
        if type(self.audio_bytes) is not int or self.audio_bytes < 0:
            raise FeedError(f"audio_bytes must be a whole number of bytes, not {self.audio_bytes!r}")
        duration_s = self.duration_s
        if type(duration_s) not in (int, float) or not math.isfinite(duration_s) or duration_s < 0:
            raise FeedError(f"duration_s must be a number of seconds, not {self.duration_s!r}")
        _check_file_name("audio_file", self.audio_file)
        for name in ("chapters_file", "transcript_file", "image_file"):
            if getattr(self, name) is not None:
                _check_file_name(name, getattr(self, name))
        if self.source_url is not None and not isinstance(self.source_url, str):
            raise FeedError("source_url must be a string or null")
        _parse_published(self.published)

    @property
    def published_at(self) -> datetime:
        """`published` as an aware datetime."""
        return _parse_published(self.published)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> EpisodeRecord:
        """Build a record from parsed JSON; raises FeedError for a missing field or a bad value.

        Unknown keys are ignored: metadata files outlive the version that wrote them.
        """
        fields = dataclasses.fields(cls)
        missing = [f.name for f in fields if f.default is dataclasses.MISSING and f.name not in values]
        if missing:
            raise FeedError(f"missing field {missing[0]!r}")
        known = {f.name: values[f.name] for f in fields if f.name in values}
        if isinstance(known["authors"], list):
            known["authors"] = tuple(known["authors"])
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as JSON-ready values (authors as a list)."""
        return {**dataclasses.asdict(self), "authors": list(self.authors)}


def write_episode_record(path: Path, record: EpisodeRecord) -> None:
    """Write `record` as the metadata file `path` (OUTDIR/episodes/<stem>.json), atomically."""
    text = json.dumps(record.to_dict(), indent=2, ensure_ascii=False, sort_keys=True)
    atomic_write_text(path, text + "\n")


def read_episodes(outdir: Path) -> list[EpisodeRecord]:
    """Read every episode metadata file in OUTDIR/episodes, in file-name order.

    Chapters sidecars (*.chapters.json) and the episodes.json index are skipped.
    A missing episodes folder means no episodes yet.

    Raises:
        FeedError: OUTDIR is missing; a metadata file is unreadable, not an episode, or
            shares its guid or audio file with another (the message names the files).
    """
    if not outdir.is_dir():
        raise FeedError(f"output folder {outdir} does not exist; check the path or run batch first")
    folder = outdir / EPISODES_FOLDER
    if not folder.is_dir():
        return []
    paths = [path for path in sorted(folder.glob("*.json")) if _is_metadata_file(path)]
    pairs = [(path, _read_record(path)) for path in paths]
    _check_unique(pairs, "guid")
    _check_unique(pairs, "audio_file")
    return [record for _, record in pairs]


def write_index(outdir: Path) -> Path:
    """Write OUTDIR/episodes.json: every episode's metadata, newest first."""
    records = sorted(read_episodes(outdir), key=lambda r: (r.published_at, r.guid), reverse=True)
    path = outdir / INDEX_FILE
    atomic_write_text(path, json.dumps([r.to_dict() for r in records], indent=2, ensure_ascii=False) + "\n")
    return path


def remove_stale_partial_files(outdir: Path) -> None:
    """Delete temporary files a killed run left in OUTDIR/episodes (normal runs leave none)."""
    for leftover in (outdir / EPISODES_FOLDER).glob(".*.part"):
        logger.info("removing %s, left by an interrupted run", leftover.name)
        leftover.unlink(missing_ok=True)


def _parse_published(published: str) -> datetime:
    try:
        moment = datetime.fromisoformat(published)
    except ValueError as err:
        raise FeedError(f"published {published!r} is not an ISO 8601 date") from err
    if moment.tzinfo is None:
        raise FeedError(f"published {published!r} has no timezone offset; add one such as +00:00")
    return moment


def _is_metadata_file(path: Path) -> bool:
    name = path.name
    return not (name.endswith(CHAPTERS_SUFFIX) or name == INDEX_FILE or name.startswith("."))


def _read_record(path: Path) -> EpisodeRecord:
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FeedError(f"episode metadata {path} is unreadable ({err}); fix or delete it") from err
    if not isinstance(values, dict):
        raise FeedError(f"episode metadata {path} is not a JSON object; fix or delete it")
    try:
        return EpisodeRecord.from_dict(values)
    except (FeedError, TypeError) as err:
        raise FeedError(f"episode metadata {path} is invalid: {err}; fix or delete it") from err


def _check_unique(pairs: list[tuple[Path, EpisodeRecord]], field: str) -> None:
    seen: dict[str, Path] = {}
    for path, record in pairs:
        value = getattr(record, field)
        if value in seen:
            raise FeedError(
                f"episode metadata {seen[value].name} and {path.name} share {field} {value!r}; "
                "delete one of them"
            )
        seen[value] = path


def _check_file_name(field: str, name: object) -> None:
    # Enclosure URLs must be plain ASCII names inside OUTDIR/episodes (Apple; and no escapes).
    if not isinstance(name, str) or not name or not name.isascii() or name.startswith("."):
        raise FeedError(f"{field} {name!r} must be a plain ASCII file name")
    if "/" in name or "\\" in name:
        raise FeedError(f"{field} {name!r} must be a file name in the episodes folder, not a path")
