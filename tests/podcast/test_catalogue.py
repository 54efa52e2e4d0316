"""`episodes list` and `episodes remove`: the index, feed and pages follow a removal."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
from click.testing import CliRunner
from test_feed import add_episode

from tts_articles.cli import main
from tts_articles.podcast.channel import ChannelConfig
from tts_articles.podcast.feed import write_feed

BASE_URL = "http://192.168.1.5:8000/pod/"
FIRST, SECOND = "2024-11-06-first-story", "2024-11-07-second-story"


def _outdir(tmp_path: Path, feed: bool) -> Path:
    outdir = tmp_path / "out"
    add_episode(outdir, FIRST, "2024-11-06T19:34:00+00:00")
    add_episode(outdir, SECOND, "2024-11-07T08:00:00+00:00", lastmod="2024-11-08T09:00:00+00:00")
    if feed:
        write_feed(outdir, BASE_URL, ChannelConfig(title="Morning news", author="The Desk"))
    return outdir


def test_list_shows_newest_first_with_stem_and_correction(tmp_path: Path) -> None:
    outdir = _outdir(tmp_path, feed=False)
    result = CliRunner().invoke(main, ["episodes", "list", str(outdir)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"2024-11-07    2:05  {SECOND}  Story {SECOND}  (corrected 2024-11-08)",
        f"2024-11-06    2:05  {FIRST}  Story {FIRST}",
    ]
    rows = json.loads(CliRunner().invoke(main, ["episodes", "list", str(outdir), "--json"]).output)
    assert [(row["stem"], row["guid"]) for row in rows] == [(SECOND, "tts-articles:second-story"),
                                                            (FIRST, "tts-articles:first-story")]


def test_remove_by_guid_takes_the_episode_out_of_files_index_feed_and_pages(tmp_path: Path) -> None:
    outdir = _outdir(tmp_path, feed=True)
    assert (outdir / "episodes" / f"{FIRST}.html").is_file()
    result = CliRunner().invoke(main, ["episodes", "remove", str(outdir), "tts-articles:first-story"])
    assert result.exit_code == 0, result.output
    assert f"Rewrote {outdir / 'feed.xml'}" in result.output
    assert sorted(path.name for path in (outdir / "episodes").glob(f"{FIRST}*")) == []
    assert [row["guid"] for row in json.loads((outdir / "episodes.json").read_text(encoding="utf-8"))] == [
        "tts-articles:second-story"]
    parsed = feedparser.parse(str(outdir / "feed.xml"))
    assert [entry.id for entry in parsed.entries] == ["tts-articles:second-story"]
    assert parsed.entries[0].enclosures[0].href == BASE_URL + f"episodes/{SECOND}.mp3"
    assert FIRST not in (outdir / "index.html").read_text(encoding="utf-8")


def test_remove_by_stem_without_a_feed_says_how_to_publish(tmp_path: Path) -> None:
    outdir = _outdir(tmp_path, feed=False)
    result = CliRunner().invoke(main, ["episodes", "remove", str(outdir), SECOND])
    assert result.exit_code == 0, result.output
    assert f"No feed in {outdir}; to publish one: tts-articles feed {outdir} --base-url URL" in result.output
    assert not (outdir / "feed.xml").exists()
    assert sorted(path.name for path in (outdir / "episodes").iterdir()) == [
        f"{FIRST}.chapters.json", f"{FIRST}.json", f"{FIRST}.mp3", f"{FIRST}.vtt"]


def test_removing_an_unknown_episode_is_one_line_naming_the_listing(tmp_path: Path) -> None:
    outdir = _outdir(tmp_path, feed=False)
    result = CliRunner().invoke(main, ["episodes", "remove", str(outdir), "nope"])
    assert result.exit_code == 1
    assert result.output == (f"Error: no episode in {outdir / 'episodes'} has the guid or file name 'nope'; "
                             f"see 'tts-articles episodes list {outdir}'\n")
