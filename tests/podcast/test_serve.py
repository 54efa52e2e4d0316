"""Server tests over 127.0.0.1 with real HTTP clients: types, HEAD, ranges, traversal."""

from __future__ import annotations

import http.client
import os
import socket
import struct
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tts_articles.errors import FeedError
from tts_articles.podcast.serve import CHUNK_BYTES, make_server

SECRET = b"outside OUTDIR: must never be served"
MP3_PATH = "/episodes/2024-11-06-story.mp3"


@dataclass(frozen=True)
class Served:
    port: int
    outdir: Path
    audio: bytes


@dataclass(frozen=True)
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    outdir = tmp_path / "out"
    episodes = outdir / "episodes"
    episodes.mkdir(parents=True)
    # Larger than one chunk, so a full GET crosses chunk boundaries.
    audio = bytes(range(256)) * (CHUNK_BYTES // 256 * 2 + 7)
    (episodes / "2024-11-06-story.mp3").write_bytes(audio)
    (episodes / "2024-11-06-story.vtt").write_text("WEBVTT\n", encoding="utf-8")
    (episodes / "2024-11-06-story.chapters.json").write_text('{"chapters": []}', encoding="utf-8")
    (episodes / "2024-11-06-story.json").write_text("{}", encoding="utf-8")
    (outdir / "feed.xml").write_text("<rss/>", encoding="utf-8")
    (outdir / ".feed.xml.abc.part").write_text("half a feed", encoding="utf-8")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    os.symlink(tmp_path / "secret.txt", episodes / "leak.mp3")
    os.symlink(tmp_path, outdir / "up")
    os.symlink(episodes / "2024-11-06-story.vtt", outdir / "latest.vtt")
    server = make_server(outdir, "127.0.0.1", 0)
    # A short poll interval: shutdown() waits up to one interval (0.5 s by default).
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield Served(server.server_address[1], outdir, audio)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def fetch(served: Served, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


def media_type(reply: Reply) -> str:
    return reply.headers["Content-Type"].split(";")[0].strip()


def test_full_get_returns_the_file(served: Served) -> None:
    reply = fetch(served, MP3_PATH)
    assert reply.status == 200
    assert reply.body == served.audio
    assert reply.headers["Content-Length"] == str(len(served.audio))
    assert reply.headers["Accept-Ranges"] == "bytes"


def test_urllib_reads_the_feed(served: Served) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{served.port}/feed.xml", timeout=10) as response:
        assert response.status == 200
        assert response.read() == b"<rss/>"


def test_head_sends_headers_only(served: Served) -> None:
    reply = fetch(served, MP3_PATH, method="HEAD")
    assert reply.status == 200
    assert reply.body == b""
    assert reply.headers["Content-Length"] == str(len(served.audio))
    assert reply.headers["Accept-Ranges"] == "bytes"
    assert media_type(reply) == "audio/mpeg"


def test_head_then_range_on_one_connection(served: Served) -> None:
    # Apps reuse the connection; HEAD must not leave a body on the wire.
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        connection.request("HEAD", MP3_PATH)
        head = connection.getresponse()
        head.read()
        connection.request("GET", MP3_PATH, headers={"Range": "bytes=0-1"})
        ranged = connection.getresponse()
        assert (head.status, ranged.status, ranged.read()) == (200, 206, served.audio[:2])
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("range_header", "first", "last"),
    [
        ("bytes=0-1", 0, 1),
        ("bytes=100-199", 100, 199),
        ("bytes=1000-", 1000, None),
        ("bytes=-500", -500, None),
        ("bytes=5-999999999", 5, None),
    ],
    ids=["first-two", "middle", "open-ended", "suffix", "past-the-end"],
)
def test_range_gets_206_with_content_range(
    served: Served, range_header: str, first: int, last: int | None
) -> None:
    size = len(served.audio)
    expected = served.audio[first:] if last is None else served.audio[first:last + 1]
    start = first % size
    reply = fetch(served, MP3_PATH, headers={"Range": range_header})
    assert reply.status == 206
    assert reply.body == expected
    assert reply.headers["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{size}"
    assert reply.headers["Content-Length"] == str(len(expected))
    assert reply.headers["Accept-Ranges"] == "bytes"


def test_head_with_range_gets_206_without_body(served: Served) -> None:
    reply = fetch(served, MP3_PATH, method="HEAD", headers={"Range": "bytes=0-99"})
    assert (reply.status, reply.body, reply.headers["Content-Length"]) == (206, b"", "100")


@pytest.mark.parametrize("range_header", ["bytes={size}-", "bytes={size}-{size}", "bytes=-0"])
def test_unsatisfiable_range_gets_416(served: Served, range_header: str) -> None:
    size = len(served.audio)
    reply = fetch(served, MP3_PATH, headers={"Range": range_header.format(size=size)})
    assert reply.status == 416
    assert reply.headers["Content-Range"] == f"bytes */{size}"
    assert reply.body == b""


@pytest.mark.parametrize("range_header", ["bytes=0-1,5-6", "bytes=9-2", "items=0-1", "bytes=x-"])
def test_range_the_server_ignores_gets_the_whole_file(served: Served, range_header: str) -> None:
    # RFC 9110 14.2: a server may ignore a Range it does not support (several ranges) or cannot parse.
    reply = fetch(served, MP3_PATH, headers={"Range": range_header})
    assert (reply.status, len(reply.body)) == (200, len(served.audio))


def test_stale_if_range_gets_the_whole_file(served: Served) -> None:
    reply = fetch(served, MP3_PATH, headers={"Range": "bytes=0-1", "If-Range": '"old-etag"'})
    assert (reply.status, len(reply.body)) == (200, len(served.audio))


def test_matching_if_range_gets_the_range(served: Served) -> None:
    etag = fetch(served, MP3_PATH, method="HEAD").headers["ETag"]
    reply = fetch(served, MP3_PATH, headers={"Range": "bytes=0-1", "If-Range": etag})
    assert (reply.status, reply.body) == (206, served.audio[:2])


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/feed.xml", "application/rss+xml"),
        (MP3_PATH, "audio/mpeg"),
        ("/episodes/2024-11-06-story.vtt", "text/vtt"),
        ("/episodes/2024-11-06-story.chapters.json", "application/json+chapters"),
        ("/episodes/2024-11-06-story.json", "application/json"),
    ],
)
def test_content_types(served: Served, path: str, expected: str) -> None:
    assert media_type(fetch(served, path, method="HEAD")) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/episodes/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/episodes/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/episodes/..%2F..%2Fsecret.txt",
        "/episodes/leak.mp3",
        "/up/secret.txt",
        "/.feed.xml.abc.part",
        "/episodes/%00.mp3",
        "/episodes/%ff.mp3",
        "/",
        "/episodes/",
        "/missing.mp3",
    ],
    ids=lambda path: path,
)
def test_nothing_outside_outdir_or_hidden_is_served(served: Served, path: str) -> None:
    for method in ("GET", "HEAD"):
        reply = fetch(served, path, method=method)
        assert reply.status == 404
        assert SECRET not in reply.body


