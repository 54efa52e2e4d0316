"""Source -> Article: the headline, byline, date and body of the story, nothing else."""

from __future__ import annotations

import json
import logging
import re

from markdown_it import MarkdownIt

from .article import Article, Section, Source
from .errors import ExtractionError, SourceError

logger = logging.getLogger(__name__)

_BLANK_LINES = re.compile(r"\n\s*\n")


def extract_article(source: Source) -> Article:
    """Turn a Source into an Article.

    Raises:
        SourceError: the bytes are not text in a known encoding, or the JSON is invalid.
        ExtractionError: there is no title or no body to read.
    """
    text = decode_text(source)
    if source.media_type == "application/json":
        article = _from_json(text, source.origin)
    elif source.media_type == "text/markdown":
        article = _from_markdown(text)
    else:
        article = _from_plain_text(text)
    if source.url and not article.url:
        article = Article(**{**article.__dict__, "url": source.url})
    if not article.paragraphs:
        raise ExtractionError(f"{source.origin} holds no article text to narrate")
    return article


def decode_text(source: Source) -> str:
    """Decode the source's bytes as UTF-8 (with or without a byte-order mark)."""
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(f"{source.origin} is not UTF-8 text; convert it to UTF-8") from err
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _from_plain_text(text: str) -> Article:
    """Title on the first line, paragraphs separated by blank lines."""
    title, _, body = text.strip().partition("\n")
    paragraphs = (_join_lines(block) for block in _BLANK_LINES.split(body.strip()))
    return Article(
        title=_join_lines(title), sections=(Section(None, tuple(p for p in paragraphs if p)),)
    )


def _from_markdown(text: str) -> Article:
    """The first level-1 heading is the title; other headings start sections."""
    title = ""
    sections: list[Section] = []
    heading: str | None = None
    paragraphs: list[str] = []
    tokens = MarkdownIt().parse(text)
    for position, token in enumerate(tokens):
        if token.type != "inline":
            continue
        opener = tokens[position - 1]
        content = _inline_text(token)
        if not content:
            continue
        if opener.type == "heading_open":
            if opener.tag == "h1" and not title:
                title = content
                continue
            if paragraphs or heading:
                sections.append(Section(heading, tuple(paragraphs)))
            heading, paragraphs = content, []
        else:
            paragraphs.append(content)
    if paragraphs or heading:
        sections.append(Section(heading, tuple(paragraphs)))
    return Article(title=title, sections=tuple(s for s in sections if s.paragraphs))


def _inline_text(token) -> str:
    """The plain words of a markdown inline token: no emphasis marks, links as their text."""
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return _join_lines("".join(parts))


def _from_json(text: str, origin: str) -> Article:
    """Read the fields trafilatura and similar extractors write."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        raise SourceError(f"{origin} is not valid JSON ({err.msg} at line {err.lineno})") from err
    if not isinstance(record, dict):
        raise SourceError(f"{origin} must hold one JSON object with a title and text")
    paragraphs = record.get("paragraphs")
    if paragraphs is None:
        body = record.get("text") or record.get("raw_text") or ""
        paragraphs = [line for line in re.split(r"\n+", str(body))]
    return Article(
        title=_join_lines(str(record.get("title") or "")),
        sections=(Section(None, tuple(p for p in map(_join_lines, map(str, paragraphs)) if p)),),
        authors=_json_authors(record.get("authors", record.get("author"))),
        published=record.get("date") or record.get("published") or None,
        publisher=record.get("sitename") or record.get("publisher") or None,
        url=record.get("url") or record.get("source") or None,
        language=record.get("language") or record.get("lang") or "en",
    )


def _json_authors(value: object) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        # trafilatura joins several authors with "; ".
        return tuple(name.strip() for name in value.split(";") if name.strip())
    return tuple(str(name).strip() for name in value if str(name).strip())


def _join_lines(block: str) -> str:
    return " ".join(block.split())
