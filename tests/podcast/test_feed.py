"""Feed tests: episode metadata -> feed.xml, read back by feedparser and podcastparser."""

from __future__ import annotations

import dataclasses
import email.utils
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from conftest import GOLDEN, SAMPLES
from tts_articles.errors import FeedError
from tts_articles.podcast.channel import ChannelConfig, load_channel_config
from tts_articles.podcast.episodes import EpisodeRecord, read_episodes, write_episode_record
from tts_articles.podcast.feed import podcast_guid, write_feed

SAMPLE_CONFIG = SAMPLES / "podcast.toml"
BASE_URL = "http://192.168.1.5:8000"
FEED_URL = BASE_URL + "/feed.xml"
NOW = datetime(2024, 11, 10, 12, 0, tzinfo=UTC)
TRICKY_TITLE = 'Q&A: "Rates" <up> & \'down\''
NAMESPACES = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "podcast": "https://podcastindex.org/namespace/1.0",
}


def add_episode(outdir: Path, stem: str, published: str, **overrides: object) -> EpisodeRecord:
    """Write a fake episode (MP3 bytes, VTT, chapters JSON) and its metadata file."""
    folder = outdir / "episodes"
    folder.mkdir(parents=True, exist_ok=True)
    audio = bytes(range(256)) * (len(stem) + 3)
    (folder / f"{stem}.mp3").write_bytes(audio)
    (folder / f"{stem}.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n", encoding="utf-8")
    (folder / f"{stem}.chapters.json").write_text('{"version": "1.2.0", "chapters": []}', encoding="utf-8")
    values: dict[str, object] = {
        "guid": f"tts-articles:{stem[11:]}",
        "title": f"Story {stem}",
        "description": f"What happened in {stem}.",
        "authors": ("Ann Writer", "Bo Reporter"),
        "published": published,
        "audio_file": f"{stem}.mp3",
        "audio_bytes": len(audio),
        "duration_s": 125.4,
        "voice": "en_US-joe-medium",
        "source_url": f"https://news.example/{stem}?a=1&b=2",
        "chapters_file": f"{stem}.chapters.json",
        "transcript_file": f"{stem}.vtt",
    }
    record = EpisodeRecord(**{**values, **overrides})
    write_episode_record(folder / f"{stem}.json", record)
    return record


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    add_episode(folder, "2024-11-06-first-story", "2024-11-06T19:34:00+00:00")
    add_episode(folder, "2024-11-07-second-story", "2024-11-07T08:00:00-05:00", title=TRICKY_TITLE)
    (folder / "cover.png").write_bytes(b"\x89PNG fake")
    return folder


@pytest.fixture
def channel() -> ChannelConfig:
    return ChannelConfig(
        title="Morning & Evening <News>",
        description="Articles read aloud.",
        author="The Desk",
        owner_name="Desk Owner",
        owner_email="owner@example.com",
        language="en-GB",
        image="cover.png",
        category="News",
        subcategory="Daily News",
        explicit=False,
    )


def parse_tree(feed_path: Path) -> etree._Element:
    return etree.parse(str(feed_path)).getroot()


def test_feed_declares_the_three_podcast_namespaces(outdir: Path, channel: ChannelConfig) -> None:
    rss = parse_tree(write_feed(outdir, BASE_URL, channel))
    assert rss.get("version") == "2.0"
    for prefix, uri in NAMESPACES.items():
        assert rss.nsmap[prefix] == uri


def test_feedparser_reads_channel_fields(outdir: Path, channel: ChannelConfig) -> None:
    parsed = feedparser.parse(write_feed(outdir, BASE_URL, channel).read_bytes())
    assert not parsed.bozo
    assert parsed.feed.title == "Morning & Evening <News>"
    assert parsed.feed.link == BASE_URL + "/"
    assert parsed.feed.subtitle == "Articles read aloud."
    assert parsed.feed.language == "en-GB"
    assert parsed.feed.author == "The Desk"
    assert parsed.feed.image.href == BASE_URL + "/cover.png"
    assert [tag.term for tag in parsed.feed.tags] == ["News", "Daily News"]
    assert parsed.feed.podcast_guid == podcast_guid(FEED_URL)


