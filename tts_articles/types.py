"""The plain data passed between the stages: Source -> Article -> Script -> Segments -> Clips -> Timeline.

Every type is a frozen dataclass (or an enum) with tuples for collections, so a stage can
neither change what it was given nor keep a handle on another stage's internals.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = [
    "Source", "Section", "DroppedLine", "Article", "Paragraph", "Chapter", "Script", "Pause", "Segment",
    "Clip", "Cue", "ChapterMark", "Timeline", "split_authors",
]


@dataclass(frozen=True)
class Source:
    """The raw bytes of one input and what kind of document they hold."""

    origin: str
    """The path, URL or "-" the bytes came from."""
    data: bytes
    media_type: str
    """One of text/plain, text/markdown, application/json, text/html."""
    url: str | None = None
    """The page's address when it came from the web (after redirects)."""
    charset: str | None = None
    """The character set a web server declared for the bytes, if any."""


@dataclass(frozen=True)
class Section:
    """A run of paragraphs under one heading (None for the text before any heading)."""

    heading: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class DroppedLine:
    """A line of the input that will not be read aloud, and why."""

    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    """The story a narrator reads: headline, byline, date and body."""

    title: str
    sections: tuple[Section, ...]
    authors: tuple[str, ...] = ()
    published: str | None = None
    """ISO 8601 date or date and time ("2024-11-06" or "2024-11-06T19:34"); None if unknown."""
    publisher: str | None = None
    url: str | None = None
    language: str = "en"
    """BCP 47 language code of the text."""
    dropped: tuple[DroppedLine, ...] = field(default=(), compare=False)
    """Page furniture left out of the story, kept for review."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Every body paragraph in reading order."""
        return tuple(p for section in self.sections for p in section.paragraphs)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(s.heading for s in self.sections if s.heading)


def split_authors(names: str) -> tuple[str, ...]:
    """The names in one string of several authors joined by ";" (as trafilatura and manifests write them)."""
    return tuple(name.strip() for name in names.split(";") if name.strip())


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of display text; a heading is read on its own, then a longer pause."""

    text: str
    is_heading: bool = False


@dataclass(frozen=True)
class Chapter:
    title: str
    paragraphs: tuple[Paragraph, ...]
    url: str | None = None


@dataclass(frozen=True)
class Script:
    """Everything that will be read, in order, grouped into chapters."""

    title: str
    chapters: tuple[Chapter, ...]
    language: str = "en"
    marked: bool = True
    """False when the episode gets no chapter markers (``--chapters none``)."""
    has_intro: bool = True
    """The first chapter is the spoken intro (headline, byline, date)."""


class Pause(enum.Enum):
    """The silence that follows a segment, from shortest to longest."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    SECTION = "section"
    """After the intro, after a heading, and before the next heading."""
    STORY = "story"
    """Between the stories of a digest, where a transition sound may play."""
    END = "end"


@dataclass(frozen=True)
class Segment:
    """One chunk of text, synthesised in one call and shown as one transcript cue."""

    index: int
    chapter: int
    """Index of the script chapter it belongs to."""
    paragraph: int
    """Index of its paragraph, counted across the whole script."""
    written: str
    """The display text: what the transcript shows."""
    spoken: str
    """The text Piper is given; the normaliser rewrites it."""
    pause_after: Pause


@dataclass(frozen=True)
class Clip:
    """The audio of one segment: mono signed 16-bit little-endian PCM."""

    segment: Segment
    pcm: bytes
    sample_rate: int

    @property
    def num_samples(self) -> int:
        return len(self.pcm) // 2


@dataclass(frozen=True)
class Cue:
    """One segment's display text and where its audio lies, in samples."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ChapterMark:
    """A chapter of the finished audio, in samples; contiguous with its neighbours."""

    title: str
    start: int
    end: int
    url: str | None = None


@dataclass(frozen=True)
class Timeline:
    """Where everything lies in the joined programme; times are sample counts."""

    sample_rate: int
    num_samples: int
    cues: tuple[Cue, ...]
    chapters: tuple[ChapterMark, ...]

    def seconds(self, samples: int) -> float:
        return samples / self.sample_rate
