"""tts-articles: turn news articles into podcast-ready narrated MP3s with local Piper voices.

The Python API::

    from tts_articles import Settings, narrate, read_article
    article = read_article("story.html")            # an Article: title, byline, paragraphs
    narration = narrate("story.html", Settings())   # story.mp3 with chapters, .vtt and .chapters.json

    from tts_articles import BatchOptions, find_stories, run_batch
    report = run_batch(find_stories(["today/"]), Settings(), BatchOptions(Path("podcast")))

The narration and batch functions are imported on first use, so that importing the package
(and starting the command line) stays quick.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from tts_articles.errors import TtsArticlesError
from tts_articles.types import (
    Article,
    Chapter,
    ChapterMark,
    Clip,
    Cue,
    DroppedLine,
    Paragraph,
    Pause,
    Script,
    Section,
    Segment,
    Source,
    Timeline,
)

if TYPE_CHECKING:
    from tts_articles.config import Settings, load_settings
    from tts_articles.pipeline import Narration, Overrides, narrate, read_article
    from tts_articles.podcast.batch import BatchOptions, BatchReport, run_batch
    from tts_articles.podcast.manifest import StoryInput, find_stories
    from tts_articles.podcast.report import StoryResult

try:
    __version__ = version("tts-articles")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

_LAZY = {
    "Settings": "tts_articles.config",
    "load_settings": "tts_articles.config",
    "narrate": "tts_articles.pipeline",
    "read_article": "tts_articles.pipeline",
    "Narration": "tts_articles.pipeline",
    "Overrides": "tts_articles.pipeline",
    "run_batch": "tts_articles.podcast.batch",
    "BatchOptions": "tts_articles.podcast.batch",
    "BatchReport": "tts_articles.podcast.batch",
    "StoryResult": "tts_articles.podcast.report",
    "find_stories": "tts_articles.podcast.manifest",
    "StoryInput": "tts_articles.podcast.manifest",
}
"""Public names and the modules they are imported from on first use."""

__all__ = [
    "__version__",
    # one article
    "narrate", "read_article", "Narration", "Overrides", "Settings", "load_settings",
    # many articles
    "run_batch", "BatchOptions", "BatchReport", "StoryResult", "find_stories", "StoryInput",
    # the data passed between the stages
    "Source", "Article", "Section", "DroppedLine", "Script", "Chapter", "Paragraph", "Segment", "Pause",
    "Clip", "Timeline", "Cue", "ChapterMark",
    "TtsArticlesError",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
