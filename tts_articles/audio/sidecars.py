"""Episode -> sidecar files: a WebVTT transcript and Podcasting 2.0 JSON chapters."""

from __future__ import annotations

import json

from tts_articles.types import Timeline

CHAPTERS_VERSION = "1.2.0"


def webvtt(timeline: Timeline) -> str:
    """A WebVTT transcript: one cue per segment with its real start and end."""
    blocks = ["WEBVTT"]
    for number, cue in enumerate(timeline.cues, start=1):
        start, end = _timestamp(timeline, cue.start), _timestamp(timeline, cue.end)
        # "-->" may not appear in cue text, and a blank line would end the cue.
        text = " ".join(cue.text.replace("-->", "→").split())
        blocks.append(f"{number}\n{start} --> {end}\n{text}")
    return "\n\n".join(blocks) + "\n"


def json_chapters(timeline: Timeline) -> str:
    """Podcasting 2.0 chapters (application/json+chapters): start times in seconds."""
    chapters = []
    for mark in timeline.chapters:
        chapter: dict[str, object] = {
            "startTime": round(timeline.seconds(mark.start), 3),
            "endTime": round(timeline.seconds(mark.end), 3),
            "title": mark.title,
        }
        if mark.url:
            chapter["url"] = mark.url
        chapters.append(chapter)
    return json.dumps({"version": CHAPTERS_VERSION, "chapters": chapters}, ensure_ascii=False, indent=2) + "\n"


def _timestamp(timeline: Timeline, samples: int) -> str:
    total_ms = round(timeline.seconds(samples) * 1000)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
