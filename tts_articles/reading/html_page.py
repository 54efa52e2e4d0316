"""HTML -> Article: trafilatura finds the main content and metadata; our rules tidy the rest."""

from __future__ import annotations

import logging
import re

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from tts_articles.errors import ExtractionError
from tts_articles.reading.byline import desk_publisher, split_authors
from tts_articles.reading.decode import tidy_text
from tts_articles.reading.headline import Headline, content_words, fallback_headline, min_confidence
from tts_articles.reading.html_title import declared_headline
from tts_articles.reading.language import guess_language
from tts_articles.reading.story_blocks import AGENCIES, Block, Dropped, clean_story, to_sections
from tts_articles.types import Article, DroppedLine

logger = logging.getLogger(__name__)

_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M", "original_date": True, "extensive_search": True}
"""Ask htmldate for the time of day too; it prints "T00:00" when the page gives only a day."""
_BLOCK_TAGS = ("p", "head", "quote", "item", "code", "row")
_CELL_SEPARATOR = ", "
"""A table is read row by row, its cells joined as a list is ("DL Larry Ogunjobi, 63, 85%"):
what a narrator reading a table aloud does; a row's paragraphs inside a cell are not repeated."""
_PULL_QUOTE_CLASS = re.compile(r"\b(pull-?quote|wp-block-pullquote|pull_quote)\b", re.IGNORECASE)
"""Sites mark pull quotes in their class names; trafilatura keeps them as quotes, repeated text."""
_STANDFIRST_CLASS = re.compile(r"(^|[\s_-])(standfirst|dek|deck|subheadline|sub-headline|summary|article-summary)($|[\s_-])", re.IGNORECASE)
"""The summary under a headline; it often sits outside the element trafilatura takes as the body."""
_STANDFIRST_WORDS = (6, 60)
MIN_STANDFIRST_SHARED = 0.25
"""The share of a standfirst's words the story must use: a teaser's summary shares under a quarter."""
MIN_STORY_WORDS_TO_CHECK = 30
"""A story this short (trafilatura found little) cannot vouch for its standfirst: keep it."""
_RAW_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "td", "dd", "dt")


def extract_from_html(html: str, origin: str, url: str | None) -> Article:
    """Read the story, headings and metadata of an HTML page; leave out captions and furniture.

    Raises:
        ExtractionError: trafilatura finds no article, or every block is furniture.
    """
    standfirst, html = _marked_text(html)
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, date_extraction_params=_DATE_PARAMS,
    )
    if not isinstance(document, Document) or document.body is None or not len(document.body):
        raise ExtractionError(f"{origin}: found no article in this HTML page; use --raw to read all its text")
    headline = _headline(html, document, origin)
    title = headline.text
    blocks, teasers = _body_blocks(document.body)
    if standfirst and not any(block.text == standfirst for block in blocks) and _summarises(standfirst, blocks):
        blocks.insert(0, Block(-1, standfirst))
    story = clean_story(blocks, title, split_authors(document.author), origin, teasers)
    return Article(
        title=title,
        title_source=headline.source,
        title_confidence=headline.confidence,
        sections=to_sections(story.blocks),
        authors=story.authors,
        published=_published(document.date) or story.published,
        publisher=_clean(document.sitename or "") or _desk(story.authors) or AGENCIES.get(story.agency or ""),
        url=document.url or url,
        language=_language(html) or guess_language([block.text for block in story.blocks]),
        dropped=story.dropped,
    )


def _headline(html: str, document: Document, origin: str) -> Headline:
    """The page's declared or shown headline, else trafilatura's title, else the file's name (with a warning)."""
    try:
        declared = declared_headline(lxml.html.fromstring(html), document.sitename)
    except (etree.ParserError, ValueError):
        declared = None
    if declared and declared.confidence >= min_confidence():
        return declared
    if document.title:
        return Headline(_clean(document.title), None, min_confidence(), "trafilatura")
    fallback = fallback_headline(origin)
    logger.warning("%s: the page declares no headline; using %r from the file name", origin, fallback.text)
    return fallback


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


def _parse(html: str, origin: str) -> lxml.html.HtmlElement:
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


def _body_blocks(body: etree._Element) -> tuple[list[Block], Dropped]:
    """Paragraphs, list items, quotes and table rows as paragraphs; <head> elements as headings.

    A list item with a heading in it is a teaser card (headline and summary), set aside.
    """
    blocks: list[Block] = []
    teasers: Dropped = []
    for position, element in enumerate(body.iter(*_BLOCK_TAGS)):
        if element.tag in ("quote", "item", "row") and element.find(".//p") is not None:
            continue  # its paragraphs come one by one
        if any(_is_data_row(parent) or _is_card(parent) for parent in element.iterancestors("row", "item")):
            continue  # read with its row, or set aside with its card
        text = _row_text(element) if element.tag == "row" else _clean(" ".join(element.itertext()))
        if text and element.tag == "item" and _is_card(element):
            teasers.append((position, DroppedLine(text, "related-article teaser")))
        elif text:
            blocks.append(Block(position, text, element.tag == "head"))
    return blocks, teasers


def _is_card(item: etree._Element) -> bool:
    return item.tag == "item" and item.find(".//head") is not None


def _summarises(standfirst: str, blocks: list[Block]) -> bool:
    """True when the story tells of what the standfirst says: not a summary of another story on the page."""
    words = set(content_words(standfirst))
    story = set(content_words(" ".join(block.text for block in blocks)))
    if len(story) < MIN_STORY_WORDS_TO_CHECK:
        return True
    return bool(words) and len(words & story) >= MIN_STANDFIRST_SHARED * len(words)


def _is_data_row(row: etree._Element) -> bool:
    """A table row of data, not a layout table's row holding paragraphs."""
    return row.find(".//p") is None


def _row_text(row: etree._Element) -> str:
    cells = (_clean(" ".join(cell.itertext())) for cell in row)
    return _CELL_SEPARATOR.join(cell for cell in cells if cell)


def _clean(text: str) -> str:
    return " ".join(tidy_text(text).split())


def _desk(authors: tuple[str, ...]) -> str | None:
    return next((desk_publisher(a) for a in authors if desk_publisher(a)), None)


def _published(date: str | None) -> str | None:
    if not date:
        return None
    return date.removesuffix("T00:00")


def _language(html: str) -> str | None:
    match = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)", html[:4096], re.IGNORECASE)
    return match.group(1) if match else None