def test_feedparser_reads_item_fields(outdir: Path, channel: ChannelConfig) -> None:
    parsed = feedparser.parse(write_feed(outdir, BASE_URL, channel).read_bytes())
    entry = parsed.entries[1]
    stem = "2024-11-06-first-story"
    episodes_url = f"{BASE_URL}/episodes/"
    assert entry.title == f"Story {stem}"
    assert entry.id == "tts-articles:first-story"
    assert entry.guidislink is False
    assert entry.summary == f"What happened in {stem}."
    assert entry.link == f"https://news.example/{stem}?a=1&b=2"
    assert entry.author == "Ann Writer, Bo Reporter"
    assert entry.published_parsed[:6] == (2024, 11, 6, 19, 34, 0)
    assert entry.itunes_duration == "125"
    assert entry.enclosures[0].href == f"{episodes_url}{stem}.mp3"
    assert entry.enclosures[0].type == "audio/mpeg"
    assert entry.podcast_chapters == {"url": f"{episodes_url}{stem}.chapters.json",
                                      "type": "application/json+chapters"}
    assert entry.podcast_transcript == {"url": f"{episodes_url}{stem}.vtt", "type": "text/vtt",
                                        "rel": "captions"}


def test_podcastparser_reads_the_feed(outdir: Path, channel: ChannelConfig) -> None:
    feed_path = write_feed(outdir, BASE_URL, channel)
    with feed_path.open("rb") as stream:
        parsed = podcastparser.parse(FEED_URL, stream)
    assert parsed["title"] == "Morning & Evening <News>"
    assert parsed["language"] == "en-GB"
    assert parsed["explicit"] is False
    assert parsed["itunes_author"] == "The Desk"
    assert parsed["itunes_owner"] == {"name": "Desk Owner", "email": "owner@example.com"}
    assert parsed["itunes_categories"] == [["News", "Daily News"]]
    assert parsed["cover_url"] == BASE_URL + "/cover.png"
    first = parsed["episodes"][1]
    assert first["guid"] == "tts-articles:first-story"
    assert first["total_time"] == 125
    assert first["published"] == int(datetime(2024, 11, 6, 19, 34, tzinfo=UTC).timestamp())
    # podcastparser knows the podcast namespace only by its old GitHub URL (shared notes),
    # so it cannot see podcast:chapters or podcast:transcript in a canonical feed.
    assert first.get("chapters_json_url") is None


def test_enclosure_lengths_equal_file_sizes(outdir: Path, channel: ChannelConfig) -> None:
    # A file re-tagged after its metadata was written: the feed must state the real size.
    mp3 = outdir / "episodes" / "2024-11-06-first-story.mp3"
    mp3.write_bytes(mp3.read_bytes() + b"ID3 padding")
    parsed = feedparser.parse(write_feed(outdir, BASE_URL, channel).read_bytes())
    for entry in parsed.entries:
        name = entry.enclosures[0].href.rsplit("/", 1)[1]
        assert int(entry.enclosures[0].length) == (outdir / "episodes" / name).stat().st_size


def test_title_with_markup_characters_round_trips(outdir: Path, channel: ChannelConfig) -> None:
    feed_path = write_feed(outdir, BASE_URL, channel)
    assert feedparser.parse(feed_path.read_bytes()).entries[0].title == TRICKY_TITLE
    with feed_path.open("rb") as stream:
        assert podcastparser.parse(FEED_URL, stream)["episodes"][0]["title"] == TRICKY_TITLE


def test_pub_date_is_rfc_2822_with_the_stories_offset(outdir: Path, channel: ChannelConfig) -> None:
    rss = parse_tree(write_feed(outdir, BASE_URL, channel))
    dates = rss.findall("channel/item/pubDate")
    assert dates[0].text == "Thu, 07 Nov 2024 08:00:00 -0500"
    parsed = email.utils.parsedate_to_datetime(dates[1].text)
    assert parsed == datetime(2024, 11, 6, 19, 34, tzinfo=UTC)
    assert parsed.tzinfo is not None


