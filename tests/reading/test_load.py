"""Loading inputs: files, folders, size caps and media types."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tts_articles.errors import SourceError
from tts_articles.reading.load import load_source, sniff_media_type


def test_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 101)
    with pytest.raises(SourceError) as raised:
        load_source(str(path), max_bytes=100)
    assert str(raised.value) == f"{path} is larger than 100 bytes; is it really an article? Raise the limit with --max-input-bytes"


def test_a_device_that_reports_no_size_is_capped_on_the_bytes_read() -> None:
    with pytest.raises(SourceError, match="is larger than 100 bytes"):
        load_source("/dev/zero", max_bytes=100)


def test_a_fifo_is_capped_on_the_bytes_read(tmp_path: Path) -> None:
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)

    def write_too_much() -> None:
        with open(fifo, "wb") as writer:
            try:
                writer.write(b"a" * 10_000)
            except BrokenPipeError:  # the reader stops at the cap and closes its end
                pass

    writer = threading.Thread(target=write_too_much, daemon=True)
    writer.start()
    with pytest.raises(SourceError, match="is larger than 100 bytes"):
        load_source(str(fifo), max_bytes=100)
    writer.join(timeout=10)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "absent.txt", "{path} does not exist; check the path"),
        (lambda tmp: tmp, "{path} is a folder; give the path of an article file"),
    ],
    ids=["missing", "folder"],
)
def test_unreadable_inputs(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(SourceError) as raised:
        load_source(str(path))
    assert str(raised.value) == message.format(path=path)


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"<!DOCTYPE html><html>", "text/html"),
        ("<!DOCTYPE html>".encode("utf-16"), "text/html"),
        (b'{"title": "x"}', "application/json"),
        (b"# Heading\n\ntext", "text/markdown"),
        (b"Plain title\n\nBody.", "text/plain"),
    ],
    ids=["html", "utf-16 html", "json", "markdown", "plain"],
)
def test_sniff_media_type(data: bytes, media_type: str) -> None:
    assert sniff_media_type(data) == media_type


def test_suffix_sets_media_type(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text("<p>x</p>")
    assert load_source(str(path)).media_type == "text/html"
