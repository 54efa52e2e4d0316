"""HTML -> Article: trafilatura finds the main content and metadata; our rules tidy the rest."""

from __future__ import annotations

import logging
import re

import lxml.html
import trafilatura
from lxml import etree

from tts_articles.errors import ExtractionError
from tts_articles.reading.byline import desk_publisher
from tts_articles.reading.decode import tidy_text
from tts_articles.reading.story_blocks import (
    AGENCIES,
    Block,
    drop_furniture,
    refine_story,
    split_bylines,
    to_sections,
)
from tts_articles.types import Article, split_authors

logger = logging.getLogger(__name__)

_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M", "original_date": True, "extensive_search": True}
"""Ask htmldate for the time of day too; it prints "T00:00" when the page gives only a day."""
_BLOCK_TAGS = ("p", "head", "quote", "item", "code")
_PULL_QUOTE_CLASS = re.compile(r"\b(pull-?quote|wp-block-pullquote|pull_quote)\b", re.IGNORECASE)
"""Sites mark pull quotes in their class names; trafilatura keeps them as quotes, repeated text."""
_STANDFIRST_CLASS = re.compile(r"(^|[\s_-])(standfirst|dek|deck|subheadline|sub-headline|summary|article-summary)($|[\s_-])", re.IGNORECASE)
"""The summary under a headline; it often sits outside the element trafilatura takes as the body."""
_STANDFIRST_WORDS = (6, 60)
_RAW_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "td", "dd", "dt")


def extract_from_html(html: str, origin: str, url: str | None) -> Article:
    """Read the story, headings and metadata of an HTML page; leave out captions and furniture.

    Raises:
        ExtractionError: trafilatura finds no article, or every block is furniture.
    """
    standfirst, html = _marked_text(html)
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, date_extraction_params=_DATE_PARAMS,
    )
    if document is None or document.body is None or not len(document.body):
        raise ExtractionError(f"{origin}: found no article in this HTML page; use --raw to read all its text")
    title = _clean(document.title or "")
    blocks = _body_blocks(document.body)
    if standfirst and not any(block.text == standfirst for block in blocks):
        blocks.insert(0, Block(-1, standfirst))
    kept, dropped = drop_furniture(blocks)
    kept, byline_dropped, byline_authors, byline_date = split_bylines(kept)
    authors = _authors(document.author) or byline_authors
    story = refine_story(kept, title, authors)
    if not story.blocks:
        raise ExtractionError(
            f"{origin}: every block looked like page furniture ({_count(len(blocks), 'block')} dropped); "
            "use --raw to read the whole page"
        )
    all_dropped = sorted([*dropped, *byline_dropped, *story.dropped], key=lambda item: item[0])
    return Article(
        title=title or story.blocks[0].text,
        sections=to_sections(story.blocks),
        authors=authors,
        published=_published(document.date) or byline_date,
        publisher=_clean(document.sitename or "") or _desk(authors) or AGENCIES.get(story.agency or ""),
        url=document.url or url,
        language=_language(html) or "en",
        dropped=tuple(line for _, line in all_dropped),
    )


def extract_all_html_text(html: str, origin: str, url: str | None) -> Article:
    """Every visible block of the page, for `--raw`: title from <title>, no cleaning."""
    tree = _parse(html, origin)
    title_elements = tree.xpath("//title")
    title = _clean(title_elements[0].text_content()) if title_elements else ""
    for element in tree.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    blocks = [_clean(element.text_content()) for element in tree.iter(*_RAW_BLOCK_TAGS)]
    paragraphs = tuple(text for text in blocks if text)
    if not paragraphs:
        raise ExtractionError(f"{origin}: this HTML page has no text to read")
    return Article(title=title or paragraphs[0], sections=to_sections([Block(i, p) for i, p in enumerate(paragraphs)]), url=url)


def _parse(html: str, origin: str):
    try:
        return lxml.html.fromstring(html.encode("utf-8"))
    except (etree.ParserError, ValueError) as err:
        raise ExtractionError(f"{origin}: cannot parse this HTML ({err}); use --raw on a text copy") from err


def _marked_text(html: str) -> tuple[str | None, str]:
    """Return the standfirst a page marks by class, and the page without marked pull quotes."""
    if not (_PULL_QUOTE_CLASS.search(html) or _STANDFIRST_CLASS.search(html)):
        return None, html
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None, html
    standfirst = None
    for element in tree.xpath("//body//*[@class]"):
        text = _clean(element.text_content())
        low, high = _STANDFIRST_WORDS
        if standfirst is None and _STANDFIRST_CLASS.search(element.get("class")) and low <= len(text.split()) <= high:
            standfirst = text
    pull_quotes = [element for element in tree.xpath("//body//*[@class]") if _PULL_QUOTE_CLASS.search(element.get("class"))]
    for element in pull_quotes:
        element.drop_tree()
    return standfirst, lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>") if pull_quotes else html


def _body_blocks(body) -> list[Block]:
    """Paragraphs, list items and quotes as paragraphs; <head> elements as headings."""
    blocks = []
    for position, element in enumerate(body.iter(*_BLOCK_TAGS)):
        if element.tag in ("quote", "item") and element.find(".//p") is not None:
            continue  # its paragraphs come one by one
        text = _clean(" ".join(element.itertext()))
        if text:
            blocks.append(Block(position, text, element.tag == "head"))
    return blocks


def _clean(text: str) -> str:
    return " ".join(tidy_text(text).split())


def _authors(author: str | None) -> tuple[str, ...]:
    return split_authors(author or "")


def _desk(authors: tuple[str, ...]) -> str | None:
    return next((desk_publisher(a) for a in authors if desk_publisher(a)), None)


def _published(date: str | None) -> str | None:
    if not date:
        return None
    return date.removesuffix("T00:00")


def _language(html: str) -> str | None:
    match = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)", html[:4096], re.IGNORECASE)
    return match.group(1) if match else None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
