"""Episode sidecars -> timed text for the web pages: WebVTT cues and JSON chapters, in seconds."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from tts_articles.errors import FeedError

_TIMING = re.compile(r"((?:\d+:)?\d{1,2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}\.\d{3})")
"""A WebVTT cue timing line: [hh:]mm:ss.ttt --> [hh:]mm:ss.ttt, cue settings after it ignored."""


@dataclass(frozen=True)
class TimedText:
    """A sentence of the transcript or a chapter, placed in the audio."""

    start_s: float
    end_s: float | None
    """None when the source does not say (a chapter without endTime)."""
    text: str
    url: str | None = None
    """A chapter's link, as given; the page checks its scheme before using it."""


def parse_webvtt(text: str) -> tuple[TimedText, ...]:
    """Read the cues of a WebVTT transcript, in file order; NOTE, STYLE and REGION blocks are skipped.

    Raises:
        FeedError: the text does not start with the WEBVTT signature.
    """
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines[0].startswith("WEBVTT"):
        raise FeedError("transcript is not WebVTT (no WEBVTT line at the top)")
    cues = []
    for block in "\n".join(lines[1:]).split("\n\n"):
        cue = _parse_cue(block.strip("\n").split("\n"))
        if cue is not None:
            cues.append(cue)
    return tuple(cues)


def parse_chapters(text: str) -> tuple[TimedText, ...]:
    """Read Podcasting 2.0 JSON chapters, sorted by start; chapters hidden from the TOC are left out.

    Raises:
        FeedError: not JSON, or a chapter without a numeric startTime and a title.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise FeedError(f"chapters are not JSON ({err})") from err
    entries = document.get("chapters") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise FeedError("chapters JSON has no list of chapters")
    chapters = [_chapter(entry) for entry in entries if not (isinstance(entry, dict) and entry.get("toc") is False)]
    return tuple(sorted(chapters, key=lambda chapter: chapter.start_s))


def _parse_cue(lines: list[str]) -> TimedText | None:
    for position, line in enumerate(lines[:2]):
        match = _TIMING.match(line)
        if match:
            text = " ".join(" ".join(lines[position + 1:]).split())
            return TimedText(_seconds(match.group(1)), _seconds(match.group(2)), text)
    return None


def _seconds(timestamp: str) -> float:
    total_s = 0.0
    for part in timestamp.split(":"):
        total_s = total_s * 60 + float(part)
    return total_s


def _chapter(entry: object) -> TimedText:
    if not isinstance(entry, dict):
        raise FeedError("a chapter is not a JSON object")
    start_s, title, url = _seconds_or_none(entry.get("startTime")), entry.get("title"), entry.get("url")
    if start_s is None or not isinstance(title, str):
        raise FeedError(f"chapter {entry!r} needs a startTime in seconds and a title")
    return TimedText(start_s, _seconds_or_none(entry.get("endTime")), title, url if isinstance(url, str) else None)


def _seconds_or_none(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None
