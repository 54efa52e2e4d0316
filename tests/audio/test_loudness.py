"""Loudness: ffmpeg's integrated loudness of a known tone, and the numpy true peak between samples."""

from __future__ import annotations

import io
import math
import wave
from pathlib import Path

import numpy as np
import pytest

from tts_articles.audio import loudness
from tts_articles.audio.loudness import measure_integrated_lufs, true_peak

AMPLITUDE = 0.9


def _pcm(samples: np.ndarray) -> io.BytesIO:
    return io.BytesIO((samples * 32767).astype("<i2").tobytes())


def _quarter_rate_sine(num_samples: int) -> np.ndarray:
    """A sine at a quarter of the sample rate, sampled 45 degrees off its crests: every
    sample is at 0.707 of the amplitude, so the true peak is 3 dB above the sample peak."""
    return AMPLITUDE * np.sin(np.pi / 2 * np.arange(num_samples) + np.pi / 4)


def test_sine_at_half_scale_measures_minus_9_lufs(ffmpeg: str, tmp_path: Path) -> None:
    rate = 48_000
    tone = 0.5 * np.sin(2 * np.pi * 1000 * np.arange(3 * rate) / rate)
    path = tmp_path / "tone.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(_pcm(tone).getvalue())
    # BS.1770: a full-scale 1 kHz sine is -3.01 LUFS; half scale is 6.02 dB lower.
    assert measure_integrated_lufs(path) == pytest.approx(-9.0, abs=0.1)


def test_true_peak_finds_the_crest_between_samples() -> None:
    samples = _quarter_rate_sine(5_000)
    assert np.abs(samples).max() == pytest.approx(AMPLITUDE / math.sqrt(2), rel=1e-3)
    assert 20 * math.log10(true_peak(_pcm(samples)) / AMPLITUDE) == pytest.approx(0.0, abs=0.2)


def test_true_peak_is_the_same_across_a_block_boundary() -> None:
    block = loudness._DECODE_BLOCK_SAMPLES
    burst = _quarter_rate_sine(8)
    across, inside = np.zeros(2 * block), np.zeros(2 * block)
    across[block - 4: block + 4] = burst
    inside[block // 2 - 4: block // 2 + 4] = burst
    assert true_peak(_pcm(across)) == pytest.approx(true_peak(_pcm(inside)), rel=1e-9)


def test_silence_has_no_peak() -> None:
    assert true_peak(_pcm(np.zeros(1_000))) == 0.0
