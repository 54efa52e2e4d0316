"""Script -> text or data an editor reads before publishing: what will be said, and what was left out."""

from __future__ import annotations

from typing import Any

from tts_articles.reading.load import article_to_dict
from tts_articles.types import Article, Script, Segment


def script_as_dict(article: Article, script: Script, segments: tuple[Segment, ...]) -> dict[str, Any]:
    """The article's fields plus the chapters with each sentence as written and as spoken."""
    chapters = []
    for index, chapter in enumerate(script.chapters):
        sentences = [{"written": s.written, "spoken": s.spoken} for s in segments if s.chapter == index]
        chapters.append({"title": chapter.title, "sentences": sentences})
    return {**article_to_dict(article), "chapters": chapters}


def script_as_text(article: Article, script: Script, segments: tuple[Segment, ...],
                   show_dropped: bool = False, spoken: bool = False) -> str:
    """A readable layout: headline, byline, date, then each chapter's paragraphs.

    Args:
        show_dropped: also list every line left out, with the reason.
        spoken: show, under each sentence the normaliser changed, what the voice will say.
    """
    lines = [f"Headline:  {article.title}"]
    if article.title_source:
        confidence = "" if article.title_confidence is None else f", confidence {article.title_confidence:.2f}"
        lines.append(f"           (from the {article.title_source}{confidence})")
    if article.authors:
        lines.append(f"By:        {', '.join(article.authors)}")
    if article.published:
        lines.append(f"Published: {article.published}")
    if article.publisher:
        lines.append(f"Publisher: {article.publisher}")
    if article.url:
        lines.append(f"Source:    {article.url}")
    for index, chapter in enumerate(script.chapters):
        lines += ["", f"## {index + 1}. {chapter.title}" if script.marked else "##"]
        lines += _paragraph_lines([s for s in segments if s.chapter == index], spoken)
    if show_dropped:
        lines += ["", f"Dropped ({len(article.dropped)} lines):"]
        lines += [f"  - [{line.reason}] {line.text}" for line in article.dropped]
    return "\n".join(lines)


def _paragraph_lines(segments: list[Segment], spoken: bool) -> list[str]:
    lines: list[str] = []
    paragraph = None
    for segment in segments:
        if segment.paragraph != paragraph:
            lines.append("")
            paragraph = segment.paragraph
        lines.append(segment.written)
        if spoken and segment.spoken != segment.written:
            lines.append(f"    → {segment.spoken}")
    return lines
