"""Atomic writes and safe file names."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tts_articles.errors import OutputError
from tts_articles.files import atomic_path, check_writable_folder, folder_lock, make_output_folder, slugify


def test_atomic_path_renames_into_place_on_success(tmp_path: Path) -> None:
    target = tmp_path / "episode.mp3"
    with atomic_path(target) as temporary:
        assert temporary.parent == tmp_path and temporary.name.startswith(".episode.mp3.")
        temporary.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["episode.mp3"]


@pytest.mark.parametrize("failure", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path, failure: BaseException) -> None:
    target = tmp_path / "episode.mp3"
    target.write_bytes(b"old")
    with pytest.raises(type(failure)), atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise failure
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["episode.mp3"]


def test_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write to folder"):
        with atomic_path(tmp_path / "missing" / "x.mp3"):
            pass
    with pytest.raises(OutputError, match="does not exist"):
        check_writable_folder(tmp_path / "missing")


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Russia has executed at least 124 Ukrainian POWs on battlefield", "russia-has-executed-at-least-124-ukrainian-pows-on"),
        ("Zelensky: «Ми вистоїмо»", "zelensky"),
        ("Café & Crème — déjà vu!", "cafe-creme-deja-vu"),
        ("???", "article"),
    ],
)
def test_slugify_gives_short_ascii_names(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert len(slug) <= 60


def test_a_folder_lock_is_exclusive_and_names_its_holder(tmp_path: Path) -> None:
    with folder_lock(tmp_path):
        with pytest.raises(OutputError, match=rf"another batch \(process {os.getpid()}\) is writing to {tmp_path}; let it finish"):
            with folder_lock(tmp_path):
                pass
    with folder_lock(tmp_path):  # released on leaving
        pass


def test_a_folder_lock_waits_as_long_as_asked(tmp_path: Path) -> None:
    with folder_lock(tmp_path):
        started = time.monotonic()
        with pytest.raises(OutputError, match="after waiting 0.5 s"), folder_lock(tmp_path, wait_s=0.5):
            pass
        assert 0.5 <= time.monotonic() - started < 5


def test_a_lock_held_by_a_killed_process_is_taken(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from tts_articles.files import folder_lock\n"
                               "with folder_lock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(60)", str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    with pytest.raises(OutputError, match=f"process {holder.pid}"), folder_lock(tmp_path):
        pass
    holder.kill()
    holder.wait(10)
    with folder_lock(tmp_path):
        pass


def test_an_output_folder_under_a_file_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot create output folder .*file/out: Not a directory; choose another"):
        make_output_folder(tmp_path / "file" / "out")
