"""Source -> Article: the headline, byline, date and body of the story, nothing else."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tts_articles.errors import ExtractionError, SourceError
from tts_articles.reading import decode
from tts_articles.reading.byline import split_authors
from tts_articles.reading.page_text import extract_from_page_text
from tts_articles.reading.story_blocks import Block, clean_story, to_sections
from tts_articles.sanitise import public_url
from tts_articles.types import Article, Section, Source

logger = logging.getLogger(__name__)

_BLANK_LINES = re.compile(r"\n\s*\n")


def extract_article(source: Source, raw: bool = False) -> Article:
    """Turn a Source into an Article: the story only, with furniture kept aside in `dropped`.

    Args:
        raw: no cleaning; read everything (plain text: title on the first line,
            paragraphs split at blank lines; HTML: every visible block).
    Raises:
        SourceError: the bytes are binary, not text in a known encoding, or invalid JSON.
        ExtractionError: there is no title or no body to read, or all of it is furniture.
    """
    text = decode_text(source)
    if not text.strip():
        raise ExtractionError(f"{source.origin} is empty; give a file with an article in it")
    if source.media_type == "text/html":
        # trafilatura and its dependencies take ~0.25 s to import: only HTML pays for them.
        from tts_articles.reading.html_page import extract_all_html_text, extract_from_html

        extract = extract_all_html_text if raw else extract_from_html
        article = extract(text, source.origin, source.url)
    elif source.media_type in ("application/json", "text/markdown"):
        reader = _from_json if source.media_type == "application/json" else _from_markdown
        article = reader(text, source.origin)
        article = article if raw else _clean(article, source.origin)
    else:
        article = _from_plain_text(text) if raw else extract_from_page_text(text, source.origin)
    if source.url and not article.url:
        article = dataclasses.replace(article, url=source.url)
    if article.url and not public_url(article.url):
        logger.warning("%s: not publishing its link %r: only http(s) and mailto links are", source.origin, article.url[:80])
        article = dataclasses.replace(article, url=None)
    if not article.paragraphs:
        raise ExtractionError(f"{source.origin} holds no article text to narrate")
    return article


def decode_text(source: Source) -> str:
    """Decode the source's bytes (BOM, declared charset or a guess), repaired and NFC-normalised."""
    return decode.decode_text(source.data, source.origin, source.media_type, source.charset)


def _clean(article: Article, origin: str) -> Article:
    """Apply the furniture and story rules to an article another tool already extracted."""
    blocks = [
        Block(position, text, is_heading)
        for position, (text, is_heading) in enumerate(_flatten(article.sections))
    ]
    story = clean_story(blocks, article.title, article.authors, origin)
    return dataclasses.replace(
        article,
        sections=to_sections(story.blocks),
        authors=story.authors,
        published=article.published or story.published,
        dropped=story.dropped,
    )


def _flatten(sections: tuple[Section, ...]) -> Iterator[tuple[str, bool]]:
    for section in sections:
        if section.heading:
            yield section.heading, True
        for paragraph in section.paragraphs:
            yield paragraph, False


def _from_plain_text(text: str) -> Article:
    """Title on the first line, paragraphs separated by blank lines."""
    title, _, body = text.strip().partition("\n")
    paragraphs = (_join_lines(block) for block in _BLANK_LINES.split(body.strip()))
    return Article(
        title=_join_lines(title), sections=(Section(None, tuple(p for p in paragraphs if p)),)
    )


def _from_markdown(text: str, origin: str) -> Article:
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
    return Article(title=title, sections=tuple(section for section in sections if section.paragraphs))


def _inline_text(token: Token) -> str:
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
    except (json.JSONDecodeError, RecursionError) as err:
        where = f" ({err.msg} at line {err.lineno})" if isinstance(err, json.JSONDecodeError) else " (nested too deeply)"
        raise SourceError(f"{origin} is not valid JSON{where}") from err
    if not isinstance(record, dict):
        raise SourceError(f"{origin} must hold one JSON object with a title and text")
    fields = _JsonFields(record, origin)
    paragraphs = fields.texts("paragraphs")
    if paragraphs is None:
        paragraphs = tuple(re.split(r"\n+", fields.text("text", "raw_text") or ""))
    return Article(
        title=_join_lines(fields.text("title") or ""),
        sections=(Section(None, tuple(p for p in map(_join_lines, paragraphs) if p)),),
        authors=_json_authors(fields),
        published=fields.text("date", "published"),
        publisher=fields.text("sitename", "publisher"),
        url=fields.text("url", "source"),
        language=fields.text("language", "lang") or "en",
    )


class _JsonFields:
    """Typed reads of a JSON article's fields: a field of the wrong type is one clear error."""

    def __init__(self, record: dict[str, object], origin: str) -> None:
        self._record = record
        self._origin = origin

    def text(self, *names: str) -> str | None:
        """The first of `names` that is set, as text; None when none is."""
        for name in names:
            value = self._record.get(name)
            if value is None or value == "":
                continue
            if not isinstance(value, str):
                raise self._wrong_type(name, "text")
            return value
        return None

    def texts(self, name: str) -> tuple[str, ...] | None:
        """A list of text field, or one text; None when it is not set."""
        value = self._record.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self._wrong_type(name, "a list of text")
        return tuple(value)

    def _wrong_type(self, name: str, expected: str) -> SourceError:
        return SourceError(f"{self._origin}: the JSON field {name!r} must be {expected}; fix it or leave it out")


def _json_authors(fields: _JsonFields) -> tuple[str, ...]:
    names = fields.texts("authors") or fields.texts("author") or ()
    return tuple(name for joined in names for name in split_authors(joined))


def _join_lines(block: str) -> str:
    return " ".join(block.split())

