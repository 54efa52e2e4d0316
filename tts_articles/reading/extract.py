"""Source -> Article: the headline, byline, date and body of the story, nothing else."""

from __future__ import annotations

import dataclasses
import json
import logging
import re

from markdown_it import MarkdownIt

from tts_articles.errors import ExtractionError, SourceError
from tts_articles.reading import decode
from tts_articles.reading.page_text import extract_from_page_text
from tts_articles.reading.story_blocks import Block, drop_furniture, refine_story, split_bylines, to_sections
from tts_articles.types import Article, Section, Source, split_authors

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
    kept, dropped = drop_furniture(blocks)
    kept, byline_dropped, authors, published = split_bylines(kept)
    authors = article.authors or authors
    story = refine_story(kept, article.title, authors)
    if not story.blocks:
        raise ExtractionError(
            f"{origin}: every paragraph looked like page furniture ({_count(len(blocks), 'paragraph')} dropped); "
            "use --raw to read the whole text"
        )
    all_dropped = sorted([*dropped, *byline_dropped, *story.dropped], key=lambda item: item[0])
    return dataclasses.replace(
        article,
        sections=to_sections(story.blocks),
        authors=authors,
        published=article.published or published,
        dropped=tuple(line for _, line in all_dropped),
    )


def _flatten(sections: tuple[Section, ...]):
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
        return split_authors(value)
    return tuple(str(name).strip() for name in value if str(name).strip())


def _join_lines(block: str) -> str:
    return " ".join(block.split())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
