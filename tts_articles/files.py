"""Atomic file writing and safe file names, shared by every writer."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from tts_articles.errors import OutputError

_MAX_SLUG_CHARS = 60


@contextlib.contextmanager
def atomic_path(target: Path, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it onto `target` on success.

    The temporary file lives in the target's folder so the final `os.replace` is a
    rename on one file system: readers see the old file or the complete new one,
    never a partial one. On any error (or Ctrl-C) the temporary file is removed
    and an existing target is left untouched.
    """
    target = Path(target)
    folder = target.parent
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=f"{suffix}.part", dir=folder
        )
    except OSError as err:
        raise OutputError(
            f"cannot write to folder {folder}: {err.strerror}; "
            "choose another output with -o"
        ) from err
    try:
        os.close(handle)
        yield Path(name)
        os.chmod(name, 0o644)
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise


def atomic_write_text(target: Path, text: str) -> None:
    """Write `text` as UTF-8 to `target` atomically."""
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8")


def check_writable_folder(folder: Path) -> None:
    """Raise OutputError unless files can be created in `folder`."""
    if not folder.is_dir():
        raise OutputError(f"output folder {folder} does not exist; create it or choose another with -o")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {folder} is not writable; choose another with -o")


def slugify(text: str, fallback: str = "article") -> str:
    """Return a lowercase ASCII file-name stem made of words joined by hyphens."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > _MAX_SLUG_CHARS:
            break
        slug = candidate
    return slug or fallback
