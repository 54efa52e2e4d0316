"""Atomic writes and safe file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tts_articles.errors import OutputError
from tts_articles.files import atomic_path, check_writable_folder, slugify


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
