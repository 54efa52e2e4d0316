"""Fault injection through the real CLI: hostile inputs, files and servers.

Every case runs `python -m tts_articles` in a fresh process, as cron or a shell would, and
checks what an operator sees: exit code 1, one `Error:` line on stderr, no traceback, and
no output file, finished or half-written.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.faults, pytest.mark.slow]

TIME_LIMIT_S = 60


def run_cli(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tts_articles", *args], cwd=cwd, input=stdin.decode(), capture_output=True,
        text=True, timeout=TIME_LIMIT_S,
    )


def assert_one_clear_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0]


def assert_nothing_written(folder: Path, *allowed: str) -> None:
    written = sorted(path.name for path in folder.iterdir() if path.name not in allowed)
    assert written == [], written


@pytest.mark.parametrize(
    ("name", "content", "fragments"),
    [
        ("brackets.json", b"[" * 100_000, ("not valid JSON",)),
        ("title.json", b'{"title": 5, "text": "The council met on Monday and voted."}', ("'title' must be text",)),
        ("date.json", b'{"title": "Vote", "date": 20240101, "text": "The council met on Monday."}', ("'date' must be text",)),
        ("url.json", b'{"title": "Vote", "url": ["x"], "text": "The council met."}', ("'url' must be text",)),
        ("paragraphs.json", b'{"title": "Vote", "paragraphs": [1, 2]}', ("'paragraphs' must be a list of text",)),
        ("not-an-object.json", b"[1, 2, 3]", ("must hold one JSON object",)),
        ("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, ("PNG image",)),
        ("empty.txt", b"", ("is empty",)),
        ("furniture.txt", b"Share\n\nSubscribe to our newsletter\n\nAdvertisement\n", ()),
    ],
)
def test_hostile_files_are_one_clear_error(tmp_path: Path, name: str, content: bytes, fragments: tuple[str, ...]) -> None:
    (tmp_path / name).write_bytes(content)
    result = run_cli("narrate", name, cwd=tmp_path)
    assert_one_clear_error(result, *fragments)
    assert_nothing_written(tmp_path, name)


def test_a_device_is_capped_on_the_bytes_read(tmp_path: Path) -> None:
    result = run_cli("narrate", "/dev/zero", "--max-input-bytes", "1000", "-o", "zero.mp3", cwd=tmp_path)
    assert_one_clear_error(result, "larger than 1,000 bytes")
    assert_nothing_written(tmp_path)


def test_a_fifo_that_never_ends_is_capped(tmp_path: Path) -> None:
    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)

    def write_for_ever() -> None:
        try:
            with open(fifo, "wb") as writer:
                while True:
                    writer.write(b"The council met again. " * 1000)
        except OSError:
            pass  # the reader stopped at its cap and closed its end

    threading.Thread(target=write_for_ever, daemon=True).start()
    result = run_cli("narrate", "endless.txt", "--max-input-bytes", "100000", cwd=tmp_path)
    assert_one_clear_error(result, "larger than 100,000 bytes")
    assert_nothing_written(tmp_path, "endless.txt")


def test_stdin_past_the_cap_is_refused(tmp_path: Path) -> None:
    result = run_cli("narrate", "-", "--max-input-bytes", "1000", "--title", "Stdin", cwd=tmp_path, stdin=b"words " * 1000)
    assert_one_clear_error(result, "larger than 1,000 bytes")
    assert_nothing_written(tmp_path)


class _Server:
    """A raw TCP server on loopback answering each connection the same hostile way, until closed."""

    def __init__(self, answer: bytes, trickle: bool = False) -> None:
        self._answer, self._trickle = answer, trickle
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._closing = threading.Event()
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}/story"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._closing.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._reply, args=(connection,), daemon=True).start()

    def _reply(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)
                if not self._trickle:
                    connection.sendall(self._answer)
                    return
                for byte in self._answer:  # one byte every 0.2 s, never the end of the headers
                    if self._closing.wait(0.2):
                        return
                    connection.sendall(bytes([byte]))
            except OSError:
                pass

    def close(self) -> None:
        self._closing.set()
        self._listener.close()


@pytest.fixture
def hostile_server(request: pytest.FixtureRequest) -> Iterator[_Server]:
    answer, trickle = request.param
    server = _Server(answer, trickle)
    yield server
    server.close()


@pytest.mark.parametrize(
    ("hostile_server", "fragments"),
    [
        ((b"HTTP/1.1 200 OK\r\n" + b"X-Slow: y\r\n" * 200, True), ("did not answer within 2 seconds",)),
        ((b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\nA headline\n\nA fragment.", False),
         ("ended after",)),
        ((b"HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1/etc/passwd\r\nContent-Length: 0\r\n\r\n", False),
         ("not a web address",)),
        ((b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + b"endless words " * 200_000, False), ("larger than",)),
    ],
    indirect=["hostile_server"],
    ids=["trickled headers", "short read", "redirect to ftp", "endless body"],
)
def test_hostile_servers_are_one_clear_error(tmp_path: Path, hostile_server: _Server, fragments: tuple[str, ...]) -> None:
    result = run_cli("narrate", hostile_server.url, "--timeout", "2", "--max-input-bytes", "1000000", "-o", "story.mp3", cwd=tmp_path)
    assert_one_clear_error(result, *fragments)
    assert_nothing_written(tmp_path)


@pytest.mark.slow
def test_hostile_metadata_is_sanitised_in_every_published_format(tmp_path: Path) -> None:
    from mutagen.id3 import ID3

    story = {
        "title": "<script>alert(1)</script> <v Eve>Vote\u0000 & count\u202e",
        "author": "Ann\u0007 Lee; <b>Bo</b>",
        "url": "javascript:alert(document.cookie)",
        "date": "2024-11-06",
        "text": "The council voted on Monday to fund the roads.",
    }
    (tmp_path / "story.json").write_text(json.dumps(story), encoding="utf-8")
    result = run_cli("narrate", "story.json", "--outro", "", "--noise-scale", "0", "--noise-w-scale", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    tags = ID3(tmp_path / "story.mp3")
    frames = [str(frame) for frame in tags.values()]
    assert all("\x00" not in text and "\u202e" not in text and "\x07" not in text for text in frames)
    assert not tags.getall("WOAS") and "javascript" not in " ".join(frames)
    transcript = (tmp_path / "story.vtt").read_text(encoding="utf-8")
    assert "<script>" not in transcript and "<v Eve>" not in transcript and "&lt;script&gt;" in transcript
    chapters = (tmp_path / "story.chapters.json").read_text(encoding="utf-8")
    assert "javascript" not in chapters and "\\u0000" not in chapters
