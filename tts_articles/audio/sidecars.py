"""Episode -> sidecar files: a WebVTT transcript and Podcasting 2.0 JSON chapters."""

from __future__ import annotations

import json

from tts_articles.sanitise import one_line, public_url
from tts_articles.types import Timeline

CHAPTERS_VERSION = "1.2.0"


def webvtt(timeline: Timeline) -> str:
    """A WebVTT transcript: one cue per segment with its real start and end."""
    blocks = ["WEBVTT"]
    for number, cue in enumerate(timeline.cues, start=1):
        start, end = _timestamp(timeline, cue.start), _timestamp(timeline, cue.end)
        blocks.append(f"{number}\n{start} --> {end}\n{_cue_text(cue.text)}")
    return "\n\n".join(blocks) + "\n"


def json_chapters(timeline: Timeline) -> str:
    """Podcasting 2.0 chapters (application/json+chapters): start times in seconds."""
    chapters = []
    for mark in timeline.chapters:
        chapter: dict[str, object] = {
            "startTime": round(timeline.seconds(mark.start), 3),
            "endTime": round(timeline.seconds(mark.end), 3),
            "title": one_line(mark.title),
        }
        url = public_url(mark.url)
        if url:
            chapter["url"] = url
        chapters.append(chapter)
    return json.dumps({"version": CHAPTERS_VERSION, "chapters": chapters}, ensure_ascii=False, indent=2) + "\n"


def _cue_text(text: str) -> str:
    """Cue text as WebVTT reads it: one line, with markup characters escaped.

    "<" would start a cue tag (a title's "<v Eve>" would become a voice span) and "&" a
    character reference; "-->" may not appear at all, and a blank line would end the cue.
    """
    escaped = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("--&gt;", "→")


def _timestamp(timeline: Timeline, samples: int) -> str:
    total_ms = round(timeline.seconds(samples) * 1000)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
