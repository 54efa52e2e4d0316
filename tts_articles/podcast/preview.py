"""Stories -> a review of what a batch would publish: headline (with its source and confidence), byline, size.

`batch --dry-run` reads and extracts every story with its manifest's overrides, and writes
and synthesises nothing, so an editor can catch a wrong headline before it is spoken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from tts_articles.config import Settings
from tts_articles.errors import TtsArticlesError
from tts_articles.pipeline import Overrides, read_article
from tts_articles.podcast.manifest import StoryInput


@dataclass(frozen=True)
class StoryPreview:
    """What one story would be published as, or why it cannot be."""

    origin: str
    title: str | None = None
    title_source: str | None = None
    title_confidence: float | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    num_words: int = 0
    num_dropped: int = 0
    """Lines left out as page furniture."""
    error: str | None = None


def preview_stories(stories: Sequence[StoryInput], settings: Settings) -> list[StoryPreview]:
    """Extract every story with its manifest overrides; a story that fails is reported, not raised."""
    previews = []
    for story in stories:
        try:
            article = read_article(story.origin, settings, Overrides(story.title, story.authors, story.published))
        except TtsArticlesError as err:
            previews.append(StoryPreview(story.origin, error=str(err)))
            continue
        previews.append(StoryPreview(
            story.origin, article.title, article.title_source, article.title_confidence, article.authors,
            article.published, sum(len(paragraph.split()) for paragraph in article.paragraphs), len(article.dropped),
        ))
    return previews


def previews_as_dicts(previews: Sequence[StoryPreview]) -> list[dict[str, Any]]:
    """JSON-ready data, one object per story."""
    return [{**asdict(preview), "authors": list(preview.authors)} for preview in previews]


def previews_as_text(previews: Sequence[StoryPreview]) -> str:
    """One block per story: the headline and where it came from, then byline, date and size."""
    blocks = []
    for preview in previews:
        if preview.error:
            blocks.append(f"{preview.origin}\n  FAILED: {preview.error}")
            continue
        confidence = "" if preview.title_confidence is None else f", confidence {preview.title_confidence:.2f}"
        source = f"  (from the {preview.title_source}{confidence})" if preview.title_source else ""
        byline = ", ".join(preview.authors) or "no byline"
        blocks.append(
            f"{preview.origin}\n  Headline: {preview.title}{source}\n  By: {byline}; published: {preview.published or 'unknown'}\n"
            f"  {preview.num_words} words; {preview.num_dropped} lines dropped"
        )
    return "\n\n".join(blocks)
