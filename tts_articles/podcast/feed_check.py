"""OUTDIR/feed.xml -> the Apple Podcasts and Podcasting 2.0 rules it meets and breaks.

The feed is read back as written, with lxml, so the check sees what a podcast directory
sees. The rules are data: a name, whether Apple refuses a feed that breaks it, and a check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from tts_articles.errors import FeedError
from tts_articles.podcast.artwork import artwork_problems, read_artwork_info
from tts_articles.podcast.channel import APPLE_CATEGORIES, ChannelConfig
from tts_articles.podcast.feed import ATOM_NS, FEED_FILE_NAME, ITUNES_NS, PODCAST_NS

_NAMESPACES = {"itunes": ITUNES_NS, "podcast": PODCAST_NS, "atom": ATOM_NS}
ENCLOSURE_TYPES = frozenset({"audio/mpeg", "audio/x-m4a", "audio/mp4", "video/mp4", "video/quicktime", "video/x-m4v"})
"""The media types Apple Podcasts plays."""
TRANSCRIPT_TYPES = frozenset({"text/vtt", "application/x-subrip", "application/srt", "text/html", "text/plain", "application/json"})
"""The types the Podcasting 2.0 <podcast:transcript> tag names."""
CHAPTERS_TYPE = "application/json+chapters"
_PLACEHOLDER_AUTHOR = ChannelConfig().author
"""The author a feed gets when podcast.toml names none: the tool, not the producer."""


@dataclass(frozen=True)
class FeedDocument:
    """A written feed and the folder it was written into, for rules that look at the files."""

    channel: etree._Element
    outdir: Path
    base_url: str | None
    """The URL OUTDIR is served at, from the feed's atom:link rel="self"; None if it has none."""

    def local_file(self, url: str) -> Path | None:
        """The file in OUTDIR that `url` points at, or None for a URL elsewhere or a missing file."""
        if self.base_url is None or not url.startswith(self.base_url):
            return None
        path = self.outdir / unquote(url[len(self.base_url):])
        return path if path.is_file() else None


@dataclass(frozen=True)
class Outcome:
    """What a rule found: met or not, and one line saying what was seen or what to do."""

    met: bool
    detail: str


@dataclass(frozen=True)
class Rule:
    name: str
    required: bool
    """Apple refuses a feed that breaks a required rule; the others are recommendations."""
    check: Callable[[FeedDocument], Outcome]


@dataclass(frozen=True)
class RuleResult:
    rule: str
    required: bool
    met: bool
    detail: str


def check_feed(outdir: Path) -> list[RuleResult]:
    """Check OUTDIR/feed.xml against RULES, in their order.

    Raises:
        FeedError: there is no feed.xml, or it is not an RSS feed.
    """
    document = read_feed_document(outdir)
    results = []
    for rule in RULES:
        outcome = rule.check(document)
        results.append(RuleResult(rule.name, rule.required, outcome.met, outcome.detail))
    return results


def describe_results(results: list[RuleResult]) -> list[str]:
    """One line per rule, e.g. `not met  owner email (required): ...`."""
    return [
        f"{'met    ' if result.met else 'NOT MET'}  {result.rule} ({'required' if result.required else 'recommended'}): {result.detail}"
        for result in results
    ]


def required_failures(results: list[RuleResult]) -> list[RuleResult]:
    """The required rules a feed breaks; a feed with none passes."""
    return [result for result in results if result.required and not result.met]


def read_feed_document(outdir: Path) -> FeedDocument:
    """Parse OUTDIR/feed.xml.

    Raises:
        FeedError: the file is missing, not XML, or has no RSS <channel>.
    """
    path = outdir / FEED_FILE_NAME
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except OSError as err:
        raise FeedError(f"cannot read {path}; write it with `tts-articles feed` first") from err
    except etree.XMLSyntaxError as err:
        raise FeedError(f"{path} is not well-formed XML: {err}") from err
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FeedError(f"{path} is not an RSS feed (no <rss><channel>)")
    self_link = channel.find("atom:link[@rel='self']", _NAMESPACES)
    base_url = None
    if self_link is not None and self_link.get("href", "").endswith(FEED_FILE_NAME):
        base_url = self_link.get("href", "")[: -len(FEED_FILE_NAME)]
    return FeedDocument(channel, outdir, base_url)


def _artwork(document: FeedDocument) -> Outcome:
    image = document.channel.find("itunes:image", _NAMESPACES)
    href = image.get("href", "") if image is not None else ""
    if not href:
        return Outcome(False, "no itunes:image; name a 1400-3000 px square JPEG or PNG as image in podcast.toml")
    path = document.local_file(href)
    if path is None:
        return Outcome(True, f"{href} (not in OUTDIR, so its size is not checked)")
    try:
        info = read_artwork_info(path)
    except FeedError as err:
        return Outcome(False, str(err))
    problems = artwork_problems(info)
    if problems:
        return Outcome(False, f"{path.name} {'; '.join(problems)}")
    return Outcome(True, f"{path.name}, {info.width_px}x{info.height_px} px {info.mode} {info.format}")


def _owner_email(document: FeedDocument) -> Outcome:
    email = _text(document.channel, "itunes:owner/itunes:email")
    if email and _channel_accepts(owner_email=email):
        return Outcome(True, email)
    return Outcome(False, "no itunes:owner email; Apple sends ownership checks there: set owner_email in podcast.toml")


