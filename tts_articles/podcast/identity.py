"""Stories -> permanent episode names: a guid and a file stem that never follow the headline.

A story is known by its manifest guid, else its canonical URL, else where its file lies
(StoryInput.place). An episode already in OUTDIR keeps its guid, file stem and date
whatever its headline becomes, so a corrected story replaces its episode in place.
Episodes that earlier versions named after the headline are found by that name and keep it.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tts_articles.errors import TtsArticlesError
from tts_articles.files import slugify
from tts_articles.podcast.episodes import EPISODES_FOLDER, EpisodeRecord, write_episode_record
from tts_articles.podcast.manifest import StoryInput
from tts_articles.types import Article


class DuplicateStory(TtsArticlesError):
    """Two inputs of one batch are the same story (same guid or canonical URL)."""


@dataclass(frozen=True)
class EpisodeName:
    """What an episode is called, for good."""

    guid: str
    stem: str
    """File stem in OUTDIR/episodes: <date>-<headline slug> when first made, then never changed."""
    published: str
    """ISO 8601 with a UTC offset; kept from the first run."""
    story_id: str
    """The story's own identity, recorded so that later runs find the episode again."""


def story_id(story: StoryInput, article: Article) -> str:
    """The manifest's guid, else the canonical URL, else the input's place; never the headline."""
    if not identity_is_place(story, article):
        return story.guid or article.url or ""
    return f"urn:tts-articles:file:{story.place}" if story.place else story.origin


def identity_is_place(story: StoryInput, article: Article) -> bool:
    """True when only where the input lies names the story (earlier versions used its headline)."""
    return not (story.guid or article.url)


class EpisodeNamer:
    """Names the stories of one batch, reusing the names of the episodes already in OUTDIR."""

    def __init__(self, outdir: Path, records: Sequence[EpisodeRecord]) -> None:
        self._outdir = outdir
        self._by_story = {record.story_id: record for record in records if record.story_id}
        self._by_guid = {record.guid: record for record in records}
        self._taken = {Path(record.audio_file).stem for record in records}
        self._named: dict[str, str] = {}
        """guid -> the origin of the story that took it in this batch."""

    def name(self, story: StoryInput, article: Article) -> EpisodeName:
        """Name `story`: as its episode in OUTDIR if there is one, else afresh with a stem no other has.

        Raises:
            DuplicateStory: an earlier input of this batch is the same story.
        """
        identity = story_id(story, article)
        record = self._existing(identity, _title_guid(article) if identity_is_place(story, article) else None)
        guid = record.guid if record else identity
        if guid in self._named:
            raise DuplicateStory(f"same story as {self._named[guid]} (guid {guid}); converted once")
        self._named[guid] = story.origin
        if record is None:
            published = _published(article)
            stem = _unique_stem(f"{published[:10]}-{slugify(article.title)}", self._taken)
            self._taken.add(stem)
            return EpisodeName(guid, stem, published, identity)
        if record.story_id is None:
            self._remember(record, identity)
        return EpisodeName(guid, Path(record.audio_file).stem, record.published, identity)

    def _existing(self, identity: str, title_guid: str | None) -> EpisodeRecord | None:
        found = self._by_story.get(identity) or self._by_guid.get(identity)
        if found is None and title_guid:
            found = self._by_guid.get(title_guid)
        return found if found is None or found.story_id in (None, identity) else None

    def _remember(self, record: EpisodeRecord, identity: str) -> None:
        """Record the story's identity in an episode named by an earlier version, once."""
        path = self._outdir / EPISODES_FOLDER / Path(record.audio_file).with_suffix(".json").name
        write_episode_record(path, dataclasses.replace(record, story_id=identity))


def _title_guid(article: Article) -> str:
    """The guid earlier versions gave a file input: from its headline and date."""
    return f"urn:tts-articles:{slugify(article.title)}:{(article.published or '')[:10]}"


def _published(article: Article) -> str:
    """The publication time with a UTC offset; a time without a zone is taken as UTC."""
    moment = datetime.now(UTC).replace(microsecond=0)
    if article.published:
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(article.published)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _unique_stem(stem: str, taken: set[str]) -> str:
    candidate, number = stem, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}", number + 1
    return candidate
