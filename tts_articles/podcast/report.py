"""Story results -> OUTDIR/report.json: what happened to every story of a batch."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tts_articles.files import atomic_write_text

REPORT_FILE = "report.json"


@dataclass(frozen=True)
class StoryResult:
    """What happened to one story: converted, skipped (up to date) or failed."""

    origin: str
    status: str
    title: str | None = None
    episode: str | None = None
    """The MP3's path relative to the output folder."""
    reason: str | None = None
    duration_s: float | None = None
    elapsed_s: float = 0.0


def write_report(outdir: Path, results: Sequence[StoryResult]) -> Path:
    """Write OUTDIR/report.json: every story's outcome and, for failures, the reason."""
    counts = {status: sum(r.status == status for r in results) for status in ("converted", "skipped", "failed")}
    document = {**counts, "stories": [dataclasses.asdict(result) for result in results]}
    path = outdir / REPORT_FILE
    atomic_write_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path
