"""WebVTT transcript and Podcasting 2.0 JSON chapters."""

from __future__ import annotations

import json

from tts_articles.audio.sidecars import json_chapters, webvtt
from tts_articles.types import ChapterMark, Cue, Timeline

TIMELINE = Timeline(
    sample_rate=22_050,
    num_samples=22_050 * 3725 + 11_025,
    cues=(
        Cue("Kyiv knows of 124 POWs.", 0, 44_100),
        Cue("A line\nwith --> an arrow.", 55_125, 22_050 * 3725),
    ),
    chapters=(
        ChapterMark("Introduction", 0, 50_000, "https://example.org/a?x=1&y=2"),
        ChapterMark("Kyiv knows…", 50_000, 22_050 * 3725 + 11_025),
    ),
)


def test_webvtt_has_one_cue_per_segment_with_hour_timestamps() -> None:
    assert webvtt(TIMELINE) == (
        "WEBVTT\n\n"
        "1\n00:00:00.000 --> 00:00:02.000\nKyiv knows of 124 POWs.\n\n"
        "2\n00:00:02.500 --> 01:02:05.000\nA line with → an arrow.\n"
    )


def test_json_chapters_in_seconds_with_urls() -> None:
    document = json.loads(json_chapters(TIMELINE))
    assert document == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0.0, "endTime": 2.268, "title": "Introduction", "url": "https://example.org/a?x=1&y=2"},
            {"startTime": 2.268, "endTime": 3725.5, "title": "Kyiv knows…"},
        ],
    }
