"""Episodes -> static web pages: OUTDIR/index.html for the show, episodes/<stem>.html for each episode.

The pages need nothing but the files beside them (no framework, no fetches when viewed), so
they work from any static host, from `serve`, and opened straight from disk (file://).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlsplit

from tts_articles.errors import FeedError
from tts_articles.files import atomic_write_text
from tts_articles.podcast.channel import ChannelConfig
from tts_articles.podcast.episodes import EPISODES_FOLDER, EpisodeRecord, read_episodes
from tts_articles.podcast.timed_text import TimedText, parse_chapters, parse_webvtt
from tts_articles.sanitise import public_url

logger = logging.getLogger(__name__)

SHOW_PAGE_NAME = "index.html"
ASSETS_FOLDER = "site"
ASSET_NAMES = ("pages.css", "player.js")
"""Shipped in the package's site/ folder and copied to OUTDIR/site/."""
GENERATOR_META = '<meta name="generator" content="tts-articles">'
"""Marks pages this module wrote, so only those are removed when their episode goes."""
_LISTING_DESCRIPTION_CHARS = 280
_Parser = Callable[[str], tuple[TimedText, ...]]
_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")


@dataclass(frozen=True)
class EpisodeView:
    """An episode with its sidecars read: what its page shows."""

    record: EpisodeRecord
    chapters: tuple[TimedText, ...]
    cues: tuple[TimedText, ...]

    @property
    def stem(self) -> str:
        return Path(self.record.audio_file).stem


def write_pages(outdir: Path, channel: ChannelConfig) -> list[Path]:
    """Write the show page, a page per episode and their stylesheet and script into OUTDIR.

    Episodes are those in OUTDIR/episodes whose MP3 exists, newest first. Pages of episodes
    that are gone are removed. A sidecar that cannot be read leaves its section out of the
    page, with a warning. The same files give the same bytes.

    Returns:
        The paths written.

    Raises:
        FeedError: OUTDIR is missing or an episode's metadata is unreadable.
    """
    records = [record for record in read_episodes(outdir) if (outdir / EPISODES_FOLDER / record.audio_file).is_file()]
    records.sort(key=lambda record: (record.published_at, record.guid), reverse=True)
    written = _write_assets(outdir / ASSETS_FOLDER)
    written.append(_write(outdir / SHOW_PAGE_NAME, _show_page(channel, records)))
    for record in records:
        view = _read_episode_view(outdir / EPISODES_FOLDER, record)
        written.append(_write(outdir / EPISODES_FOLDER / f"{view.stem}.html", _episode_page(channel, view)))
    _remove_stale_pages(outdir / EPISODES_FOLDER, {Path(record.audio_file).stem for record in records})
    logger.info("wrote the show page and %d episode pages in %s", len(records), outdir)
    return written


def _read_episode_view(folder: Path, record: EpisodeRecord) -> EpisodeView:
    """Read an episode's chapters and WebVTT transcript from `folder` (OUTDIR/episodes)."""
    chapters = _read_sidecar(folder, record.chapters_file, parse_chapters)
    transcript = record.transcript_file if (record.transcript_file or "").endswith(".vtt") else None
    return EpisodeView(record, chapters, _read_sidecar(folder, transcript, parse_webvtt))


def _show_page(channel: ChannelConfig, records: list[EpisodeRecord]) -> str:
    """The show page: cover, description, the feed to subscribe to, and every episode."""
    items = "\n".join(_listing_item(record) for record in records)
    episodes = f'<ol class="episodes">\n{items}\n</ol>' if records else "<p>No episodes yet.</p>"
    cover = _cover(channel, "", "cover", f"Cover art of {channel.title}")
    body = f"""<header class="show-header">
{cover}<div>
<h1>{_e(channel.title)}</h1>
<p class="byline">By {_e(channel.author)}</p>
<p>{_e(channel.description)}</p>
<p><a class="subscribe" href="feed.xml" type="application/rss+xml">Subscribe to the podcast feed</a></p>
</div>
</header>
<main id="main">
<h2>Episodes</h2>
{episodes}
</main>"""
    return _document(channel, channel.title, "", body, scripted=False)


def _episode_page(channel: ChannelConfig, view: EpisodeView) -> str:
    """An episode's page: player, date, byline, source, disclosure, chapters and transcript."""
    record = view.record
    audio = quote(record.audio_file)
    body = f"""<nav class="crumbs"><a href="../{SHOW_PAGE_NAME}">{_e(channel.title)}</a></nav>
<main id="main">
<article>
<header>
{_episode_image(channel, record)}<h1>{_e(record.title)}</h1>
<p class="meta">{_date(record)} · {_duration(record.duration_s)}</p>
{_byline(record.authors)}{_source(record.source_url)}<p class="disclosure">Read aloud by a synthetic voice ({_e(record.voice)}), \
not by a person. The text is the original article; the voice may mispronounce names.</p>
</header>
<div class="player">
<audio id="player" controls preload="metadata" src="{audio}" aria-label="Listen to {_e(record.title)}"></audio>
<p class="meta"><a href="{audio}" download>Download the MP3</a> ({record.audio_bytes / 1_000_000:.1f} MB)</p>
</div>
<p>{_e(record.description)}</p>
{_chapter_section(view.chapters)}{_transcript_section(view)}</article>
</main>"""
    return _document(channel, record.title, "../", body, scripted=True)


