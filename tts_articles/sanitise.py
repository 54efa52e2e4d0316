"""Text and links made safe for the formats we publish: ID3 frames, WebVTT, feeds and pages.

Titles, bylines and links come from scraped pages and other people's JSON, so they may hold
NUL and other control characters, markup, or a `javascript:` link. Each writer passes them
through here rather than trusting what extraction kept.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

PUBLIC_URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only links we publish: a podcast app or browser opens them, so nothing that runs code."""


def one_line(text: str) -> str:
    """`text` without control or format characters, its whitespace runs made single spaces."""
    kept = "".join(" " if _is_control(char) else char for char in text)
    return " ".join(kept.split())


def public_url(url: str | None) -> str | None:
    """`url` when it is an http(s) or mailto link without control characters, else None."""
    if not url or any(_is_control(char) or char.isspace() for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced IPv6 bracket, say
        return None
    if parts.scheme.lower() not in PUBLIC_URL_SCHEMES or (parts.scheme.lower() != "mailto" and not parts.netloc):
        return None
    return url


def _is_control(char: str) -> bool:
    # Cc: NUL, escape, the C1 block; Cf: bidirectional overrides and other invisible formatting.
    return unicodedata.category(char) in ("Cc", "Cf")
