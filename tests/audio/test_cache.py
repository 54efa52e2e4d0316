"""The audio cache: keys, atomic entries, corruption, LRU eviction; and synthesise's use of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tts_articles.audio.cache import AudioCache, CachedClip, clip_key, content_key, open_cache
from tts_articles.audio.synthesise import SynthesisOptions, _key, synthesise
from tts_articles.audio.voices import VoiceInfo
from tts_articles.types import Pause, Segment

SETTINGS = {"length_scale": 1.0, "noise_scale": 0.0, "noise_w_scale": 0.0}


@pytest.fixture
def voice_files(tmp_path: Path) -> tuple[Path, Path]:
    model, config = tmp_path / "voice.onnx", tmp_path / "voice.onnx.json"
    model.write_bytes(b"model weights")
    config.write_text('{"audio": {"sample_rate": 22050}}')
    return model, config


@pytest.fixture
def cache(tmp_path: Path) -> AudioCache:
    return AudioCache(tmp_path / "cache")


def test_key_changes_with_text_settings_and_voice_contents(voice_files: tuple[Path, Path]) -> None:
    key = clip_key(voice_files, SETTINGS, "Hello there.")
    assert key == clip_key(voice_files, dict(SETTINGS), "Hello there.")
    assert key != clip_key(voice_files, SETTINGS, "Hello there!")
    assert key != clip_key(voice_files, {**SETTINGS, "noise_scale": 0.667}, "Hello there.")
    voice_files[0].write_bytes(b"other weights")
    os.utime(voice_files[0], ns=(1, 1))  # a new mtime makes the digest be recomputed
    assert key != clip_key(voice_files, SETTINGS, "Hello there.")


def test_stored_clip_loads_back(cache: AudioCache) -> None:
    cache.store_clip("ab" * 32, CachedClip(b"\x01\x00\x02\x00", 22_050))
    assert cache.contains("ab" * 32)
    assert cache.load_clip("ab" * 32) == CachedClip(b"\x01\x00\x02\x00", 22_050)
    assert not list(cache.folder.rglob("*.part"))


def test_stored_file_copies_back_and_is_not_a_clip(cache: AudioCache, tmp_path: Path) -> None:
    source, copy = tmp_path / "episode.mp3", tmp_path / "copy.mp3"
    source.write_bytes(b"ID3 and an odd number of bytes")
    cache.store_file("aa" * 32, source)
    assert cache.load_file("aa" * 32, copy) and copy.read_bytes() == source.read_bytes()
    assert cache.load_clip("aa" * 32) is None


def test_corrupt_stored_file_is_a_miss_and_leaves_nothing(cache: AudioCache, tmp_path: Path) -> None:
    source, copy = tmp_path / "episode.mp3", tmp_path / "copy.mp3"
    source.write_bytes(bytes(range(256)) * 8)
    cache.store_file("bb" * 32, source)
    entry = cache.entry_path("bb" * 32)
    entry.write_bytes(entry.read_bytes()[:-1] + b"\x00")
    assert not cache.load_file("bb" * 32, copy)
    assert copy.read_bytes() == b"" and not entry.exists()
    assert not cache.load_file("bb" * 32, copy)


def test_content_key_follows_the_file_contents(tmp_path: Path) -> None:
    programme = tmp_path / "programme.wav"
    programme.write_bytes(b"one")
    first = content_key(programme, {"bitrate_kbps": 64})
    assert first != content_key(programme, {"bitrate_kbps": 96})
    programme.write_bytes(b"two")
    assert first != content_key(programme, {"bitrate_kbps": 64})


def test_unknown_key_is_a_miss(cache: AudioCache) -> None:
    assert not cache.contains("cd" * 32)
    assert cache.load_clip("cd" * 32) is None


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty"])
def test_corrupt_entry_is_a_miss_and_is_removed(cache: AudioCache, damage: str) -> None:
    key = "ef" * 32
    cache.store_clip(key, CachedClip(bytes(range(200)), 22_050))
    path = cache.entry_path(key)
    data = path.read_bytes()
    path.write_bytes({"truncate": data[:-10], "flip": data[:-1] + b"\xff", "empty": b""}[damage])
    assert cache.load_clip(key) is None
    assert not path.exists()


def test_eviction_removes_least_recently_used_first(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path / "cache", max_bytes=2_500)
    keys = [f"{n:02d}" * 32 for n in range(4)]
    for age, key in enumerate(keys):
        cache.store_clip(key, CachedClip(bytes(1_000), 22_050))
        os.utime(cache.entry_path(key), (1_000 + age, 1_000 + age))
    cache.load_clip(keys[0])  # a hit makes the oldest entry the newest
    assert cache.evict() == 2
    assert [cache.contains(key) for key in keys] == [True, False, False, True]


def test_stale_temporary_files_are_removed_by_eviction(cache: AudioCache) -> None:
    cache.store_clip("12" * 32, CachedClip(bytes(10), 22_050))
    crashed = cache.entry_path("12" * 32).parent / ".leftover.clip.part"
    crashed.write_bytes(b"half")
    os.utime(crashed, (0, 0))
    cache.evict()
    assert not crashed.exists() and cache.contains("12" * 32)


def test_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = AudioCache(blocker / "cache")
    cache.store_clip("34" * 32, CachedClip(bytes(10), 22_050))
    assert not cache.contains("34" * 32)


def test_open_cache_disabled_and_default(tmp_path: Path) -> None:
    assert open_cache(tmp_path, enabled=False) is None
    assert open_cache(tmp_path).folder == tmp_path
    assert open_cache(None).folder.name == "clips"


def test_synthesise_reads_every_cached_segment_without_loading_the_voice(
    cache: AudioCache, voice_files: tuple[Path, Path]
) -> None:
    voice = VoiceInfo("stand-in", voice_files[0], voice_files[1], "en-us", "medium", 22_050, "test")
    options = SynthesisOptions(1.0, 0.0, 0.0)
    segments = [Segment(n, 0, n, f"Sentence {n}.", f"Sentence {n}.", Pause.SENTENCE) for n in range(10)]
    for segment in segments:
        cache.store_clip(_key(voice, options, segment), CachedClip(bytes([segment.index, 0]) * 5, 22_050))
    clips = list(synthesise(segments, voice, options, jobs=2, cache=cache))
    assert [clip.segment for clip in clips] == segments
    assert [clip.pcm[0] for clip in clips] == list(range(10))
