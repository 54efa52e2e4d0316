"""Synthesis with the real bundled voice: order, parallel == sequential, and the audio cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from tts_articles.audio import synthesise as synthesise_module
from tts_articles.audio.cache import AudioCache
from tts_articles.audio.synthesise import SynthesisOptions, _key, synthesise
from tts_articles.audio.voices import VoiceInfo, resolve_voice
from tts_articles.errors import VoiceError
from tts_articles.types import Pause, Segment

pytestmark = pytest.mark.slow

REPEATABLE = SynthesisOptions(length_scale=1.0, noise_scale=0.0, noise_w_scale=0.0)
"""Noise scales 0 make Piper's output bit-identical from run to run."""
TEXTS = [
    "The first ship left the port.",
    "It carried wheat.",
    "Insurers were cautious.",
    "Officials expect twenty ships.",
    "The route runs along the coast.",
    "Prices rose again.",
    "Farmers welcomed the news.",
    "Talks continue next week.",
]


@pytest.fixture(scope="module")
def voice() -> VoiceInfo:
    try:
        return resolve_voice(None)
    except VoiceError as err:
        pytest.skip(f"bundled voice unavailable: {err}")


def _segments(texts: list[str]) -> list[Segment]:
    return [Segment(n, 0, n, text, text, Pause.SENTENCE) for n, text in enumerate(texts)]


@pytest.fixture
def synthesised(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the spoken text of every segment that reaches Piper."""
    spoken: list[str] = []
    real = synthesise_module._synthesise_all

    def recording(segments, voice, options, jobs):
        spoken.extend(segment.spoken for segment in segments)
        return real(segments, voice, options, jobs)

    monkeypatch.setattr(synthesise_module, "_synthesise_all", recording)
    return spoken


def test_parallel_output_is_sample_identical_to_sequential(voice: VoiceInfo) -> None:
    segments = _segments(TEXTS)
    sequential = list(synthesise(segments, voice, REPEATABLE, jobs=1))
    parallel = list(synthesise(segments, voice, REPEATABLE, jobs=2))
    assert [clip.segment for clip in parallel] == segments
    assert [clip.pcm for clip in parallel] == [clip.pcm for clip in sequential]
    assert all(clip.num_samples > 0 and clip.sample_rate == voice.sample_rate for clip in parallel)


def test_second_run_is_served_from_the_cache(voice: VoiceInfo, tmp_path: Path, synthesised: list[str]) -> None:
    cache = AudioCache(tmp_path)
    segments = _segments(TEXTS[:3])
    first = list(synthesise(segments, voice, REPEATABLE, jobs=1, cache=cache))
    second = list(synthesise(segments, voice, REPEATABLE, jobs=1, cache=cache))
    assert synthesised == TEXTS[:3]
    assert [clip.pcm for clip in second] == [clip.pcm for clip in first]


def test_changed_sentence_is_the_only_one_synthesised(voice: VoiceInfo, tmp_path: Path, synthesised: list[str]) -> None:
    cache = AudioCache(tmp_path)
    list(synthesise(_segments(TEXTS[:3]), voice, REPEATABLE, jobs=1, cache=cache))
    edited = [TEXTS[0], "It carried maize.", TEXTS[2]]
    clips = list(synthesise(_segments(edited), voice, REPEATABLE, jobs=1, cache=cache))
    assert synthesised == [*TEXTS[:3], "It carried maize."]
    assert [clip.segment.spoken for clip in clips] == edited


def test_other_noise_settings_miss(voice: VoiceInfo, tmp_path: Path, synthesised: list[str]) -> None:
    cache = AudioCache(tmp_path)
    list(synthesise(_segments(TEXTS[:1]), voice, REPEATABLE, jobs=1, cache=cache))
    list(synthesise(_segments(TEXTS[:1]), voice, SynthesisOptions(1.0, 0.667, 0.8), jobs=1, cache=cache))
    assert synthesised == [TEXTS[0], TEXTS[0]]


def test_corrupt_entry_is_synthesised_again_and_replaced(voice: VoiceInfo, tmp_path: Path) -> None:
    cache = AudioCache(tmp_path)
    segments = _segments(TEXTS[:2])
    fresh = list(synthesise(segments, voice, REPEATABLE, jobs=1, cache=cache))
    entry = cache.entry_path(_key(voice, REPEATABLE, segments[1]))
    data = entry.read_bytes()
    entry.write_bytes(data[:-100] + bytes(100))  # a crash that zeroed the tail of the file
    again = list(synthesise(segments, voice, REPEATABLE, jobs=1, cache=cache))
    assert [clip.pcm for clip in again] == [clip.pcm for clip in fresh]
    assert entry.read_bytes() == data
