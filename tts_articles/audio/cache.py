"""Audio cache: the clip of each spoken text, and each levelled MP3, kept on disk for re-runs.

Clips are stored by voice file, synthesis settings and spoken text; levelled MP3s by
the content of the programme they encode, so a re-run whose sentences all come from
the cache does not encode again either.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tts_articles.errors import OutputError
from tts_articles.files import atomic_path

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 2 * 1024**3
"""2 GiB holds ~13 hours of 22,050 Hz speech: months of daily stories."""
KEY_VERSION = 1
"""Bump when the synthesis code changes what a given key would produce."""
STALE_PART_S = 3600
"""A temporary file this old belongs to a writer that crashed; eviction removes it."""
_MAGIC = b"TTSC"
_HEADER = struct.Struct("<4sIQ16s")
"""magic, sample rate (0 for a file), payload bytes, blake2b-128 of the payload."""
_SUFFIX = ".clip"
_COPY_BLOCK_BYTES = 1 << 20


@dataclass(frozen=True)
class CachedClip:
    """The audio of one spoken text: mono signed 16-bit little-endian PCM."""

    pcm: bytes
    sample_rate: int


def default_cache_dir() -> Path:
    """The user's cache folder for tts-articles (e.g. ~/.cache/tts-articles/clips)."""
    import platformdirs

    return platformdirs.user_cache_path("tts-articles") / "clips"


def open_cache(cache_dir: str | Path | None, enabled: bool = True) -> AudioCache | None:
    """The cache in `cache_dir` (None: the user cache folder), or None when disabled."""
    if not enabled:
        return None
    return AudioCache(Path(cache_dir) if cache_dir else default_cache_dir())


