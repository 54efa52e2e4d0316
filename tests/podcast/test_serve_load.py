"""The server under hostile and heavy use on loopback: bounded, self-consistent, one log line per error."""

from __future__ import annotations

import http.client
import logging
import os
import random
import re
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tts_articles.podcast import serve as serve_module
from tts_articles.podcast.serve import EpisodeServer, make_server

VERSIONS = {version: bytes([version]) * (100_000 + 37 * version) for version in range(1, 5)}
"""Each version of the episode is one repeated byte, so any body shows which version it came from."""


def _start(outdir: Path) -> tuple[EpisodeServer, int, threading.Thread]:
    server = make_server(outdir, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    return server, server.server_address[1], thread


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    (folder / "episodes").mkdir(parents=True)
    (folder / "episodes" / "story.mp3").write_bytes(VERSIONS[1])
    return folder


@pytest.fixture
def port(outdir: Path) -> Iterator[int]:
    server, bound_port, thread = _start(outdir)
    yield bound_port
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_a_range_of_thousands_of_digits_gets_the_whole_file(port: int) -> None:
    status, _, body = _get(port, "/episodes/story.mp3", {"Range": "bytes=" + "9" * 5000 + "-"})
    assert (status, body) == (200, VERSIONS[1])


def test_symlink_loops_and_overlong_names_are_404_without_a_traceback(
    port: int, outdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink(outdir / "loop-b", outdir / "loop-a")
    os.symlink(outdir / "loop-a", outdir / "loop-b")
    assert _get(port, "/loop-a")[0] == 404
    assert _get(port, "/" + "n" * 300 + ".mp3")[0] == 404
    assert "Traceback" not in capsys.readouterr().err


def test_an_idle_connection_is_closed(outdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_module._FileHandler, "timeout", 0.3)
    server, bound_port, thread = _start(outdir)
    try:
        with socket.create_connection(("127.0.0.1", bound_port), timeout=5) as idle:
            started = time.monotonic()
            assert idle.recv(1) == b""  # the server hung up on us
            assert time.monotonic() - started < 3
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_connections_past_the_limit_get_503_at_once(outdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_module, "MAX_CONNECTIONS", 3)
    server, bound_port, thread = _start(outdir)
    idle = [socket.create_connection(("127.0.0.1", bound_port), timeout=5) for _ in range(3)]
    try:
        time.sleep(0.2)
        status, headers, _ = _get(bound_port, "/episodes/story.mp3")
        assert (status, headers["Retry-After"]) == (503, "5")
    finally:
        for connection in idle:
            connection.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert threading.active_count() < 20


def test_clients_that_vanish_mid_request_leave_one_log_line_each(
    port: int, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG, logger="tts_articles")
    for _ in range(5):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as rude:
            rude.sendall(b"GET /episodes/story.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
            rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    assert _get(port, "/episodes/story.mp3")[0] == 200
    assert "Traceback" not in capsys.readouterr().err


def _check_self_consistent(status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
    """Length as promised, and every byte from one version, the one its headers describe."""
    assert status in (200, 206)
    assert len(body) == int(headers["Content-Length"])
    total = int(headers["Content-Range"].rsplit("/", 1)[1]) if status == 206 else len(body)
    versions = {version for version, data in VERSIONS.items() if len(data) == total}
    assert len(versions) == 1 and set(body) <= {versions.pop()}


@pytest.mark.slow
def test_load_with_ranges_while_files_are_replaced(port: int, outdir: Path) -> None:
    """1,000 requests from 50 clients, a third with ranges, while the episode is replaced by renames."""
    target = outdir / "episodes" / "story.mp3"
    stop = threading.Event()

    def replace_files() -> None:
        version = 1
        while not stop.wait(0.005):
            version = version % len(VERSIONS) + 1
            staging = target.with_name(f".story.{version}.part")
            staging.write_bytes(VERSIONS[version])
            os.replace(staging, target)

    def one_client(seed: int) -> int:
        chooser = random.Random(seed)
        for _ in range(20):
            headers = {}
            if chooser.random() < 0.33:
                first = chooser.randrange(0, 100_000)
                headers["Range"] = f"bytes={first}-{first + chooser.randrange(0, 50_000)}"
            _check_self_consistent(*_get(port, "/episodes/story.mp3", headers))
        return 20

    replacer = threading.Thread(target=replace_files, daemon=True)
    replacer.start()
    try:
        with ThreadPoolExecutor(max_workers=50) as clients:
            assert sum(clients.map(one_client, range(50), timeout=120)) == 1000
    finally:
        stop.set()
        replacer.join(timeout=10)


def test_a_file_truncated_while_sent_closes_the_connection_short(port: int, outdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = outdir / "episodes" / "story.mp3"
    original_copy = serve_module._copy_bytes

    def truncate_then_copy(source, destination, num_bytes):  # type: ignore[no-untyped-def]
        os.truncate(target, 1000)
        return original_copy(source, destination, num_bytes)

    monkeypatch.setattr(serve_module, "_copy_bytes", truncate_then_copy)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/episodes/story.mp3")
        response = connection.getresponse()
        with pytest.raises(http.client.IncompleteRead):
            response.read()
    finally:
        connection.close()
    assert re.fullmatch(r"\d+", str(len(VERSIONS[1])))