@pytest.mark.parametrize(
    ("feed_url", "expected"),
    [
        ("https://podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("http://podnews.net/rss/", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
    ],
)
def test_podcast_guid_matches_the_spec_test_vector(feed_url: str, expected: str) -> None:
    assert podcast_guid(feed_url) == expected


def test_pinned_channel_guid_wins(outdir: Path, channel: ChannelConfig) -> None:
    pinned = "9b024349-ccf0-5f69-a609-6b82873eab3c"
    rss = parse_tree(write_feed(outdir, BASE_URL, dataclasses.replace(channel, guid=pinned)))
    assert rss.findtext("channel/podcast:guid", namespaces=NAMESPACES) == pinned


def test_channel_explicit_is_true_or_false(outdir: Path, channel: ChannelConfig) -> None:
    rss = parse_tree(write_feed(outdir, BASE_URL, dataclasses.replace(channel, explicit=True)))
    assert rss.findtext("channel/itunes:explicit", namespaces=NAMESPACES) == "true"


def test_episodes_are_newest_first(outdir: Path, channel: ChannelConfig) -> None:
    add_episode(outdir, "2024-11-05-old-story", "2024-11-05T23:00:00+00:00")
    parsed = feedparser.parse(write_feed(outdir, BASE_URL, channel).read_bytes())
    assert [entry.id for entry in parsed.entries] == [
        "tts-articles:second-story", "tts-articles:first-story", "tts-articles:old-story",
    ]


def test_earlier_episodes_stay_across_runs(outdir: Path, channel: ChannelConfig) -> None:
    write_feed(outdir, BASE_URL, channel)
    add_episode(outdir, "2024-11-08-third-story", "2024-11-08T06:00:00+00:00")
    parsed = feedparser.parse(write_feed(outdir, BASE_URL, channel).read_bytes())
    assert len(parsed.entries) == 3
    assert parsed.entries[0].id == "tts-articles:third-story"


def test_keep_lists_only_the_newest_and_deletes_nothing(outdir: Path, channel: ChannelConfig) -> None:
    parsed = feedparser.parse(write_feed(outdir, BASE_URL, channel, keep=1).read_bytes())
    assert [entry.id for entry in parsed.entries] == ["tts-articles:second-story"]
    assert (outdir / "episodes" / "2024-11-06-first-story.mp3").is_file()


def test_max_age_leaves_out_older_episodes(outdir: Path, channel: ChannelConfig) -> None:
    feed_path = write_feed(outdir, BASE_URL, channel, max_age_days=3.5, now=NOW)
    assert [entry.id for entry in feedparser.parse(feed_path.read_bytes()).entries] == [
        "tts-articles:second-story"
    ]


@pytest.mark.parametrize(("keep", "max_age_days"), [(0, None), (None, 0), (None, -1.0)])
def test_bad_limits_are_feed_errors(outdir: Path, channel: ChannelConfig, keep, max_age_days) -> None:
    with pytest.raises(FeedError):
        write_feed(outdir, BASE_URL, channel, keep=keep, max_age_days=max_age_days, now=NOW)


def test_same_input_gives_same_bytes(outdir: Path, channel: ChannelConfig) -> None:
    first = write_feed(outdir, BASE_URL, channel).read_bytes()
    assert write_feed(outdir, BASE_URL, channel).read_bytes() == first


def test_feed_matches_golden_file(outdir: Path, channel: ChannelConfig, request) -> None:
    produced = write_feed(outdir, BASE_URL, channel).read_text(encoding="utf-8")
    golden = GOLDEN / "feed.xml"
    if request.config.getoption("--update-golden", default=False):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_feed_is_written_atomically(outdir: Path, channel: ChannelConfig) -> None:
    feed_path = write_feed(outdir, BASE_URL, channel)
    before = feed_path.read_bytes()
    (outdir / "episodes" / "2024-11-09-broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(FeedError):
        write_feed(outdir, BASE_URL, channel)
    assert feed_path.read_bytes() == before
    assert sorted(p.name for p in outdir.iterdir()) == ["cover.png", "episodes", "feed.xml"]


def test_missing_mp3_is_left_out(outdir: Path, channel: ChannelConfig) -> None:
    (outdir / "episodes" / "2024-11-06-first-story.mp3").unlink()
    parsed = feedparser.parse(write_feed(outdir, BASE_URL, channel).read_bytes())
    assert [entry.id for entry in parsed.entries] == ["tts-articles:second-story"]


def test_missing_sidecar_is_not_linked(outdir: Path, channel: ChannelConfig) -> None:
    (outdir / "episodes" / "2024-11-06-first-story.vtt").unlink()
    parsed = feedparser.parse(write_feed(outdir, BASE_URL, channel).read_bytes())
    assert "podcast_transcript" not in parsed.entries[1]
    assert "podcast_chapters" in parsed.entries[1]


def test_control_characters_are_dropped_not_fatal(outdir: Path, channel: ChannelConfig) -> None:
    add_episode(outdir, "2024-11-08-odd", "2024-11-08T06:00:00+00:00", title="Bell\x07 tolls")
    parsed = feedparser.parse(write_feed(outdir, BASE_URL, channel).read_bytes())
    assert parsed.entries[0].title == "Bell tolls"


@pytest.mark.parametrize("base_url", ["192.168.1.5:8000", "ftp://host/", "http://host/?a=1", ""])
def test_bad_base_url_is_a_feed_error(outdir: Path, channel: ChannelConfig, base_url: str) -> None:
    with pytest.raises(FeedError, match="base URL"):
        write_feed(outdir, base_url, channel)


def test_missing_cover_file_is_a_feed_error(outdir: Path, channel: ChannelConfig) -> None:
    (outdir / "cover.png").unlink()
    with pytest.raises(FeedError, match=r"cover\.png"):
        write_feed(outdir, BASE_URL, channel)


def test_read_episodes_skips_sidecars_and_index(outdir: Path) -> None:
    (outdir / "episodes" / "episodes.json").write_text("[]", encoding="utf-8")
    records = read_episodes(outdir)
    assert [record.guid for record in records] == ["tts-articles:first-story", "tts-articles:second-story"]


def test_record_round_trips_through_json(outdir: Path) -> None:
    record = read_episodes(outdir)[0]
    assert EpisodeRecord.from_dict(json.loads(json.dumps(record.to_dict()))) == record


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "unreadable"),
        ("[1, 2]", "not a JSON object"),
        ('{"guid": "x"}', "missing field 'title'"),
    ],
)
def test_corrupt_metadata_is_a_feed_error_naming_the_file(outdir: Path, content: str, message: str) -> None:
    (outdir / "episodes" / "2024-11-09-bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(FeedError, match=message) as caught:
        read_episodes(outdir)
    assert "2024-11-09-bad.json" in str(caught.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("published", "2024-11-06T19:34:00"),
        ("published", "yesterday"),
        ("audio_file", "../escape.mp3"),
        ("audio_bytes", -1),
        ("duration_s", "long"),
    ],
)
def test_invalid_record_values_are_feed_errors(outdir: Path, field: str, value: object) -> None:
    values = read_episodes(outdir)[0].to_dict()
    with pytest.raises(FeedError, match=field):
        EpisodeRecord.from_dict({**values, field: value})


