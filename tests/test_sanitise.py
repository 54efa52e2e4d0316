"""Text and links made safe for publishing."""

from __future__ import annotations

import pytest

from tts_articles.sanitise import one_line, public_url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain headline", "Plain headline"),
        ("Two\nlines\r\nand\ttabs", "Two lines and tabs"),
        ("NUL\x00inside", "NUL inside"),
        ("Escape \x1b[31mred", "Escape [31mred"),
        ("Right-to-left \u202eoverride", "Right-to-left override"),
        ("Zero\u200bwidth", "Zero width"),
        ("Café – “quoted”", "Café – “quoted”"),
    ],
)
def test_one_line(text: str, expected: str) -> None:
    assert one_line(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/story?id=1&x=2", "https://example.org/story?id=1&x=2"),
        ("http://example.org/", "http://example.org/"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("ftp://example.org/file", None),
        ("file:///etc/passwd", None),
        ("https://", None),
        ("https://exa mple.org/", None),
        ("https://example.org/\x00", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_public_url(url: str | None, expected: str | None) -> None:
    assert public_url(url) == expected
