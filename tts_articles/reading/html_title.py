"""HTML page -> Headline: the title the page declares, checked against the headline it shows.

A page names its story several times: `og:title`, the JSON-LD `headline`, `<title>` (usually
with the site's name added) and the `<h1>` a reader sees. The declared titles are often
shortened or rewritten for search engines, and an `<h1>` is sometimes the site's logo, so
the `<h1>` is taken when a declared title vouches for it, else the declared title itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from tts_articles.reading.decode import tidy_text
from tts_articles.reading.headline import Headline

MIN_SHARED_WORDS = 0.6
"""A declared title vouches for an <h1> when this share of the shorter one's words is in the other."""
MAX_TITLE_WORDS = 40
VOUCHED_CONFIDENCE = 1.0
DECLARED_CONFIDENCE = 0.8
LONE_H1_CONFIDENCE = 0.7
PAGE_TITLE_CONFIDENCE = 0.6
MIN_HOST_LETTERS = 4
MAX_SITE_NAME_WORDS = 3
_GENERIC_HOSTS = frozenset(["news", "blog", "blogs", "home", "amp", "mobile", "edition", "article", "articles"])
_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+")
_WORD = re.compile(r"\w+")
_DECLARED = (
    ("og:title", "//meta[@property='og:title']/@content"),
    ("twitter:title", "//meta[@name='twitter:title']/@content"),
)


def declared_headline(tree: lxml.html.HtmlElement, site_name: str | None) -> Headline | None:
    """The page's headline from its <h1>, og:title, JSON-LD headline or <title>; None if it declares none."""
    sites = _site_names(tree, site_name)
    declared = [(source, _without_site(text, sites)) for source, text in _declared_titles(tree)]
    declared = [(source, text) for source, text in declared if text]
    raw_title = _clean(_first(tree.xpath("//title/text()")))
    page_title = _without_site(raw_title, sites)
    vouchers = [text for _, text in declared] + ([page_title] if page_title else [])
    h1s = [text for text in _heading_texts(tree, "h1") if not _is_site(text, sites)]
    for h1 in h1s:
        voucher = next((voucher for voucher in vouchers if _vouches(voucher, h1)), None)
        if voucher is not None:
            return Headline(_without_kicker(h1, voucher), None, VOUCHED_CONFIDENCE, "h1")
    if declared:
        source, text = declared[0]
        return Headline(text, None, DECLARED_CONFIDENCE, source)
    if len(h1s) == 1:
        return Headline(h1s[0], None, LONE_H1_CONFIDENCE, "h1")
    segments = {_letters(part) for part in _SEPARATOR.split(raw_title)}
    h2 = next((text for text in _heading_texts(tree, "h2") if _letters(text) in segments), None)
    if h2 and len(segments) > 1:
        return Headline(h2, None, VOUCHED_CONFIDENCE, "h2")
    return Headline(page_title, None, PAGE_TITLE_CONFIDENCE, "<title>") if page_title else None


def _without_kicker(h1: str, declared: str) -> str:
    """The declared title when the <h1> only adds a kicker run into it ("Open ProgressWhy ...")."""
    kicked = _letters(h1).endswith(_letters(declared)) and _letters(h1) != _letters(declared)
    return declared if kicked else h1


def _declared_titles(tree: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    for source, path in _DECLARED:
        for value in tree.xpath(path):
            yield source, _clean(str(value))
    for script in tree.xpath("//script[@type='application/ld+json']"):
        for headline in _json_ld_headlines(script.text_content()):
            yield "JSON-LD headline", _clean(headline)


def _json_ld_headlines(text: str) -> Iterator[str]:
    try:
        data: Any = json.loads(text)
    except ValueError:
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if isinstance(item.get("headline"), str):
                yield item["headline"]
            stack.extend(value for key, value in item.items() if key == "@graph")


def _heading_texts(tree: lxml.html.HtmlElement, tag: str) -> list[str]:
    texts = (_clean(element.text_content()) for element in tree.xpath(f"//body//{tag}"))
    return [text for text in texts if text and len(text.split()) <= MAX_TITLE_WORDS]


def _site_names(tree: lxml.html.HtmlElement, site_name: str | None) -> set[str]:
    """The site's name in a comparable form, from og:site_name, the caller, and the page's host."""
    names = {_letters(str(name)) for name in tree.xpath("//meta[@property='og:site_name']/@content")}
    names.add(_letters(site_name or ""))
    for address in tree.xpath("//meta[@property='og:url']/@content|//link[@rel='canonical']/@href"):
        label = (urlsplit(str(address)).hostname or "").removeprefix("www.").split(".")[0]
        names.add(_letters(label) if len(label) >= MIN_HOST_LETTERS and label not in _GENERIC_HOSTS else "")
    return {name for name in names if name}


def _without_site(title: str, sites: set[str]) -> str:
    """Take the site's name off the front or back of a title: "Headline | Site" -> "Headline"."""
    parts = _SEPARATOR.split(_clean(title))
    while len(parts) > 1 and _is_site(parts[-1], sites):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0], sites):
        parts.pop(0)
    text = " - ".join(parts) if len(parts) > 1 else parts[0] if parts else ""
    return "" if _is_site(text, sites) else text


def _is_site(part: str, sites: set[str]) -> bool:
    """The site's name, alone or with a word or two ("Harper's Magazine" on harpers.org)."""
    letters = _letters(part)
    short = len(part.split()) <= MAX_SITE_NAME_WORDS
    return bool(letters) and any(letters == site or (short and letters.startswith(site)) for site in sites)


def _vouches(declared: str, h1: str) -> bool:
    """True when most words of the shorter title are in the longer one."""
    first, second = set(_WORD.findall(declared.casefold())), set(_WORD.findall(h1.casefold()))
    shorter, longer = sorted((first, second), key=len)
    return bool(shorter) and len(shorter & longer) >= MIN_SHARED_WORDS * len(shorter)


def _letters(text: str) -> str:
    return "".join(character for character in text.casefold() if character.isalnum())


def _first(values: list[Any]) -> str:
    return str(values[0]) if values else ""


def _clean(text: str) -> str:
    return " ".join(tidy_text(text).split())
