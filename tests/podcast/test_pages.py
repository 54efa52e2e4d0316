"""Show and episode pages: written from episode metadata and sidecars, read back with lxml.html."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from tts_articles.podcast.channel import ChannelConfig
from tts_articles.podcast.episodes import EpisodeRecord, write_episode_record
from tts_articles.podcast.feed import write_feed
from tts_articles.podcast.pages import write_pages
from tts_articles.podcast.timed_text import TimedText, parse_chapters, parse_webvtt

TRICKY = 'Q&A: "Rates" <script>alert(1)</script> & \'down\''
CUES = [(0.0, 1.5, "Intro sentence."), (1.5, 3.25, "First & <best> sentence."), (4.0, 6.0, "Second part starts.")]
CHAPTERS = [(0.0, "Introduction"), (4.0, "Second part")]


def vtt_text(cues: list[tuple[float, float, str]]) -> str:
    def stamp(seconds: float) -> str:
        return f"00:{int(seconds) // 60:02d}:{seconds % 60:06.3f}"

    blocks = [f"{number}\n{stamp(start)} --> {stamp(end)}\n{text}" for number, (start, end, text) in enumerate(cues, 1)]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def make_episode(outdir: Path, stem: str, published: str, **fields: object) -> EpisodeRecord:
    """An episode as batch leaves it: MP3 bytes, a VTT with CUES, chapters with CHAPTERS, metadata."""
    folder = outdir / "episodes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.mp3").write_bytes(b"\xff\xfb" * 500)
    (folder / f"{stem}.vtt").write_text(vtt_text(CUES), encoding="utf-8")
    chapters = [{"startTime": start, "title": title} for start, title in CHAPTERS]
    (folder / f"{stem}.chapters.json").write_text(json.dumps({"version": "1.2.0", "chapters": chapters}), encoding="utf-8")
    record = EpisodeRecord(**{
        "guid": f"urn:test:{stem}", "title": f"Story {stem}", "description": "What happened.",
        "authors": ("Ann Writer", "Bo Reporter"), "published": published, "audio_file": f"{stem}.mp3",
        "audio_bytes": 1000, "duration_s": 6.0, "voice": "en_US-joe-medium", "source_url": "https://news.example/a?x=1&y=2",
        "chapters_file": f"{stem}.chapters.json", "transcript_file": f"{stem}.vtt", **fields,
    })
    write_episode_record(folder / f"{stem}.json", record)
    return record


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    make_episode(folder, "2024-11-06-older", "2024-11-06T19:34:00+00:00")
    make_episode(folder, "2024-11-07-newer", "2024-11-07T08:00:00-05:00", title=TRICKY)
    Image.new("RGB", (1400, 1400), "navy").save(folder / "cover.png")
    return folder


@pytest.fixture
def channel() -> ChannelConfig:
    return ChannelConfig(title="Morning & <Evening>", author="The Desk", description="Read <aloud> & more.", image="cover.png")


def page(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def test_show_page_lists_episodes_newest_first_with_the_feed(outdir: Path, channel: ChannelConfig) -> None:
    write_pages(outdir, channel)
    show = page(outdir / "index.html")
    assert show.findtext(".//h1") == "Morning & <Evening>"
    assert "Read <aloud> & more." in show.text_content()
    links = [(a.text_content(), a.get("href")) for a in show.xpath(".//ol[@class='episodes']//h3/a")]
    assert links == [(TRICKY, "episodes/2024-11-07-newer.html"), ("Story 2024-11-06-older", "episodes/2024-11-06-older.html")]
    (subscribe,) = show.xpath(".//a[@class='subscribe']")
    assert subscribe.get("href") == "feed.xml"
    (cover,) = show.xpath(".//img[@class='cover']")
    assert cover.get("src") == "cover.png" and cover.get("alt") == "Cover art of Morning & <Evening>"


def test_episode_page_has_player_date_byline_source_and_disclosure(outdir: Path, channel: ChannelConfig) -> None:
    write_pages(outdir, channel)
    episode = page(outdir / "episodes" / "2024-11-06-older.html")
    (audio,) = episode.xpath(".//audio[@id='player']")
    assert audio.get("src") == "2024-11-06-older.mp3" and audio.get("controls") is not None and audio.get("aria-label")
    assert episode.xpath(".//time")[0].get("datetime") == "2024-11-06T19:34:00+00:00"
    assert episode.xpath(".//time")[0].text == "6 November 2024"
    assert "By Ann Writer and Bo Reporter" in episode.text_content()
    assert [a.get("href") for a in episode.xpath(".//p[@class='byline']/a")] == ["https://news.example/a?x=1&y=2"]
    (disclosure,) = episode.xpath(".//p[@class='disclosure']")
    assert "synthetic voice (en_US-joe-medium)" in disclosure.text_content()


def test_chapters_and_transcript_come_from_the_sidecars(outdir: Path, channel: ChannelConfig) -> None:
    write_pages(outdir, channel)
    episode = page(outdir / "episodes" / "2024-11-06-older.html")
    chapters = [(float(b.get("data-start")), b.text_content()) for b in episode.xpath(".//ol[@class='chapters']//button")]
    assert chapters == [(0.0, "0:00Introduction"), (4.0, "0:04Second part")]
    cues = [(float(b.get("data-start")), float(b.get("data-end")), b.text) for b in episode.xpath(".//div[@class='transcript']//button")]
    assert cues == CUES
    headings = [h.text for h in episode.xpath(".//div[@class='transcript']/h3")]
    assert headings == ["Introduction", "Second part"]
    paragraphs = [[b.text for b in p.iter("button")] for p in episode.xpath(".//div[@class='transcript']/p")]
    assert paragraphs == [["Intro sentence.", "First & <best> sentence."], ["Second part starts."]]
    assert all(b.get("type") == "button" for b in episode.iter("button"))


def test_markup_in_text_is_escaped_not_run(outdir: Path, channel: ChannelConfig) -> None:
    write_pages(outdir, channel)
    for path in (outdir / "index.html", outdir / "episodes" / "2024-11-07-newer.html"):
        document = page(path)
        assert [script.get("src") for script in document.iter("script")] in ([], ["../site/player.js"])
        assert TRICKY in document.text_content()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/x", "file:///etc/passwd", "http://"])
def test_only_web_and_mail_links_are_followed(outdir: Path, channel: ChannelConfig, url: str) -> None:
    make_episode(outdir, "2024-11-08-odd", "2024-11-08T06:00:00+00:00", source_url=url)
    chapters = {"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Only", "url": url}]}
    (outdir / "episodes" / "2024-11-08-odd.chapters.json").write_text(json.dumps(chapters), encoding="utf-8")
    write_pages(outdir, channel)
    episode = page(outdir / "episodes" / "2024-11-08-odd.html")
    assert not [a for a in episode.iter("a") if url in (a.get("href") or "")]


def test_pages_fetch_only_files_beside_them(outdir: Path, channel: ChannelConfig) -> None:
    written = write_pages(outdir, channel)
    for path in [p for p in written if p.suffix == ".html"]:
        document = page(path)
        loaded = [e for e in document.iter("link") if e.get("rel") != "alternate"]  # the feed is a link, not loaded
        fetched = [e.get("src") for e in document.iter("img", "audio", "script")] + [e.get("href") for e in loaded]
        for reference in fetched:
            if reference == "data:,":  # an empty icon, so browsers do not ask for /favicon.ico
                continue
            assert ":" not in reference and (path.parent / reference).is_file(), f"{path.name} fetches {reference}"


def test_pages_of_removed_episodes_go_and_other_pages_stay(outdir: Path, channel: ChannelConfig) -> None:
    write_pages(outdir, channel)
    (outdir / "episodes" / "notes.html").write_text("<p>mine</p>", encoding="utf-8")
    (outdir / "episodes" / "2024-11-06-older.json").unlink()
    write_pages(outdir, channel)
    names = sorted(p.name for p in (outdir / "episodes").glob("*.html"))
    assert names == ["2024-11-07-newer.html", "notes.html"]


def test_same_files_give_the_same_bytes(outdir: Path, channel: ChannelConfig) -> None:
    first = {path: path.read_bytes() for path in write_pages(outdir, channel)}
    assert {path: path.read_bytes() for path in write_pages(outdir, channel)} == first


def test_missing_or_broken_sidecars_leave_their_sections_out(outdir: Path, channel: ChannelConfig, caplog: pytest.LogCaptureFixture) -> None:
    (outdir / "episodes" / "2024-11-06-older.chapters.json").unlink()
    (outdir / "episodes" / "2024-11-06-older.vtt").write_text("not a transcript", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        write_pages(outdir, channel)
    episode = page(outdir / "episodes" / "2024-11-06-older.html")
    assert not episode.xpath(".//ol[@class='chapters']") and not episode.xpath(".//div[@class='transcript']")
    assert episode.xpath(".//audio[@id='player']")
    assert "2024-11-06-older.vtt: transcript is not WebVTT" in caplog.text


def test_episode_without_audio_gets_no_page(outdir: Path, channel: ChannelConfig) -> None:
    (outdir / "episodes" / "2024-11-06-older.mp3").unlink()
    write_pages(outdir, channel)
    assert not (outdir / "episodes" / "2024-11-06-older.html").exists()
    assert len(page(outdir / "index.html").xpath(".//ol[@class='episodes']/li")) == 1


def test_writing_the_feed_writes_the_pages_and_a_default_cover(outdir: Path) -> None:
    write_feed(outdir, "http://127.0.0.1:8000", ChannelConfig(title="Plain Show"))
    (cover,) = page(outdir / "index.html").xpath(".//img[@class='cover']")
    assert cover.get("src").startswith("cover-") and (outdir / cover.get("src")).is_file()
    assert (outdir / "site" / "player.js").is_file() and (outdir / "site" / "pages.css").is_file()
    assert (outdir / "episodes" / "2024-11-07-newer.html").is_file()


def test_empty_show_says_so(tmp_path: Path, channel: ChannelConfig) -> None:
    write_pages(tmp_path, channel)
    assert "No episodes yet." in page(tmp_path / "index.html").text_content()


@pytest.mark.parametrize(("text", "expected"), [
    ("WEBVTT\n\n00:01.000 --> 00:02.500\nHello\nthere.\n", [TimedText(1.0, 2.5, "Hello there.")]),
    ("\ufeffWEBVTT - a title\r\n\r\nNOTE made by hand\r\n\r\ncue-1\r\n01:00:00.000 --> 01:00:01.000 align:start\r\nLate.\r\n",
     [TimedText(3600.0, 3601.0, "Late.")]),
    ("WEBVTT\n", []),
])
def test_parse_webvtt(text: str, expected: list[TimedText]) -> None:
    assert list(parse_webvtt(text)) == expected


def test_parse_chapters_sorts_and_skips_hidden_ones() -> None:
    text = json.dumps({"version": "1.2.0", "chapters": [
        {"startTime": 5, "title": "B", "url": "https://b.example"},
        {"startTime": 2.5, "endTime": 5, "title": "A"},
        {"startTime": 3, "title": "hidden", "toc": False},
    ]})
    assert list(parse_chapters(text)) == [TimedText(2.5, 5.0, "A"), TimedText(5.0, None, "B", "https://b.example")]
