"""Read an input (file path, URL or "-" for stdin) into a Source; define the Article type."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tts_articles.errors import SourceError
from tts_articles.reading.fetch import (
    DEFAULT_MAX_INPUT_BYTES,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_TIMEOUT_S,
    FetchLimits,
    fetch_url,
    is_url,
    too_large,
)
from tts_articles.types import Article, Source

__all__ = [
    "DEFAULT_MAX_INPUT_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_TIMEOUT_S",
    "STDIN",
    "article_to_dict",
    "load_source",
    "sniff_media_type",
]

STDIN = "-"

_MEDIA_TYPES_BY_SUFFIX = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".json": "application/json",
    ".html": "text/html",
    ".htm": "text/html",
}


def article_to_dict(article: Article) -> dict[str, Any]:
    """Return the article as plain JSON-ready data, for `script --json` and goldens."""
    return {
        "title": article.title,
        "title_source": article.title_source,
        "title_confidence": article.title_confidence,
        "authors": list(article.authors),
        "published": article.published,
        "publisher": article.publisher,
        "url": article.url,
        "language": article.language,
        "sections": [
            {"heading": section.heading, "paragraphs": list(section.paragraphs)}
            for section in article.sections
        ],
        "paragraphs": list(article.paragraphs),
        "headings": list(article.headings),
        "dropped": [{"text": line.text, "reason": line.reason} for line in article.dropped],
    }


def load_source(
    origin: str,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> Source:
    """Read `origin` (a file path, an http(s) URL or "-") into a Source.

    Args:
        timeout_s, max_redirects: limits for a URL; ignored for files.
    Raises:
        SourceError: the input is missing, a folder, unreadable, too large, or the
            download failed (see fetch.fetch_url).
    """
    if is_url(origin):
        download = fetch_url(origin, FetchLimits(max_bytes, timeout_s, max_redirects))
        media_type = download.media_type
        if media_type in (None, "text/plain"):
            media_type = sniff_media_type(download.data)
        return Source(origin, download.data, media_type, url=download.url, charset=download.charset)
    if origin == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        _check_size(origin, len(data), max_bytes)
        return Source(origin, data, sniff_media_type(data))
    path = Path(origin)
    if path.is_dir():
        raise SourceError(f"{origin} is a folder; give the path of an article file")
    try:
        # The size a file reports is not trusted: /dev/zero, a FIFO or a file still growing
        # reports 0 or less than it holds, so the limit applies to the bytes actually read.
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
        _check_size(origin, len(data), max_bytes)
    except FileNotFoundError as err:
        raise SourceError(f"{origin} does not exist; check the path") from err
    except PermissionError as err:
        raise SourceError(f"{origin} is not readable; check its permissions") from err
    except OSError as err:
        raise SourceError(f"cannot read {origin}: {err.strerror}") from err
    media_type = _MEDIA_TYPES_BY_SUFFIX.get(path.suffix.lower()) or sniff_media_type(data)
    return Source(origin, data, media_type)


def sniff_media_type(data: bytes) -> str:
    """Guess the media type of an input with no telling file name."""
    # NULs out so UTF-16 text sniffs like its ASCII letters; BOMs and spaces off the front.
    head = data[:2048].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return "application/json"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "text/html"
    if head.startswith(b"# "):
        return "text/markdown"
    return "text/plain"


def _check_size(origin: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise too_large(origin, max_bytes)
