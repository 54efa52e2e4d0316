"""URL -> Download: fetch one web page with a timeout, a size cap and a redirect limit."""

from __future__ import annotations

import contextlib
import functools
import http.client
import logging
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import HTTPException, HTTPMessage, HTTPResponse
from typing import IO, Any

from tts_articles import __version__
from tts_articles.errors import SourceError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 20.0
"""For connecting, for each read, and for the whole request, headers and body together."""
DEFAULT_MAX_REDIRECTS = 5
"""News sites redirect two or three times (http -> https -> www -> canonical); loops go on."""
DEFAULT_MAX_INPUT_BYTES = 10_000_000
"""Inputs (files, stdin or downloads) larger than this are refused: no news article is 10 MB of text."""
_CHUNK_BYTES = 64 * 1024
_REDIRECT_CODES = (301, 302, 303, 307, 308)
_MEDIA_TYPES = {
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "text/plain": "text/plain",
    "text/markdown": "text/markdown",
    "text/x-markdown": "text/markdown",
    "application/json": "application/json",
}
"""What the server may send, and the media type our extractor reads it as."""
USER_AGENT = f"tts-articles/{__version__} (article narration; one request per page)"


@dataclass(frozen=True)
class FetchLimits:
    """How long and how much a download may take."""

    max_bytes: int = DEFAULT_MAX_INPUT_BYTES
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_redirects: int = DEFAULT_MAX_REDIRECTS


@dataclass(frozen=True)
class Download:
    """One fetched page."""

    url: str
    """The address after redirects."""
    data: bytes
    media_type: str | None
    """One of text/html, text/plain, text/markdown, application/json; None if not declared."""
    charset: str | None
    """The character set the server declared, if any."""


def is_url(origin: str) -> bool:
    """True for an http:// or https:// address."""
    return origin.lower().startswith(("http://", "https://"))


def fetch_url(url: str, limits: FetchLimits = FetchLimits()) -> Download:
    """Download `url`.

    Raises:
        SourceError: bad address, unreachable host, HTTP error, too many redirects or a
            redirect off the web, timeout, a response over `limits.max_bytes` or shorter
            than it declared, or a type that is not a page.
    """
    _check_address(url)
    watchdog = _Watchdog()
    opener = urllib.request.build_opener(
        _RedirectLimit(limits.max_redirects), _WatchedHTTPHandler(watchdog), _WatchedHTTPSHandler(watchdog)
    )
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    deadline = time.monotonic() + limits.timeout_s
    try:
        with watchdog.running(limits.timeout_s), opener.open(request, timeout=limits.timeout_s) as response:
            media_type = _accepted_media_type(url, response.headers.get_content_type(), response.headers)
            declared_bytes = _declared_length(url, response.headers.get("Content-Length"), limits.max_bytes)
            data = _read_capped(url, response, limits.max_bytes, deadline)
            final_url = response.geturl()
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as err:
        raise _http_error(url, err, limits.max_redirects) from err
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError) or watchdog.expired:
            raise _timeout(url, limits.timeout_s) from err
        raise SourceError(f"cannot reach {url}: {err.reason}; check the address and your connection") from err
    except TimeoutError as err:
        raise _timeout(url, limits.timeout_s) from err
    except (HTTPException, OSError) as err:
        if watchdog.expired:
            raise _timeout(url, limits.timeout_s) from err
        raise SourceError(f"the download of {url} failed: {err}; try again") from err
    if declared_bytes is not None and len(data) < declared_bytes:
        raise SourceError(f"the download of {url} ended after {len(data):,} of {declared_bytes:,} bytes; try again")
    logger.info("fetched %s (%d bytes, %s)", final_url, len(data), media_type)
    return Download(final_url, data, media_type, charset)


