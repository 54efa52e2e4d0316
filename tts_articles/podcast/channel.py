"""Podcast channel settings: podcast.toml -> ChannelConfig, checked against Apple's rules."""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tts_articles.config import from_table, read_toml
from tts_articles.errors import FeedError

logger = logging.getLogger(__name__)

CHANNEL_CONFIG_FILE_NAME = "podcast.toml"

MAX_DESCRIPTION_BYTES = 4000
"""Apple Podcasts truncates channel and episode descriptions beyond 4,000 bytes."""

APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}
"""Apple Podcasts' top-level categories and their subcategories (the 2019 list, still current)."""

_LANGUAGE_PATTERN = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
"""RSS <language> takes an RFC 5646 tag such as en, en-GB or pt-BR."""
_EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_OPTIONAL_FIELDS = frozenset(
    {"owner_name", "owner_email", "image", "subcategory", "link", "copyright", "guid"}
)


@dataclass(frozen=True)
class ChannelConfig:
    """The podcast as a whole: what <channel> says about itself. Every field has a default."""

    title: str = "Narrated articles"
    description: str = "News articles read aloud by a synthetic voice."
    """Plain text, at most 4,000 bytes of UTF-8."""
    author: str = "tts-articles"
    """Shown as the podcast's author (itunes:author)."""
    owner_name: str | None = None
    owner_email: str | None = None
    """Apple sends ownership verification here; it is not shown to listeners."""
    language: str = "en"
    image: str | None = None
    """Cover art: an http(s) URL, or a file name in OUTDIR served beside feed.xml.
    Apple wants a 1400-3000 px square JPEG or PNG."""
    category: str = "News"
    """One of Apple's top-level categories (APPLE_CATEGORIES)."""
    subcategory: str | None = None
    """Optional; must belong to `category`."""
    explicit: bool = False
    link: str | None = None
    """The podcast's website; None means the feed's base URL."""
    copyright: str | None = None
    guid: str | None = None
    """Pins podcast:guid; None derives it from the feed URL. Set it before moving the feed
    to a new URL, so apps keep recognising the podcast."""

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            _check_type(field.name, getattr(self, field.name))
        for name in ("title", "description", "author", "language", "category"):
            if not getattr(self, name).strip():
                raise FeedError(f"podcast {name} is empty; give it a value in {CHANNEL_CONFIG_FILE_NAME}")
        _check_category(self.category, self.subcategory)
        if len(self.description.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
            raise FeedError(f"podcast description is longer than {MAX_DESCRIPTION_BYTES} bytes; shorten it")
        if not _LANGUAGE_PATTERN.fullmatch(self.language):
            raise FeedError(f"podcast language {self.language!r} is not a language tag such as en or en-GB")
        if self.owner_email is not None and not _EMAIL_PATTERN.fullmatch(self.owner_email):
            raise FeedError(f"podcast owner_email {self.owner_email!r} is not an email address")
        if self.link is not None and not _is_web_url(self.link):
            raise FeedError(f"podcast link {self.link!r} is not an http(s) URL")
        if self.image is not None and not _is_web_url(self.image):
            _check_file_name(self.image)
        if self.guid is not None and not _UUID_PATTERN.fullmatch(self.guid):
            raise FeedError(f"podcast guid {self.guid!r} is not a lowercase UUID")

    @classmethod
    def from_dict(cls, values: dict[str, Any], origin: str = "podcast config") -> ChannelConfig:
        """Build a ChannelConfig from a mapping; an unknown key is a FeedError naming it."""
        return from_table(cls, values, origin, "key", FeedError)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def load_channel_config(path: Path | None = None, folder: Path = Path(".")) -> ChannelConfig:
    """Read a podcast.toml; with no path, use `folder`/podcast.toml if present, else defaults.

    Args:
        path: an explicit file; it must exist.
        folder: where to look for podcast.toml when no path is given.

    Raises:
        FeedError: the file is missing, not TOML, has an unknown key or an invalid value.
    """
    found = read_toml(path, folder / CHANNEL_CONFIG_FILE_NAME, "podcast config", FeedError)
    if found is None:
        logger.info("no %s in %s; using default channel details", CHANNEL_CONFIG_FILE_NAME, folder)
        return ChannelConfig()
    path, document = found
    return ChannelConfig.from_dict(document, origin=str(path))


def _check_type(name: str, value: object) -> None:
    expected = bool if name == "explicit" else str
    optional = name in _OPTIONAL_FIELDS
    if value is None and optional:
        return
    # bool is checked exactly: TOML `explicit = "no"` must not pass as a truthy string.
    if type(value) is not expected:
        kind = "true or false" if expected is bool else "a string"
        raise FeedError(f"podcast {name} must be {kind}, not {value!r}")


def _check_category(category: str, subcategory: str | None) -> None:
    if category not in APPLE_CATEGORIES:
        raise FeedError(
            f"podcast category {category!r} is not one of Apple's: {', '.join(APPLE_CATEGORIES)}"
        )
    allowed = APPLE_CATEGORIES[category]
    if subcategory is not None and subcategory not in allowed:
        choices = ", ".join(allowed) if allowed else "none"
        raise FeedError(
            f"podcast subcategory {subcategory!r} is not in {category!r}; choose from: {choices}"
        )


def _check_file_name(name: str) -> None:
    if "/" in name or "\\" in name or name.startswith(".") or not name.isascii():
        raise FeedError(
            f"podcast image {name!r} must be an http(s) URL or a plain ASCII file name in OUTDIR"
        )


def _is_web_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