def _author(document: FeedDocument) -> Outcome:
    author = _text(document.channel, "itunes:author")
    if not author:
        return Outcome(False, "no itunes:author; set author in podcast.toml")
    if author == _PLACEHOLDER_AUTHOR:
        return Outcome(False, f"itunes:author is the default {author!r}; set author in podcast.toml")
    return Outcome(True, author)


def _category(document: FeedDocument) -> Outcome:
    category = document.channel.find("itunes:category", _NAMESPACES)
    if category is None or category.get("text") not in APPLE_CATEGORIES:
        found = category.get("text") if category is not None else None
        return Outcome(False, f"itunes:category {found!r} is not one of Apple's; set category in podcast.toml")
    name = category.get("text", "")
    sub = category.find("itunes:category", _NAMESPACES)
    sub_name = sub.get("text", "") if sub is not None else None
    if sub_name is not None and sub_name not in APPLE_CATEGORIES[name]:
        return Outcome(False, f"subcategory {sub_name!r} is not in {name!r}")
    return Outcome(True, name if sub_name is None else f"{name} > {sub_name}")


def _explicit(document: FeedDocument) -> Outcome:
    explicit = _text(document.channel, "itunes:explicit")
    if explicit in ("true", "false"):
        return Outcome(True, explicit)
    return Outcome(False, f"itunes:explicit is {explicit!r}, not true or false")


def _language(document: FeedDocument) -> Outcome:
    language = _text(document.channel, "language")
    if language and _channel_accepts(language=language):
        return Outcome(True, language)
    return Outcome(False, f"<language> is {language!r}, not a tag such as en or en-GB")


def _guids(document: FeedDocument) -> Outcome:
    items = document.channel.findall("item")
    if not items:
        return Outcome(False, "the feed lists no episodes")
    guids = [_text(item, "guid") for item in items]
    missing = sum(not guid for guid in guids)
    if missing:
        return Outcome(False, f"{missing} of {len(items)} episodes have no guid")
    if len(set(guids)) != len(guids):
        return Outcome(False, "two episodes share a guid; apps would show only one of them")
    return Outcome(True, f"{len(items)} episodes, each with its own guid")


def _enclosures(document: FeedDocument) -> Outcome:
    items = document.channel.findall("item")
    if not items:
        return Outcome(False, "the feed lists no episodes")
    for item in items:
        problem = _enclosure_problem(document, item.find("enclosure"))
        if problem:
            return Outcome(False, f"{_text(item, 'title')!r}: {problem}")
    return Outcome(True, f"{len(items)} enclosures with a media type and their exact length")


def _enclosure_problem(document: FeedDocument, enclosure: etree._Element | None) -> str | None:
    if enclosure is None or not enclosure.get("url"):
        return "no enclosure URL"
    if enclosure.get("type") not in ENCLOSURE_TYPES:
        return f"enclosure type {enclosure.get('type')!r} is not one Apple plays"
    length = enclosure.get("length", "")
    if not length.isdigit() or int(length) == 0:
        return f"enclosure length {length!r} is not a size in bytes"
    path = document.local_file(enclosure.get("url", ""))
    if path is not None and path.stat().st_size != int(length):
        return f"enclosure length {length} but {path.name} is {path.stat().st_size} bytes; write the feed again"
    return None


def _transcripts(document: FeedDocument) -> Outcome:
    return _linked_types(document, "podcast:transcript", TRANSCRIPT_TYPES, "transcript")


def _chapters(document: FeedDocument) -> Outcome:
    return _linked_types(document, "podcast:chapters", frozenset({CHAPTERS_TYPE}), "chapters")


def _linked_types(document: FeedDocument, tag: str, allowed: frozenset[str], what: str) -> Outcome:
    links = document.channel.findall(f"item/{tag}", _NAMESPACES)
    if not links:
        return Outcome(False, f"no episode links {what}")
    wrong = sorted({str(link.get("type")) for link in links if link.get("type") not in allowed or not link.get("url")})
    if wrong:
        return Outcome(False, f"{tag} with type {', '.join(wrong)}; use one of {', '.join(sorted(allowed))}")
    types = ", ".join(sorted({str(link.get("type")) for link in links}))
    return Outcome(True, f"{len(links)} of {len(document.channel.findall('item'))} episodes, {types}")


def _channel_accepts(**values: str) -> bool:
    """True when podcast.toml would accept these values: the feed is held to the config's own rules."""
    try:
        ChannelConfig(**values)  # type: ignore[arg-type]
    except FeedError:
        return False
    return True


def _text(element: etree._Element, path: str) -> str:
    found = element.find(path, _NAMESPACES)
    return (found.text or "").strip() if found is not None else ""


RULES = (
    Rule("artwork", True, _artwork),
    Rule("owner email", True, _owner_email),
    Rule("author", True, _author),
    Rule("category", True, _category),
    Rule("explicit", True, _explicit),
    Rule("language", True, _language),
    Rule("guid", True, _guids),
    Rule("enclosure type and length", True, _enclosures),
    Rule("transcript types", False, _transcripts),
    Rule("chapters types", False, _chapters),
)
"""Apple Podcasts' submission rules, then Podcasting 2.0's (recommended), in the order they print."""