class _Watchdog:
    """Shuts every socket of one request once its deadline passes.

    urllib's timeout bounds each read, not the request: a server that sends its headers a
    byte a second would hold us for ever. Shutting the socket from a timer thread wakes
    the blocked read, which then fails like a dropped connection.
    """

    def __init__(self) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def running(self, timeout_s: float) -> Iterator[None]:
        timer = threading.Timer(timeout_s, self._expire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing left to wake


class _WatchedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection that hands its socket to the request's watchdog once connected."""

    def __init__(self, *args: Any, watchdog: _Watchdog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watchdog = watchdog

    def connect(self) -> None:
        super().connect()
        self._watchdog.watch(self.sock)


class _WatchedHTTPSConnection(_WatchedHTTPConnection, http.client.HTTPSConnection):
    """The same for HTTPS: connect() runs the TLS handshake first, so the TLS socket is watched."""


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self._watchdog = watchdog

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_WatchedHTTPConnection, watchdog=self._watchdog), req)


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        self._ssl_context = ssl.create_default_context()
        super().__init__(context=self._ssl_context)
        self._watchdog = watchdog

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(_WatchedHTTPSConnection, watchdog=self._watchdog)
        return self.do_open(connection, req, context=self._ssl_context)


class _RedirectLimit(urllib.request.HTTPRedirectHandler):
    """Follow at most `max_redirects` redirects; urllib's own limit is 10."""

    def __init__(self, max_redirects: int) -> None:
        super().__init__()
        self.max_redirections = max_redirects  # type: ignore[misc]  # typeshed calls it a ClassVar; urllib reads it per instance

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        # urllib follows redirects to ftp:// too: a page must not send us off the web.
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise SourceError(f"{req.full_url} redirects to {newurl}, which is not a web address; give the article's http(s) address")
        # urllib always follows the first redirect, whatever the limit; a limit of 0 means none.
        if self.max_redirections == 0:
            raise urllib.error.HTTPError(req.full_url, code, msg, headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _check_address(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SourceError(f"{url} is not a web address; give an http:// or https:// URL")


def _accepted_media_type(url: str, content_type: str, headers: HTTPMessage) -> str | None:
    if headers.get("Content-Type") is None:
        return None
    if content_type in _MEDIA_TYPES:
        return _MEDIA_TYPES[content_type]
    raise SourceError(f"{url} serves {content_type}, not a web page or text; give the address of the article page")


def _declared_length(url: str, length: str | None, max_bytes: int) -> int | None:
    """The body length the server declared, if it did; one over `max_bytes` is refused at once."""
    if not length or not length.isdigit():
        return None
    # Compared by digit count first, so a header of thousands of digits never becomes an int.
    digits = length.lstrip("0") or "0"
    if len(digits) > len(str(max_bytes)) or int(digits) > max_bytes:
        raise too_large(url, max_bytes)
    return int(digits)


def _read_capped(url: str, response: HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    """Read at most `max_bytes`, giving up at `deadline`."""
    chunks: list[bytes] = []
    total = 0
    while True:
        # read1 returns whatever has arrived, so a server that drips one byte at a time
        # cannot keep us past the deadline (read(n) would wait for all n bytes).
        chunk = response.read1(_CHUNK_BYTES)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise too_large(url, max_bytes)
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)


def _http_error(url: str, err: urllib.error.HTTPError, max_redirects: int) -> SourceError:
    if err.code in _REDIRECT_CODES:
        return SourceError(f"{url} redirects more than {max_redirects} times; open it in a browser and give the final address")
    return SourceError(f"{url} answered HTTP {err.code} {err.reason}; check the address")


def _timeout(url: str, timeout_s: float) -> SourceError:
    return SourceError(f"{url} did not answer within {timeout_s:g} seconds; try again later or raise --timeout")


def too_large(origin: str, max_bytes: int) -> SourceError:
    """The error for an input over the size limit, whether a file, stdin or a download."""
    return SourceError(
        f"{origin} is larger than {max_bytes:,} bytes; is it really an article? Raise the limit with --max-input-bytes"
    )