def _hash_file(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    """Hash a file once per process; size and mtime in the arguments invalidate a changed file."""
    return _hash_file(path)


def file_digest(path: Path) -> str:
    """A content hash of `path` (a 63 MB voice model hashes in ~0.1 s, once per process)."""
    stat = path.stat()
    return _file_digest(path, stat.st_size, stat.st_mtime_ns)


def clip_key(voice_files: tuple[Path, ...], settings: dict[str, object], text: str) -> str:
    """The cache key: the voice files' contents, every synthesis setting, and the text."""
    document = {
        "version": KEY_VERSION,
        "voice": [file_digest(path) for path in voice_files],
        "settings": settings,
        "text": text,
    }
    encoded = json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def content_key(path: Path, settings: dict[str, object]) -> str:
    """The cache key of what is made from the file at `path` with `settings`."""
    return hashlib.sha256(json.dumps(
        {"version": KEY_VERSION, "input": _hash_file(path), "settings": settings}, sort_keys=True
    ).encode("utf-8")).hexdigest()


class AudioCache:
    """Clips and files on disk, one entry per key, shared safely by any number of processes.

    Writers go through `files.atomic_path` (a temporary file, then a rename), so a
    reader sees a whole entry or none. Each entry carries its length and a checksum:
    a file truncated or zeroed by a crash or a full disk reads as a miss and is removed.
    A hit refreshes the file's modification time, which orders the LRU eviction.
    """

    def __init__(self, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._writable = True

    def entry_path(self, key: str) -> Path:
        """Where the entry for `key` lives: a subfolder per first two hex digits keeps folders small."""
        return self.folder / key[:2] / f"{key}{_SUFFIX}"

    def contains(self, key: str) -> bool:
        """Whether an entry with a valid header is stored (the payload is checked on load)."""
        try:
            with open(self.entry_path(key), "rb") as handle:
                header = handle.read(_HEADER.size)
                size = os.fstat(handle.fileno()).st_size
        except OSError:
            return False
        return len(header) == _HEADER.size and _valid_header(header, size)

    def load_clip(self, key: str) -> CachedClip | None:
        """The stored clip, or None for a miss; a corrupt entry is removed and counts as a miss."""
        entry = self._read_entry(key)
        return CachedClip(*entry) if entry and entry[1] > 0 else None

    def load_file(self, key: str, destination: Path) -> bool:
        """Copy the stored file (see `store_file`) to `destination`; False for a miss.

        The copy streams in blocks, so an hour-long MP3 never sits in memory; a
        corrupt entry is removed and `destination` is left empty.
        """
        path = self.entry_path(key)
        try:
            entry = open(path, "rb")
        except OSError:
            return False
        with entry, open(destination, "wb") as target:
            if _copy_payload(entry, target):
                self._touch(path)
                return True
            target.truncate(0)
        logger.warning("removing corrupt cache entry %s", path)
        self._remove(path)
        return False

    def store_clip(self, key: str, clip: CachedClip) -> None:
        """Save `clip` under `key`; a cache that cannot be written is skipped with a warning."""
        if self._writable:
            entry = _pack_entry(clip.pcm, clip.sample_rate)
            self._write_with(key, lambda target: target.write_bytes(entry))

    def store_file(self, key: str, source: Path) -> None:
        """Save a copy of the file at `source`, such as an encoded MP3, under `key`."""
        if not self._writable:
            return
        digest = hashlib.blake2b(digest_size=16)
        try:
            with open(source, "rb") as handle:
                while block := handle.read(_COPY_BLOCK_BYTES):
                    digest.update(block)
            header = _HEADER.pack(_MAGIC, 0, source.stat().st_size, digest.digest())
            self._write_with(key, lambda target: _copy_after(header, source, target))
        except OSError as err:
            logger.warning("cannot cache %s: %s", source, err)

    def _read_entry(self, key: str) -> tuple[bytes, int] | None:
        path = self.entry_path(key)
        try:
            entry = _unpack_entry(path.read_bytes())
        except OSError:
            return None
        if entry is None:
            logger.warning("removing corrupt cache entry %s", path)
            self._remove(path)
            return None
        self._touch(path)
        return entry

    def _write_with(self, key: str, write: Callable[[Path], object]) -> None:
        path = self.entry_path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(path) as temporary:
                write(temporary)
        except (OSError, OutputError) as err:
            logger.warning("audio cache %s is not writable (%s); continuing without it", self.folder, err)
            self._writable = False

    @staticmethod
    def _touch(path: Path) -> None:
        try:
            os.utime(path)
        except OSError:
            pass

    def evict(self) -> int:
        """Delete least recently used entries until the cache fits `max_bytes`; return how many."""
        entries, total = self._scan()
        removed = 0
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            if self._remove(path):
                total -= size
                removed += 1
        if removed:
            logger.info("evicted %d cache entries from %s", removed, self.folder)
        return removed

    def _scan(self) -> tuple[list[tuple[float, int, Path]], int]:
        """Every entry as (last use, bytes, path), and their total size; stale temporaries go."""
        entries = []
        total = 0
        now = time.time()
        for subfolder in _subfolders(self.folder):
            for item in os.scandir(subfolder):
                try:
                    stat = item.stat()
                except OSError:
                    continue
                if item.name.endswith(_SUFFIX):
                    entries.append((stat.st_mtime, stat.st_size, Path(item.path)))
                    total += stat.st_size
                elif item.name.endswith(".part") and now - stat.st_mtime > STALE_PART_S:
                    self._remove(Path(item.path))
        return entries, total

    @staticmethod
    def _remove(path: Path) -> bool:
        try:
            path.unlink()
        except OSError:
            return False
        return True


def _copy_payload(entry: BinaryIO, target: BinaryIO) -> bool:
    """Copy a file entry's payload to `target`; False if its header or checksum is wrong."""
    header = entry.read(_HEADER.size)
    if len(header) < _HEADER.size or not _valid_header(header, os.fstat(entry.fileno()).st_size):
        return False
    _, sample_rate, _, checksum = _HEADER.unpack(header)
    digest = hashlib.blake2b(digest_size=16)
    while block := entry.read(_COPY_BLOCK_BYTES):
        digest.update(block)
        target.write(block)
    return bool(sample_rate == 0 and digest.digest() == checksum)


def _copy_after(header: bytes, source: Path, target: Path) -> None:
    with open(source, "rb") as reader, open(target, "wb") as writer:
        writer.write(header)
        shutil.copyfileobj(reader, writer, _COPY_BLOCK_BYTES)


def _subfolders(folder: Path) -> list[str]:
    try:
        return [item.path for item in os.scandir(folder) if item.is_dir()]
    except OSError:
        return []


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).digest()


def _pack_entry(payload: bytes, sample_rate: int) -> bytes:
    return _HEADER.pack(_MAGIC, sample_rate, len(payload), _checksum(payload)) + payload


def _valid_header(header: bytes, file_size: int) -> bool:
    magic, sample_rate, size, _ = _HEADER.unpack(header)
    pcm_ok = sample_rate == 0 or size % 2 == 0
    return bool(magic == _MAGIC and pcm_ok and file_size == _HEADER.size + size)


def _unpack_entry(entry: bytes) -> tuple[bytes, int] | None:
    """(payload, sample rate; 0 for a file), or None if the entry is damaged."""
    if len(entry) < _HEADER.size or not _valid_header(entry[: _HEADER.size], len(entry)):
        return None
    _, sample_rate, _, checksum = _HEADER.unpack(entry[: _HEADER.size])
    payload = entry[_HEADER.size:]
    if _checksum(payload) != checksum:
        return None
    return payload, sample_rate