def test_symlink_inside_outdir_is_served(served: Served) -> None:
    assert fetch(served, "/latest.vtt").body == b"WEBVTT\n"


def test_query_string_is_ignored(served: Served) -> None:
    assert fetch(served, "/feed.xml?refresh=1").status == 200


def test_other_methods_are_refused(served: Served) -> None:
    assert fetch(served, "/feed.xml", method="POST").status == 501


def test_missing_outdir_is_a_feed_error(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="does not exist"):
        make_server(tmp_path / "nowhere", "127.0.0.1", 0)


def test_port_in_use_is_a_feed_error(served: Served) -> None:
    with pytest.raises(FeedError, match=f"cannot listen on 127.0.0.1:{served.port}"):
        make_server(served.outdir, "127.0.0.1", served.port)


def test_root_is_the_show_page(served: Served) -> None:
    (served.outdir / "index.html").write_text("<!doctype html><title>Show</title>", encoding="utf-8")
    reply = fetch(served, "/")
    assert reply.status == 200
    assert media_type(reply) == "text/html"
    assert reply.body == b"<!doctype html><title>Show</title>"


def test_root_without_a_show_page_is_not_found(served: Served) -> None:
    assert fetch(served, "/").status == 404
    assert fetch(served, "/episodes/").status == 404


def test_folder_index_outside_outdir_is_not_served(served: Served) -> None:
    (served.outdir.parent / "index.html").write_bytes(SECRET)
    assert fetch(served, "/up/").status == 404


@pytest.mark.parametrize("path", ["/feed.xml", MP3_PATH, "/episodes/2024-11-06-story.vtt", "/episodes/2024-11-06-story.chapters.json"])
def test_web_players_on_other_origins_may_read_the_files(served: Served, path: str) -> None:
    for method in ("GET", "HEAD"):
        reply = fetch(served, path, method, headers={"Origin": "https://player.example", "Range": "bytes=0-9"})
        assert reply.status == 206
        assert reply.headers["Access-Control-Allow-Origin"] == "*"


def test_client_resetting_an_idle_connection_prints_no_traceback(served: Served, capfd: pytest.CaptureFixture[str]) -> None:
    connection = socket.create_connection(("127.0.0.1", served.port))
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
    connection.close()
    assert fetch(served, "/feed.xml").status == 200
    time.sleep(0.2)
    assert "Traceback" not in capfd.readouterr().err
