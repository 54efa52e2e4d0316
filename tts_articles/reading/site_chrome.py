"""Articles from one site -> the same articles without the lines that recur across them."""

from __future__ import annotations

import dataclasses
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence

from tts_articles.types import Article, DroppedLine, Section

logger = logging.getLogger(__name__)

DEFAULT_MIN_SHARE = 0.5
"""A line on at least half of a site's pages is chrome (a slogan, a standard appeal)."""
MIN_ARTICLES = 2


def drop_recurring_lines(articles: Sequence[Article], min_share: float = DEFAULT_MIN_SHARE) -> tuple[Article, ...]:
    """Drop paragraphs and headings that appear in several articles from the same site.

    Args:
        articles: articles from one site, as the batch command groups them.
        min_share: the share of articles (at least two) a line must appear in.
    Returns:
        The articles in the same order; an article whose every paragraph recurs is
        returned unchanged (better a repeated story than none).
    """
    if len(articles) < MIN_ARTICLES:
        return tuple(articles)
    needed = max(MIN_ARTICLES, math.ceil(min_share * len(articles)))
    counts = Counter(key for article in articles for key in {_key(text) for text in _texts(article)})
    recurring = {key for key, count in counts.items() if count >= needed}
    return tuple(_without(article, recurring, len(articles)) for article in articles)


def _texts(article: Article) -> list[str]:
    return [text for section in article.sections for text in (section.heading or "", *section.paragraphs) if text]


def _without(article: Article, recurring: set[str], total: int) -> Article:
    reason = f"repeats across this site's pages (batch of {total})"
    dropped: list[DroppedLine] = []
    sections = []
    for section in article.sections:
        paragraphs = tuple(p for p in section.paragraphs if _key(p) not in recurring)
        dropped.extend(DroppedLine(p, reason) for p in section.paragraphs if _key(p) in recurring)
        heading = section.heading if section.heading and _key(section.heading) not in recurring else None
        if section.heading and heading is None:
            dropped.append(DroppedLine(section.heading, reason))
        if paragraphs:
            sections.append(Section(heading, paragraphs))
    if not sections:
        logger.warning("every paragraph of %r recurs on other pages; keeping it whole", article.title)
        return article
    return dataclasses.replace(article, sections=tuple(sections), dropped=article.dropped + tuple(dropped))


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
