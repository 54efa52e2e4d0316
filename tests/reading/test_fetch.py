"""URL input against a local HTTP server on 127.0.0.1: success, redirects, limits and failures."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest

from tts_articles.errors import SourceError
from tts_articles.reading.extract import extract_article
from tts_articles.reading.fetch import FetchLimits, fetch_url
from tts_articles.reading.load import load_source

PAGE = (
    "<html lang='en'><head><meta charset='windows-1252'><title>Café owners protest | The Local</title></head>"
    "<body><article><h1>Café owners protest new rules</h1>"
    "<p>Owners of more than forty cafés marched through the old town on Saturday to protest new rules on outdoor seating.</p>"
    "<p>The city council said the rules would keep pavements clear for wheelchair users and parents with prams.</p>"
    "<p>A vote on the rules is expected next month, after a public consultation closes.</p>"
    "</article></body></html>"
).encode("cp1252")


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple]] = {}

    def do_GET(self) -> None:
        status, headers, body, delay_s = self.routes[self.path]
        time.sleep(delay_s)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first, which is what the timeout test wants

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _Handler.routes = {
        "/article": (200, {"Content-Type": "text/html; charset=windows-1252"}, PAGE, 0),
        "/moved": (301, {"Location": "/article"}, b"", 0),
        "/loop": (302, {"Location": "/loop2"}, b"", 0),
        "/loop2": (302, {"Location": "/loop"}, b"", 0),
        "/slow": (200, {"Content-Type": "text/html"}, PAGE, 1.5),
        "/big": (200, {"Content-Type": "text/html", "Content-Length": "5000"}, b"x" * 5000, 0),
        "/big-undeclared": (200, {"Content-Type": "text/plain"}, b"y" * 5000, 0),
        "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG", 0),
        "/missing": (404, {"Content-Type": "text/html"}, b"not here", 0),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_becomes_source_with_url_and_charset(server: str) -> None:
    source = load_source(f"{server}/moved")
    assert (source.origin, source.url, source.media_type, source.charset) == (
        f"{server}/moved", f"{server}/article", "text/html", "windows-1252",
    )


def test_url_article_extracts(server: str) -> None:
    article = extract_article(load_source(f"{server}/article"))
    assert (article.title, article.url, len(article.paragraphs)) == ("Café owners protest new rules", f"{server}/article", 3)


@pytest.mark.parametrize(
    ("path", "limits", "message"),
    [
        ("/loop", FetchLimits(max_redirects=3), "{url} redirects more than 3 times; open it in a browser and give the final address"),
        ("/moved", FetchLimits(max_redirects=0), "{url} redirects more than 0 times; open it in a browser and give the final address"),
        ("/slow", FetchLimits(timeout_s=0.3), "{url} did not answer within 0.3 seconds; try again later or raise --timeout"),
        ("/big", FetchLimits(max_bytes=1000), "{url} is larger than 1,000 bytes; is it really an article? Raise the limit with --max-input-bytes"),
        ("/big-undeclared", FetchLimits(max_bytes=1000), "{url} is larger than 1,000 bytes; is it really an article? Raise the limit with --max-input-bytes"),
        ("/image", FetchLimits(), "{url} serves image/png, not a web page or text; give the address of the article page"),
        ("/missing", FetchLimits(), "{url} answered HTTP 404 Not Found; check the address"),
    ],
    ids=["redirect loop", "redirect limit 0", "timeout", "declared too large", "streamed too large", "content type", "404"],
)
def test_fetch_failures_are_one_clear_line(server: str, path: str, limits: FetchLimits, message: str) -> None:
    url = f"{server}{path}"
    with pytest.raises(SourceError) as raised:
        fetch_url(url, limits)
    assert str(raised.value) == message.format(url=url)


def test_unreachable_host_is_a_source_error() -> None:
    with pytest.raises(SourceError, match=r"^cannot reach http://127\.0\.0\.1:9/"):
        fetch_url("http://127.0.0.1:9/", FetchLimits(timeout_s=2))


def test_non_web_address_is_refused() -> None:
    with pytest.raises(SourceError, match="is not a web address"):
        fetch_url("http:///nohost")


class _HostileServer:
    """A raw TCP server on loopback that answers every connection with one scripted behaviour."""

    def __init__(self, behaviour: str) -> None:
        self._behaviour = behaviour
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(10)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}/story"

    def __enter__(self) -> _HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(timeout=10)

    def _serve(self) -> None:
        try:
            connection, _ = self._listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            try:
                self._answer(connection)
            except OSError:
                pass  # the client hung up, as it should

    def _answer(self, connection: socket.socket) -> None:
        if self._behaviour == "trickle headers":
            # Each byte comes well within the per-read timeout; the headers never end.
            for _ in range(400):
                if self._stop.is_set():
                    return
                connection.sendall(b"X-Slow: y\r\n"[:1])
                time.sleep(0.05)
        elif self._behaviour == "short read":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n" + b"a" * 500)
        elif self._behaviour == "redirect to ftp":
            connection.sendall(b"HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1/secret\r\nContent-Length: 0\r\n\r\n")
        elif self._behaviour == "huge length":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + b"9" * 5000 + b"\r\n\r\n")


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        ("trickle headers", "{url} did not answer within 1 seconds; try again later or raise --timeout"),
        ("short read", "the download of {url} ended after 500 of 100,000 bytes; try again"),
        ("redirect to ftp", "{url} redirects to ftp://127.0.0.1/secret, which is not a web address; give the article's http(s) address"),
    ],
)
def test_hostile_servers_are_one_clear_line_within_the_deadline(behaviour: str, message: str) -> None:
    with _HostileServer(behaviour) as server:
        started = time.monotonic()
        with pytest.raises(SourceError) as raised:
            fetch_url(server.url, FetchLimits(timeout_s=1))
        assert str(raised.value) == message.format(url=server.url)
        assert time.monotonic() - started < 5


def test_a_length_header_of_thousands_of_digits_is_too_large() -> None:
    with _HostileServer("huge length") as server, pytest.raises(SourceError, match="is larger than"):
        fetch_url(server.url, FetchLimits(timeout_s=2))