def test_duplicate_guid_is_a_feed_error_naming_both(outdir: Path) -> None:
    add_episode(outdir, "2024-11-09-first-story", "2024-11-09T06:00:00+00:00")
    both = "2024-11-06-first-story.json and 2024-11-09-first-story.json"
    with pytest.raises(FeedError, match=re.escape(both)):
        read_episodes(outdir)


def test_missing_outdir_is_a_feed_error(tmp_path: Path, channel: ChannelConfig) -> None:
    with pytest.raises(FeedError, match="does not exist"):
        write_feed(tmp_path / "nowhere", BASE_URL, channel)


def test_empty_outdir_gives_an_empty_feed(tmp_path: Path) -> None:
    parsed = feedparser.parse(write_feed(tmp_path, BASE_URL, ChannelConfig()).read_bytes())
    assert not parsed.bozo
    assert parsed.entries == []


def test_sample_channel_config_loads() -> None:
    config = load_channel_config(SAMPLE_CONFIG)
    assert config.category == "News"
    assert config.explicit is False


def test_no_config_file_gives_defaults(tmp_path: Path) -> None:
    assert load_channel_config(None, folder=tmp_path) == ChannelConfig()


def test_config_in_folder_is_found(tmp_path: Path) -> None:
    (tmp_path / "podcast.toml").write_text('title = "Found"\n', encoding="utf-8")
    assert load_channel_config(None, folder=tmp_path).title == "Found"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('titel = "Typo"\n', "unknown key 'titel'"),
        ('category = "Newz"\n', "'Newz' is not one of Apple's"),
        ('category = "News"\nsubcategory = "Stand-Up"\n', "'Stand-Up' is not in 'News'"),
        ('explicit = "no"\n', "explicit must be true or false"),
        ('language = "English"\n', "not a language tag"),
        ('owner_email = "nobody"\n', "not an email address"),
        ('image = "../cover.png"\n', "plain ASCII file name"),
        (f'description = "{"x" * 4001}"\n', "4000 bytes"),
        ("title = [\n", "not valid TOML"),
    ],
)
def test_bad_channel_config_is_a_feed_error(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "podcast.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(FeedError, match=re.escape(message)) as caught:
        load_channel_config(path)
    assert str(path) in str(caught.value)


def test_missing_config_file_is_a_feed_error(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="does not exist"):
        load_channel_config(tmp_path / "podcast.toml")