def _document(channel: ChannelConfig, title: str, root: str, body: str, *, scripted: bool) -> str:
    """Wrap `body` in the page skeleton; `root` leads from the page back to OUTDIR."""
    script = f'<script src="{root}{ASSETS_FOLDER}/player.js" defer></script>\n' if scripted else ""
    return f"""<!doctype html>
<html lang="{_e(channel.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{GENERATOR_META}
<title>{_e(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{root}{ASSETS_FOLDER}/pages.css">
<link rel="alternate" type="application/rss+xml" title="{_e(channel.title)}" href="{root}feed.xml">
{script}</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<div class="page">
{body}
<footer><p>Narrated by a synthetic voice with tts-articles.</p></footer>
</div>
</body>
</html>
"""


def _listing_item(record: EpisodeRecord) -> str:
    page = quote(f"{EPISODES_FOLDER}/{Path(record.audio_file).stem}.html")
    return f"""<li>
<h3><a href="{page}">{_e(record.title)}</a></h3>
<p class="meta">{_date(record)} · {_duration(record.duration_s)}</p>
<p>{_e(_shorten(record.description, _LISTING_DESCRIPTION_CHARS))}</p>
</li>"""


def _chapter_section(chapters: tuple[TimedText, ...]) -> str:
    if not chapters:
        return ""
    items = "\n".join(
        f'<li><button type="button" class="seek" data-start="{chapter.start_s:.3f}">'
        f'<span class="time">{_clock(chapter.start_s)}</span>{_e(chapter.text)}</button>{_chapter_link(chapter.url)}</li>'
        for chapter in chapters
    )
    return f"""<section aria-labelledby="chapters-heading">
<h2 id="chapters-heading">Chapters</h2>
<ol class="chapters">
{items}
</ol>
</section>
"""


def _transcript_section(view: EpisodeView) -> str:
    if not view.cues:
        return ""
    return f"""<section aria-labelledby="transcript-heading">
<h2 id="transcript-heading">Transcript</h2>
<p class="hint">Select a sentence to play from there.</p>
<div class="transcript">
{_transcript_blocks(view)}
</div>
</section>
"""


def _transcript_blocks(view: EpisodeView) -> str:
    """The cues as one paragraph per chapter, under the chapter's title when there are several."""
    starts = [chapter.start_s for chapter in view.chapters[1:]]
    groups: list[list[TimedText]] = [[] for _ in range(len(starts) + 1)]
    for cue in view.cues:
        groups[sum(cue.start_s >= start - 0.001 for start in starts)].append(cue)
    headed = len(view.chapters) > 1
    blocks = []
    for number, group in enumerate(groups):
        if headed:
            blocks.append(f"<h3>{_e(view.chapters[number].text)}</h3>")
        if group:
            blocks.append("<p>" + "\n".join(_cue_button(cue) for cue in group) + "</p>")
    return "\n".join(blocks)


def _cue_button(cue: TimedText) -> str:
    end = f' data-end="{cue.end_s:.3f}"' if cue.end_s is not None else ""
    return f'<button type="button" class="seek" data-start="{cue.start_s:.3f}"{end}>{_e(cue.text)}</button>'


def _cover(channel: ChannelConfig, root: str, css_class: str, alt: str) -> str:
    """The show's artwork when it is a file in OUTDIR; a remote image would be a fetch at view time."""
    if channel.image is None or urlsplit(channel.image).scheme:
        return ""
    return f'<img class="{css_class}" src="{root}{quote(channel.image)}" alt="{_e(alt)}">\n'


def _episode_image(channel: ChannelConfig, record: EpisodeRecord) -> str:
    if record.image_file:
        return f'<img class="cover small" src="{quote(record.image_file)}" alt="">\n'
    return _cover(channel, "../", "cover small", "")


def _byline(authors: tuple[str, ...]) -> str:
    if not authors:
        return ""
    names = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]
    return f'<p class="byline">By {_e(names)}</p>\n'


def _source(url: str | None) -> str:
    safe = _followable(url)
    if safe is None:
        return ""
    return f'<p class="byline">Original article: <a href="{_e(safe)}">{_e(urlsplit(safe).netloc or safe)}</a></p>\n'


def _followable(url: str | None) -> str | None:
    """The URL if a browser may follow it from the page (see sanitise.public_url), spaces around it trimmed."""
    return public_url(url.strip() if url else None)


def _chapter_link(url: str | None) -> str:
    safe = _followable(url)
    return f' <a href="{_e(safe)}">link</a>' if safe else ""


def _date(record: EpisodeRecord) -> str:
    moment = record.published_at
    return f'<time datetime="{_e(record.published)}">{moment.day} {_MONTHS[moment.month - 1]} {moment.year}</time>'


def _duration(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def _clock(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, whole_seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{whole_seconds:02d}" if hours else f"{minutes}:{whole_seconds:02d}"


def _shorten(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    return text[:max_chars].rsplit(" ", 1)[0].rstrip(" ,;:.") + "\u2026"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _read_sidecar(folder: Path, name: str | None, parse: _Parser) -> tuple[TimedText, ...]:
    if name is None:
        return ()
    try:
        return parse((folder / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError, FeedError) as err:
        logger.warning("%s: %s; left out of its page", name, err)
        return ()


def _write_assets(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    package = resources.files("tts_articles.podcast") / "site"
    return [_write(folder / name, (package / name).read_text(encoding="utf-8")) for name in ASSET_NAMES]


def _write(path: Path, text: str) -> Path:
    atomic_write_text(path, text)
    return path


def _remove_stale_pages(folder: Path, stems: set[str]) -> None:
    for page in folder.glob("*.html"):
        if page.stem not in stems and GENERATOR_META in page.read_text(encoding="utf-8", errors="replace")[:1000]:
            logger.info("removing %s: its episode is gone", page.name)
            page.unlink()
