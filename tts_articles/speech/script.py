"""Article -> Script: what the narrator reads, in chapters, with an intro and an outro."""

from __future__ import annotations

import logging
import re
from datetime import datetime

from tts_articles.types import Article, Chapter, Paragraph, Script, Section

logger = logging.getLogger(__name__)

INTRO_TITLE = "Introduction"
MIN_CHAPTER_S = 20.0
"""Auto chapters group paragraphs until they last about this long, so a listener can skip by topic without a list of one-paragraph chapters."""
MAX_CHAPTER_TITLE_CHARS = 60
MAX_CHAPTERS = 255
"""A CTOC frame holds at most 255 children (ID3v2 Chapter Frame Addendum)."""
WORDS_PER_S = 2.7
"""Measured speaking rate of en_US-joe-medium at length_scale 1.0 (about 160 words a minute)."""


def build_script(
    article: Article,
    chapter_mode: str = "auto",
    outro: str = "",
    intro: bool = True,
    length_scale: float = 1.0,
) -> Script:
    """Lay out the intro, the body in chapters and the outro for `article`.

    Args:
        chapter_mode: auto (sections if the article has headings, else paragraphs
            grouped into chapters of at least ~20 s), section, paragraph, or none.
        outro: a closing sentence, appended to the last chapter; "" for none.
        length_scale: the speech tempo, used to estimate paragraph durations.
    """
    if chapter_mode == "paragraph":
        body = _paragraph_chapters(article.sections)
    elif chapter_mode == "section" or (chapter_mode in ("auto", "none") and article.headings):
        body = _section_chapters(article.sections)
    else:
        body = _timed_chapters(article.sections, WORDS_PER_S / length_scale)
    if len(body) + intro > MAX_CHAPTERS:
        logger.warning("%d chapters is more than a podcast app can list; grouping paragraphs", len(body))
        body = _timed_chapters(article.sections, WORDS_PER_S / length_scale)
    chapters = ([Chapter(INTRO_TITLE, intro_paragraphs(article), article.url)] if intro else []) + body
    if outro:
        last = chapters[-1]
        chapters[-1] = Chapter(last.title, last.paragraphs + (Paragraph(outro),), last.url)
    return Script(
        article.title, tuple(chapters), article.language, marked=chapter_mode != "none", has_intro=intro
    )


def intro_paragraphs(article: Article) -> tuple[Paragraph, ...]:
    """The headline, the byline and the date, each read as its own paragraph."""
    lines = [article.title]
    if article.authors:
        lines.append(f"By {join_names(article.authors)}.")
    published = _display_date(article.published)
    if article.publisher and published:
        lines.append(f"Published by {article.publisher} on {published}.")
    elif article.publisher:
        lines.append(f"Published by {article.publisher}.")
    elif published:
        lines.append(f"Published on {published}.")
    return tuple(Paragraph(line) for line in lines if line)


def join_names(names: tuple[str, ...]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def chapter_title(text: str) -> str:
    """The first words of `text`, cut at a word boundary to fit a chapter list."""
    text = " ".join(text.split())
    if len(text) <= MAX_CHAPTER_TITLE_CHARS:
        return text
    cut = text[: MAX_CHAPTER_TITLE_CHARS - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:—–-") + "…"


def _display_date(published: str | None) -> str | None:
    """'2024-11-06T19:34' -> 'November 6, 2024'; the normaliser makes it spoken."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        logger.warning("unrecognised publication date %r; leaving it out of the intro", published)
        return None
    return f"{moment:%B} {moment.day}, {moment.year}"


def _section_chapters(sections: tuple[Section, ...]) -> list[Chapter]:
    chapters = []
    for section in sections:
        paragraphs = tuple(Paragraph(p) for p in section.paragraphs)
        if section.heading:
            chapters.append(Chapter(chapter_title(section.heading), (Paragraph(section.heading, True),) + paragraphs))
        elif paragraphs:
            chapters.append(Chapter(chapter_title(paragraphs[0].text), paragraphs))
    return chapters


def _paragraph_chapters(sections: tuple[Section, ...]) -> list[Chapter]:
    chapters = []
    for section in sections:
        heading = (Paragraph(section.heading, True),) if section.heading else ()
        for position, text in enumerate(section.paragraphs):
            lead = heading if position == 0 else ()
            title = section.heading if lead and section.heading else text
            chapters.append(Chapter(chapter_title(title), lead + (Paragraph(text),)))
    return chapters


def _timed_chapters(sections: tuple[Section, ...], words_per_s: float) -> list[Chapter]:
    """Group consecutive paragraphs into chapters of at least MIN_CHAPTER_S each."""
    groups: list[list[Paragraph]] = []
    current: list[Paragraph] = []
    current_s = 0.0
    for paragraph in (p for chapter in _section_chapters(sections) for p in chapter.paragraphs):
        if paragraph.is_heading and current:
            groups.append(current)
            current, current_s = [], 0.0
        current.append(paragraph)
        current_s += len(re.findall(r"\w+", paragraph.text)) / words_per_s
        if current_s >= MIN_CHAPTER_S and not paragraph.is_heading:
            groups.append(current)
            current, current_s = [], 0.0
    if current:
        if groups and current_s < MIN_CHAPTER_S and not current[0].is_heading:
            groups[-1].extend(current)
        else:
            groups.append(current)
    return [Chapter(chapter_title(group[0].text), tuple(group)) for group in groups]
