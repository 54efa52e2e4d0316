"""OUTDIR -> HTTP: serve the feed and episode files read-only, with HEAD and byte ranges."""

from __future__ import annotations

import email.utils
import io
import logging
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from tts_articles.errors import FeedError

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
CHUNK_BYTES = 64 * 1024
"""Files are copied in chunks of this size, so an hour-long MP3 never sits in memory."""

_CONTENT_TYPES = {
    ".chapters.json": "application/json+chapters",
    ".mp3": "audio/mpeg",
    ".xml": "application/rss+xml; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".json": "application/json",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
"""Podcast apps check these types (Podcasting 2.0 names application/json+chapters)."""
_SINGLE_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


@dataclass(frozen=True)
class _ByteRange:
    """The inclusive byte span [first, last] of a file to send."""

    first: int
    last: int

    @property
    def num_bytes(self) -> int:
        return self.last - self.first + 1


class _UnsatisfiableRange(Exception):
    """The Range header is valid but selects no byte of the file (answered with 416)."""


class EpisodeServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that serves the files under `root` and nothing else."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], root: Path) -> None:
        self.root = root.resolve()
        super().__init__(address, _FileHandler)


def make_server(outdir: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> EpisodeServer:
    """Bind a server for OUTDIR without starting it; port 0 picks a free port.

    The bound port is `server.server_address[1]`. Call `serve_forever()` to run it
    (in a thread for tests), then `shutdown()` and `server_close()`.

    Raises:
        FeedError: OUTDIR is not a folder, or the address cannot be bound.
    """
    if not outdir.is_dir():
        raise FeedError(f"output folder {outdir} does not exist; check the path or run batch first")
    try:
        return EpisodeServer((host, port), outdir)
    except OSError as err:
        raise FeedError(
            f"cannot listen on {host}:{port}: {err.strerror}; choose another --port or --host"
        ) from err


def serve(
    outdir: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve OUTDIR over HTTP until interrupted (Ctrl-C returns normally).

    Args:
        ready: called with the feed's URL once the port is bound (port 0 picks one),
            so the caller can tell the user where to subscribe.

    Raises:
        FeedError: as for make_server.
    """
    server = make_server(outdir, host, port)
    bound_host, bound_port = server.socket.getsockname()[:2]
    feed_url = f"http://{bound_host}:{bound_port}/feed.xml"
    logger.info("serving %s at %s", outdir, feed_url)
    if ready is not None:
        ready(feed_url)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            logger.info("stopped serving %s", outdir)


def _parse_range(header: str, size: int) -> _ByteRange | None:
    """Return the span a single-range `Range` header selects in a file of `size` bytes.

    None means "send the whole file": the header is malformed, not in bytes, or asks for
    several ranges (RFC 9110 section 14.2 lets a server ignore any Range it chooses to).

    Raises:
        _UnsatisfiableRange: the range starts at or after the end, or is an empty suffix.
    """
    match = _SINGLE_RANGE.fullmatch(header.strip())
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first_text, last_text = match.groups()
    if first_text == "":
        suffix_bytes = int(last_text)
        if suffix_bytes == 0 or size == 0:
            raise _UnsatisfiableRange(header)
        return _ByteRange(max(size - suffix_bytes, 0), size - 1)
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None
    if first >= size:
        raise _UnsatisfiableRange(header)
    last = int(last_text) if last_text else size - 1
    return _ByteRange(first, min(last, size - 1))


def _content_type(path: Path) -> str:
    """Return the Content-Type to send for `path`, judged by its name."""
    name = path.name.lower()
    for suffix, media_type in _CONTENT_TYPES.items():
        if name.endswith(suffix):
            return media_type
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def _resolve_request_path(root: Path, request_path: str) -> Path | None:
    """Map a request target to a file under `root`, or None if it is not one to serve.

    Refuses `..` and hidden names (dot files include the feed's temporary files), decoded
    or not, and anything whose real path, after following symlinks, leaves `root`.
    """
    decoded = unquote(urlsplit(request_path).path, errors="strict")
    parts = [part for part in decoded.split("/") if part]
    if any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    candidate = root.joinpath(*parts).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


class _FileHandler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections open between an app's HEAD and its range requests.
    protocol_version = "HTTP/1.1"
    server: EpisodeServer

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        logger.info("%s %s", self.address_string(), format % args)

    def _respond(self, send_body: bool) -> None:
        try:
            path = _resolve_request_path(self.server.root, self.path)
        except (UnicodeDecodeError, ValueError):
            path = None
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        try:
            stream = path.open("rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        with stream:
            try:
                self._send_file(path, stream, send_body)
            except (BrokenPipeError, ConnectionResetError):
                # Apps often probe a few bytes and hang up; that is not an error.
                logger.debug("client closed the connection during %s", self.path)

    def _send_file(self, path: Path, stream: BinaryIO, send_body: bool) -> None:
        stat = path.stat()
        size = stat.st_size
        validators = {
            "ETag": f'"{stat.st_mtime_ns:x}-{size:x}"',
            "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
        }
        try:
            span = self._requested_range(size, validators)
        except _UnsatisfiableRange:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self._send_headers({"Content-Range": f"bytes */{size}", "Content-Length": "0",
                                "Accept-Ranges": "bytes"})
            return
        if span is None:
            span = _ByteRange(0, size - 1)
            self.send_response(HTTPStatus.OK)
        else:
            self.send_response(HTTPStatus.PARTIAL_CONTENT)
            self.send_header("Content-Range", f"bytes {span.first}-{span.last}/{size}")
        self._send_headers({"Content-Type": _content_type(path), "Content-Length": str(span.num_bytes),
                            "Accept-Ranges": "bytes", **validators})
        if send_body and span.num_bytes > 0:
            stream.seek(span.first)
            _copy_bytes(stream, self.wfile, span.num_bytes)

    def _requested_range(self, size: int, validators: dict[str, str]) -> _ByteRange | None:
        header = self.headers.get("Range")
        if header is None:
            return None
        # If-Range: a client resuming an older copy of a changed file gets the whole new file.
        if_range = self.headers.get("If-Range")
        if if_range is not None and if_range.strip() not in validators.values():
            return None
        return _parse_range(header, size)

    def _send_headers(self, headers: dict[str, str]) -> None:
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()


def _copy_bytes(source: BinaryIO, target: io.BufferedIOBase, num_bytes: int) -> None:
    remaining = num_bytes
    while remaining > 0:
        chunk = source.read(min(CHUNK_BYTES, remaining))
        if not chunk:
            break
        target.write(chunk)
        remaining -= len(chunk)
