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


HOSTILE = Timeline(
    sample_rate=1_000,
    num_samples=3_000,
    cues=(Cue("<v Eve>Hi</v> & <script>alert(1)</script> <b>bold</b>\x00\x1b[31m", 0, 1_000),),
    chapters=(
        ChapterMark("Intro\x00\u202e", 0, 1_000, "javascript:alert(1)"),
        ChapterMark("Story", 1_000, 3_000, "mailto:desk@example.org"),
    ),
)


def test_webvtt_cue_text_escapes_markup_and_drops_control_characters() -> None:
    assert webvtt(HOSTILE).splitlines()[-1] == (
        "&lt;v Eve&gt;Hi&lt;/v&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; [31m"
    )


def test_json_chapters_publish_only_web_and_mail_links_and_plain_titles() -> None:
    chapters = json.loads(json_chapters(HOSTILE))["chapters"]
    assert chapters == [
        {"startTime": 0.0, "endTime": 1.0, "title": "Intro"},
        {"startTime": 1.0, "endTime": 3.0, "title": "Story", "url": "mailto:desk@example.org"},
    ]
