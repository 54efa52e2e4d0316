"""Atomic file writing and safe file names, shared by every writer."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from tts_articles.errors import OutputError

_MAX_SLUG_CHARS = 60
LOCK_FILE = ".batch.lock"
"""In a folder that one run at a time may write to; the running process's id is written in it."""
_LOCK_POLL_S = 0.2


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
        try:
            os.chmod(name, 0o644)
            os.replace(name, target)
        except OSError as err:
            raise _write_error(target, err) from err
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise


def atomic_write_text(target: Path, text: str) -> None:
    """Write `text` as UTF-8 to `target` atomically.

    Raises:
        OutputError: the file cannot be written (a full disk, say); `target` is left as it was.
    """
    with atomic_path(target) as temporary:
        try:
            temporary.write_text(text, encoding="utf-8")
        except OSError as err:
            raise _write_error(target, err) from err


def _write_error(target: Path, err: OSError) -> OutputError:
    return OutputError(f"cannot write {target}: {err.strerror or err}; free some space or choose another output with -o")


def make_output_folder(folder: Path) -> None:
    """Create `folder` and its parents unless they exist, then check that it is writable.

    Raises:
        OutputError: it cannot be created (a file is in the way, say) or written to.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create output folder {folder}: {err.strerror or err}; choose another with -o") from err
    check_writable_folder(folder)


@contextlib.contextmanager
def folder_lock(folder: Path, wait_s: float = 0.0) -> Iterator[None]:
    """Hold `folder`'s lock file exclusively, so that one run at a time writes there.

    The lock is an flock on FOLDER/.batch.lock: the kernel releases it when its holder
    exits, however it dies (kill -9 included), so a lock left by a dead run is simply taken.
    The file itself stays; it is the lock only while a process holds it.

    Args:
        wait_s: how long to wait for another run to finish; 0 fails at once.

    Raises:
        OutputError: another process still holds the lock after `wait_s` (the message names
            it), or the lock file cannot be opened.
    """
    path = folder / LOCK_FILE
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise OutputError(f"cannot lock output folder {folder}: {err.strerror or err}; choose another with -o") from err
    try:
        _take_lock(descriptor, folder, wait_s)
        with contextlib.suppress(OSError):  # only a courtesy for the message; a full disk must not stop the run
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(descriptor)


def _take_lock(descriptor: int, folder: Path, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                break
            time.sleep(_LOCK_POLL_S)
    holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    by = f" (process {holder})" if holder.isdigit() else ""
    waited = f" after waiting {wait_s:g} s" if wait_s else ""
    raise OutputError(f"another batch{by} is writing to {folder}{waited}; let it finish, or give --wait SECONDS")


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
