"""Episodes -> podcast RSS: the metadata files in OUTDIR/episodes become OUTDIR/feed.xml."""

from __future__ import annotations

import dataclasses
import email.utils
import logging
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from lxml import etree

from tts_articles.errors import FeedError
from tts_articles.files import atomic_path
from tts_articles.podcast.channel import MAX_DESCRIPTION_BYTES, ChannelConfig
from tts_articles.podcast.episodes import EPISODES_FOLDER, EpisodeRecord, read_episodes

__all__ = ["FEED_FILE_NAME", "podcast_guid", "write_feed"]

logger = logging.getLogger(__name__)

FEED_FILE_NAME = "feed.xml"

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
_NAMESPACES = {"itunes": ITUNES_NS, "content": CONTENT_NS, "podcast": PODCAST_NS, "atom": ATOM_NS}

PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
"""Podcasting 2.0 <podcast:guid> is uuid5 in this namespace of the feed URL (podcast:guid spec)."""

_TRANSCRIPT_TYPES = {
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".json": "application/json",
    ".html": "text/html",
    ".txt": "text/plain",
}
_CAPTION_SUFFIXES = frozenset({".vtt", ".srt"})
"""Transcripts with cue times; the spec marks them rel="captions" so apps can show them in sync."""
_NOT_XML_CHARACTERS = re.compile(r"[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Control characters XML 1.0 cannot hold even escaped; lxml refuses them, so they are dropped."""
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_ELLIPSIS = "\u2026"


def write_feed(
    outdir: Path,
    base_url: str,
    channel: ChannelConfig,
    *,
    keep: int | None = None,
    max_age_days: float | None = None,
    now: datetime | None = None,
) -> Path:
    """Write OUTDIR/feed.xml listing the episodes in OUTDIR/episodes, newest first.

    The feed is rebuilt from every metadata file each time, so episodes from earlier runs
    stay in it. Pruning only leaves episodes out of the feed; their files stay in
    OUTDIR/episodes (delete them yourself, and their .json, to drop them for good).
    An episode whose MP3 is missing is left out with a warning. The same files, arguments
    and `now` give the same bytes; no clock reading is written into the feed.

    Args:
        base_url: the public http(s) URL that serves OUTDIR, e.g. http://192.168.1.5:8000/.
        keep: list only this many of the newest episodes.
        max_age_days: leave out episodes published more than this many days before `now`.
        now: the reference time for `max_age_days`; the current time if None.

    Returns:
        The path of the feed.

    Raises:
        FeedError: a bad base URL or limit, unreadable metadata, a missing cover image.
    """
    base = _normalise_base_url(base_url)
    _check_limits(keep, max_age_days)
    records = [kept for record in read_episodes(outdir) if (kept := _check_files(outdir, record))]
    # The guid breaks ties, so stories published at the same minute keep one order.
    records.sort(key=lambda record: (record.published_at, record.guid), reverse=True)
    records = _prune(records, keep, max_age_days, now)
    rss = _build_rss(channel, base, _channel_image_url(outdir, base, channel), records)
    target = outdir / FEED_FILE_NAME
    with atomic_path(target) as temporary:
        temporary.write_bytes(
            etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        )
    logger.info("wrote %s with %d episodes", target, len(records))
    return target


def podcast_guid(feed_url: str) -> str:
    """Return the Podcasting 2.0 channel GUID: uuid5 of the URL without scheme and trailing slashes."""
    bare = _URL_SCHEME.sub("", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def _check_files(outdir: Path, record: EpisodeRecord) -> EpisodeRecord | None:
    """Return `record` with its real MP3 size and without links to missing sidecars."""
    folder = outdir / EPISODES_FOLDER
    try:
        size = (folder / record.audio_file).stat().st_size
    except FileNotFoundError:
        logger.warning("leaving %r out of the feed: %s is missing", record.title, record.audio_file)
        return None
    if size != record.audio_bytes:
        logger.warning("%s is %d bytes, its metadata says %d; the feed uses %d",
                       record.audio_file, size, record.audio_bytes, size)
    missing: dict[str, Any] = {
        name: None
        for name in ("chapters_file", "transcript_file", "image_file")
        if getattr(record, name) is not None and not (folder / getattr(record, name)).is_file()
    }
    for name in missing:
        logger.warning("%s: %s %s is missing; not linked", record.audio_file, name, getattr(record, name))
    return dataclasses.replace(record, audio_bytes=size, **missing)


def _normalise_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise FeedError(
            f"base URL {base_url!r} must be an http(s) URL where OUTDIR is served, "
            "such as http://192.168.1.5:8000/"
        )
    return base_url.rstrip("/") + "/"


def _check_limits(keep: int | None, max_age_days: float | None) -> None:
    if keep is not None and keep < 1:
        raise FeedError(f"keep must be at least 1 episode, not {keep}")
    if max_age_days is not None and not max_age_days > 0:
        raise FeedError(f"max age must be more than 0 days, not {max_age_days}")


def _prune(
    records: list[EpisodeRecord], keep: int | None, max_age_days: float | None, now: datetime | None
) -> list[EpisodeRecord]:
    """Apply the age limit, then the count limit, to records sorted newest first."""
    if max_age_days is not None:
        reference = now if now is not None else datetime.now(UTC)
        if reference.tzinfo is None:
            reference = reference.replace(tzinfo=UTC)
        cutoff = reference - timedelta(days=max_age_days)
        records = [record for record in records if record.published_at >= cutoff]
    return records if keep is None else records[:keep]


def _channel_image_url(outdir: Path, base: str, channel: ChannelConfig) -> str | None:
    if channel.image is None:
        logger.warning("no podcast image; Apple Podcasts requires 1400-3000 px square cover art")
        return None
    if _URL_SCHEME.match(channel.image):
        return channel.image
    if not (outdir / channel.image).is_file():
        raise FeedError(f"podcast image {channel.image} is not in {outdir}; copy it there or give a URL")
    return base + quote(channel.image)


def _build_rss(
    channel: ChannelConfig, base: str, image_url: str | None, records: Iterable[EpisodeRecord]
) -> etree._Element:
    rss = etree.Element("rss", nsmap=_NAMESPACES, version="2.0")
    channel_element = _add_channel(rss, channel, base, image_url)
    for record in records:
        _add_item(channel_element, record, base + EPISODES_FOLDER + "/")
    return rss


def _add_channel(
    rss: etree._Element, channel: ChannelConfig, base: str, image_url: str | None
) -> etree._Element:
    feed_url = base + FEED_FILE_NAME
    element = _sub(rss, "channel")
    _sub(element, "title", channel.title)
    _sub(element, "link", channel.link or base)
    _sub(element, "description", channel.description)
    _sub(element, "language", channel.language)
    if channel.copyright:
        _sub(element, "copyright", channel.copyright)
    _sub(element, "generator", "tts-articles")
    _sub(element, f"{{{ATOM_NS}}}link", href=feed_url, rel="self", type="application/rss+xml")
    if channel.owner_name or channel.owner_email:
        owner = _sub(element, _itunes("owner"))
        if channel.owner_name:
            _sub(owner, _itunes("name"), channel.owner_name)
        if channel.owner_email:
            _sub(owner, _itunes("email"), channel.owner_email)
    # After the owner: feedparser lets a later itunes:name overwrite the feed's author.
    _sub(element, _itunes("author"), channel.author)
    if image_url:
        _sub(element, _itunes("image"), href=image_url)
    category = _sub(element, _itunes("category"), text=channel.category)
    if channel.subcategory:
        _sub(category, _itunes("category"), text=channel.subcategory)
    _sub(element, _itunes("explicit"), "true" if channel.explicit else "false")
    _sub(element, _itunes("type"), "episodic")
    _sub(element, _podcast("guid"), channel.guid or podcast_guid(feed_url))
    return element


def _add_item(channel_element: etree._Element, record: EpisodeRecord, episodes_url: str) -> None:
    item = _sub(channel_element, "item")
    _sub(item, "title", record.title)
    _sub(item, "description", _clip_utf8(record.description, MAX_DESCRIPTION_BYTES))
    if record.source_url:
        _sub(item, "link", record.source_url)
    # isPermaLink defaults to true, which would tell readers the guid is a web page.
    _sub(item, "guid", record.guid, isPermaLink="false")
    _sub(item, "pubDate", email.utils.format_datetime(record.published_at))
    _sub(item, "enclosure", url=episodes_url + quote(record.audio_file),
         length=str(record.audio_bytes), type="audio/mpeg")
    _sub(item, _itunes("duration"), str(round(record.duration_s)))
    if record.authors:
        _sub(item, _itunes("author"), ", ".join(record.authors))
    if record.image_file:
        _sub(item, _itunes("image"), href=episodes_url + quote(record.image_file))
    if record.chapters_file:
        _sub(item, _podcast("chapters"), url=episodes_url + quote(record.chapters_file),
             type="application/json+chapters")
    if record.transcript_file:
        _add_transcript(item, record.transcript_file, episodes_url)


def _add_transcript(item: etree._Element, file_name: str, episodes_url: str) -> None:
    suffix = Path(file_name).suffix.lower()
    attributes = {"url": episodes_url + quote(file_name),
                  "type": _TRANSCRIPT_TYPES.get(suffix, "text/plain")}
    if suffix in _CAPTION_SUFFIXES:
        attributes["rel"] = "captions"
    _sub(item, _podcast("transcript"), **attributes)


def _sub(
    parent: etree._Element, tag: str, content: str | None = None, /, **attributes: str
) -> etree._Element:
    """Add a child element; lxml escapes `&`, `<` and quotes in text and attributes.

    `content` is positional-only so that an attribute may be called `text` (itunes:category).
    """
    element = etree.SubElement(parent, tag, {k: _xml_safe(v) for k, v in attributes.items()})
    if content is not None:
        element.text = _xml_safe(content)
    return element


def _xml_safe(text: str) -> str:
    return _NOT_XML_CHARACTERS.sub("", text)


def _clip_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    room = max_bytes - len(_ELLIPSIS.encode("utf-8"))
    return encoded[:room].decode("utf-8", "ignore").rstrip() + _ELLIPSIS


def _itunes(name: str) -> str:
    return f"{{{ITUNES_NS}}}{name}"


def _podcast(name: str) -> str:
    return f"{{{PODCAST_NS}}}{name}"
