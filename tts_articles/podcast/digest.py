"""A day's stories -> one digest episode: an intro naming the show, then one chapter per story."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from datetime import datetime

from tts_articles.speech.script import intro_paragraphs
from tts_articles.types import Article, Chapter, Paragraph, Pause, Script, Section, Segment

DIGEST_INTRO_TITLE = "Introduction"


def digest_article(show: str, stories: Sequence[Article], published: str) -> Article:
    """The digest's own metadata: title, publisher, and a one-paragraph summary for the tags."""
    summary = f"{len(stories)} {_stories(len(stories))}: " + "; ".join(story.title for story in stories) + "."
    return Article(title=digest_title(published, len(stories)), sections=(Section(None, (summary,)),), publisher=show,
                   published=published)


def digest_script(show: str, stories: Sequence[Article], published: str, outro: str = "") -> Script:
    """The intro names the show, the day and how many stories; each story is a chapter with its link."""
    intro = Paragraph(f"This is {show} for {_spoken_day(published)}, with {len(stories)} {_stories(len(stories))}.")
    chapters = [Chapter(DIGEST_INTRO_TITLE, (intro,))]
    for number, story in enumerate(stories, start=1):
        title = story.title or f"Story {number}"  # a story with no headline found still needs a chapter name
        heading, *byline = intro_paragraphs(dataclasses.replace(story, title=title))
        chapters.append(Chapter(
            title,
            (Paragraph(heading.text, is_heading=True), *byline, *(Paragraph(p) for p in story.paragraphs)),
            story.url,
        ))
    if outro:
        last = chapters[-1]
        chapters[-1] = dataclasses.replace(last, paragraphs=last.paragraphs + (Paragraph(outro),))
    return Script(digest_title(published, len(stories)), tuple(chapters), stories[0].language if stories else "en")


def digest_title(published: str, count: int) -> str:
    """The day and the number of stories, e.g. "Tuesday, 6 November 2024: 5 stories".

    Apple asks that episode titles do not repeat the show's name, which apps show beside them.
    """
    moment = datetime.fromisoformat(published)
    return f"{moment:%A}, {moment.day} {moment:%B} {moment.year}: {count} {_stories(count)}"


def between_stories(segments: Sequence[Segment]) -> tuple[Segment, ...]:
    """Give the last segment of every story but the final one the long pause between stories."""
    marked = list(segments)
    for position, segment in enumerate(segments[:-1]):
        if segment.chapter >= 1 and segments[position + 1].chapter != segment.chapter:
            marked[position] = dataclasses.replace(segment, pause_after=Pause.STORY)
    return tuple(marked)


def digest_key(build_keys: Sequence[str], show: str, transition: bytes = b"") -> str:
    """Changes whenever any story in the digest, the show's name or the transition sound changes."""
    parts = [show, hashlib.sha256(transition).hexdigest(), *build_keys]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _spoken_day(published: str) -> str:
    moment = datetime.fromisoformat(published)
    return f"{moment:%A}, {moment:%B} {moment.day}, {moment.year}"


def _stories(count: int) -> str:
    return "story" if count == 1 else "stories"
