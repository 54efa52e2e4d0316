"""The ffmpeg runner, through real ffmpeg runs: output, the command logged, and what a failure says."""

from __future__ import annotations

import logging
import math
import wave
from pathlib import Path

import pytest

from tts_articles.audio import ffmpeg as ffmpeg_module
from tts_articles.audio.assemble import Mp3Encoding, encode_mp3
from tts_articles.audio.ffmpeg import audio_seconds, decode_to_pcm, read_all, run_ffmpeg
from tts_articles.errors import AudioError

RATE = 8_000


@pytest.fixture
def tone(tmp_path: Path, ffmpeg: str) -> Path:
    """Half a second of a 440 Hz tone at half scale, as a mono 16-bit WAV file."""
    path = tmp_path / "tone.wav"
    samples = (round(16_384 * math.sin(2 * math.pi * 440 * n / RATE)) for n in range(RATE // 2))
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(b"".join(sample.to_bytes(2, "little", signed=True) for sample in samples))
    return path


def test_decoded_sound_has_one_sample_per_tick_and_the_command_is_logged(
    tone: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="tts_articles.audio.ffmpeg"):
        pcm = decode_to_pcm(tone, RATE)
    assert len(pcm) == 2 * RATE // 2
    assert any("running" in record.message and str(tone) in record.message for record in caplog.records)


def test_unknown_option_is_named_in_the_error(ffmpeg: str) -> None:
    with pytest.raises(AudioError) as raised:
        run_ffmpeg(["-no-such-option"], read_all, 0, "do nothing")
    assert str(raised.value).startswith("ffmpeg could not do nothing: Unrecognized option 'no-such-option'")


def test_file_of_no_known_format_says_so(ffmpeg: str, tmp_path: Path) -> None:
    zeros = tmp_path / "chime.wav"
    zeros.write_bytes(bytes(1_000))
    with pytest.raises(AudioError, match=f"could not read the sound {zeros}: .*Invalid data found"):
        decode_to_pcm(zeros, RATE)


def test_text_file_has_no_sound_in_it(ffmpeg: str, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("This is not a sound.\n" * 20)
    with pytest.raises(AudioError, match="Output file does not contain any stream"):
        decode_to_pcm(text, RATE)


def test_missing_file_says_so(ffmpeg: str, tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="No such file or directory"):
        decode_to_pcm(tmp_path / "missing.wav", RATE)


def test_failed_encode_gives_the_cause_not_conversion_failed(tone: Path, tmp_path: Path) -> None:
    too_loud = Mp3Encoding(compressor_threshold_db=-20, gain_db=0, ceiling_dbtp=20, bitrate_kbps=64)
    with pytest.raises(AudioError) as raised:
        encode_mp3(tone, tmp_path / "tone.mp3", too_loud)
    message = str(raised.value)
    assert message.startswith("ffmpeg could not encode the MP3: ")
    assert "parameter 'limit' out of range" in message
    assert "Conversion failed" not in message


def test_run_past_its_timeout_is_stopped(ffmpeg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ffmpeg_module, "STARTUP_TIMEOUT_S", 0.5)
    endless = ["-f", "lavfi", "-i", "anullsrc", "-f", "null", "-"]
    with pytest.raises(AudioError, match="ffmpeg did not play silence within 0 s"):
        run_ffmpeg(endless, read_all, 0, "play silence")


def test_timeout_grows_with_the_audio(tone: Path, tmp_path: Path) -> None:
    assert audio_seconds(tone) == 0.5
    other = tmp_path / "sound.mp3"
    other.write_bytes(bytes(4_000))
    assert audio_seconds(other) == 2.0
    assert audio_seconds(tmp_path / "missing.mp3") == 0.0


def _old_ffmpeg(tmp_path: Path, real: str) -> Path:
    """A stand-in for a distribution's older ffmpeg: the real one, but its ebur128 has no framelog option."""
    script = tmp_path / "ffmpeg"
    script.write_text(
        "#!/bin/sh\n"
        'case "$*" in *filter=ebur128*) "' + real + '" "$@" | grep -v framelog; exit 0;; esac\n'
        'exec "' + real + '" "$@"\n'
    )
    script.chmod(0o755)
    return script


def test_the_bundled_ffmpeg_is_used_even_when_another_is_on_path(tmp_path: Path, ffmpeg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{_old_ffmpeg(tmp_path, ffmpeg).parent}:/usr/bin:/bin")
    assert ffmpeg_module.ffmpeg_path({}) == ffmpeg


def test_a_named_ffmpeg_that_passes_the_probe_is_used(ffmpeg: str) -> None:
    assert ffmpeg_module.ffmpeg_path({"TTS_ARTICLES_FFMPEG": ffmpeg}) == ffmpeg


def test_a_named_ffmpeg_without_an_option_we_pass_is_refused_naming_it(tmp_path: Path, ffmpeg: str) -> None:
    old = _old_ffmpeg(tmp_path, ffmpeg)
    with pytest.raises(AudioError) as raised:
        ffmpeg_module.ffmpeg_path({"TTS_ARTICLES_FFMPEG": str(old)})
    message = str(raised.value)
    assert message.startswith(f"TTS_ARTICLES_FFMPEG={old} (ffmpeg version ")
    assert message.endswith("cannot do what tts-articles needs: it lacks ebur128 option framelog; unset TTS_ARTICLES_FFMPEG to use the bundled ffmpeg")


def test_a_named_ffmpeg_that_does_not_exist_is_one_clear_line() -> None:
    with pytest.raises(AudioError) as raised:
        ffmpeg_module.ffmpeg_path({"TTS_ARTICLES_FFMPEG": "/no/such/ffmpeg"})
    assert str(raised.value) == "TTS_ARTICLES_FFMPEG=/no/such/ffmpeg is not an executable ffmpeg; fix it or unset it to use the bundled ffmpeg"
