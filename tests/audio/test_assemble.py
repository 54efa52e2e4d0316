"""Joining clips: pauses, sample-exact cue and chapter times, transition sounds."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from tts_articles.audio.assemble import Pauses, write_programme
from tts_articles.errors import AudioError
from tts_articles.types import Chapter, Clip, Paragraph, Pause, Script, Segment

RATE = 1000  # one sample a millisecond keeps the arithmetic readable
PAUSES = Pauses(sentence_s=0.1, paragraph_s=0.2, section_s=0.4, end_s=0.05, story_s=1.0)


def _clip(index: int, chapter: int, num_samples: int, pause: Pause) -> Clip:
    segment = Segment(index, chapter, index, f"sentence {index}", f"sentence {index}", pause)
    return Clip(segment, b"\x01\x00" * num_samples, RATE)


def _script(chapters: int, marked: bool = True) -> Script:
    return Script("T", tuple(Chapter(f"C{n}", (Paragraph("x"),)) for n in range(chapters)), marked=marked)


def test_cues_follow_cumulative_sample_counts_with_pauses(tmp_path: Path) -> None:
    clips = [_clip(0, 0, 300, Pause.SENTENCE), _clip(1, 0, 250, Pause.PARAGRAPH), _clip(2, 0, 333, Pause.END)]
    timeline = write_programme(clips, _script(1), PAUSES, tmp_path / "p.wav")
    assert [(c.start, c.end) for c in timeline.cues] == [(0, 300), (400, 650), (850, 1183)]
    assert timeline.num_samples == 1183 + 50
    with wave.open(str(tmp_path / "p.wav")) as wav:
        assert (wav.getnframes(), wav.getframerate(), wav.getnchannels()) == (1233, RATE, 1)


def test_chapters_are_contiguous_and_start_inside_the_pause(tmp_path: Path) -> None:
    clips = [_clip(0, 0, 300, Pause.SECTION), _clip(1, 1, 200, Pause.PARAGRAPH), _clip(2, 2, 100, Pause.END)]
    timeline = write_programme(clips, _script(3), PAUSES, tmp_path / "p.wav")
    marks = timeline.chapters
    assert [(m.title, m.start, m.end) for m in marks] == [("C0", 0, 600), ("C1", 600, 1050), ("C2", 1050, 1250)]
    for mark, previous_cue, cue in zip(marks[1:], timeline.cues, timeline.cues[1:]):
        assert previous_cue.end < mark.start < cue.start


def test_transition_sound_plays_between_stories_and_chapter_starts_after_it(tmp_path: Path) -> None:
    pauses = Pauses(0.1, 0.2, 0.4, 0.05, story_s=1.0, transition_pcm=b"\x02\x00" * 500)
    clips = [_clip(0, 0, 300, Pause.STORY), _clip(1, 1, 200, Pause.END)]
    timeline = write_programme(clips, _script(2), pauses, tmp_path / "p.wav")
    assert timeline.cues[1].start == 300 + 1000 + 500
    assert timeline.chapters[1].start == 300 + 500 + 500 + 250  # in the silence after the sound
    with wave.open(str(tmp_path / "p.wav")) as wav:
        frames = wav.readframes(wav.getnframes())
    assert frames[2 * 800: 2 * 1300] == b"\x02\x00" * 500


def test_unmarked_script_has_no_chapters(tmp_path: Path) -> None:
    timeline = write_programme([_clip(0, 0, 10, Pause.END)], _script(1, marked=False), PAUSES, tmp_path / "p.wav")
    assert timeline.chapters == ()


def test_no_clips_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="nothing to narrate"):
        write_programme([], _script(1), PAUSES, tmp_path / "p.wav")
