"""The episodes in OUTDIR -> a listing; one taken away, with the index, feed and pages following."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tts_articles.errors import FeedError
from tts_articles.podcast.channel import ChannelConfig
from tts_articles.podcast.episodes import find_episode, read_episodes, remove_episode, write_index
from tts_articles.podcast.feed import FEED_FILE_NAME, write_feed
from tts_articles.podcast.feed_check import read_feed_document

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedOptions:
    """How to rewrite the feed after a change: where OUTDIR is served (None: as the feed says) and what it lists."""

    base_url: str | None = None
    keep: int | None = None
    max_age_days: float | None = None


@dataclass(frozen=True)
class Removal:
    """What removing an episode did."""

    title: str
    guid: str
    files: tuple[Path, ...]
    feed: Path | None
    """The feed rewritten without the episode; None when OUTDIR has no feed."""


def list_episodes(outdir: Path) -> list[dict[str, Any]]:
    """Every episode's metadata with its file stem, newest first, JSON-ready.

    Raises:
        FeedError: OUTDIR is missing or a metadata file is unreadable.
    """
    records = sorted(read_episodes(outdir), key=lambda r: (r.published_at, r.guid), reverse=True)
    return [{"stem": Path(record.audio_file).stem, **record.to_dict()} for record in records]


def remove_and_republish(outdir: Path, which: str, channel: ChannelConfig, feed: FeedOptions = FeedOptions()) -> Removal:
    """Remove the episode whose guid or stem is `which`; rewrite the index, and the feed and pages if there is a feed.

    The feed keeps the address it was written with unless `feed.base_url` gives another.

    Raises:
        FeedError: no such episode, or the feed cannot be rewritten.
    """
    record = find_episode(outdir, which)
    removed = remove_episode(outdir, record)
    write_index(outdir)
    feed_path = None
    if (outdir / FEED_FILE_NAME).is_file():
        base_url = feed.base_url or feed_base_url(outdir)
        feed_path = write_feed(outdir, base_url, channel, keep=feed.keep, max_age_days=feed.max_age_days)
    logger.info("removed %s (%s)", record.title, record.guid)
    return Removal(record.title, record.guid, tuple(removed), feed_path)


def feed_base_url(outdir: Path) -> str:
    """The address OUTDIR was published at, from the feed's own link (atom:link rel="self").

    Raises:
        FeedError: the feed is unreadable or does not say where it is served.
    """
    base_url = read_feed_document(outdir).base_url
    if base_url is None:
        raise FeedError(f"{outdir / FEED_FILE_NAME} does not say where it is served; give --base-url to rewrite it")
    return base_url
