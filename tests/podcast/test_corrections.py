"""Publishing over time: corrected stories replace their episodes, and batch checks its options first.

The re-subscription test reads the feed as gPodder (podcastparser) and feedparser-based apps do:
after a corrected headline they must see the same episodes, one of them retitled, and no new one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import feedparser
import podcastparser
import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3
from PIL import Image

from tts_articles.cli import main

BASE_URL = "https://news.example.org/pod/"
STORY = "{title}\n\nThe harbour reopened on Monday after a storm closed it for three days.\n"
DETERMINISTIC = ["--noise-scale", "0", "--noise-w-scale", "0"]


def _batch(inputs: Path, outdir: Path) -> subprocess.CompletedProcess[str]:
    """Run batch as a user's cron job would: its own process, stderr to a file (not a terminal)."""
    command = [sys.executable, "-m", "tts_articles", "batch", str(inputs), "-o", str(outdir), "--jobs", "1",
               "--base-url", BASE_URL, *DETERMINISTIC]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ}, check=False)


def _episodes(feed: Path) -> dict[str, tuple[str, str]]:
    """guid -> (title, enclosure URL), as gPodder reads them; feedparser must agree."""
    with feed.open("rb") as stream:
        gpodder = {e["guid"]: (e["title"], e["enclosures"][0]["url"]) for e in podcastparser.parse(BASE_URL, stream)["episodes"]}
    parsed = feedparser.parse(feed.read_bytes())
    assert {e.id: (e.title, e.enclosures[0].href) for e in parsed.entries} == gpodder
    return gpodder


@pytest.mark.slow
def test_corrected_headline_retitles_its_episode_and_adds_none(tmp_path: Path) -> None:
    inputs, outdir = tmp_path / "today", tmp_path / "podcast"
    inputs.mkdir()
    outdir.mkdir()
    (outdir / "podcast.toml").write_text('title = "Harbour News"\nauthor = "The Harbour Desk"\n', encoding="utf-8")
    for name in ("a.txt", "b.txt"):  # two stories with one headline on one day
        (inputs / name).write_text(STORY.format(title="Harbour reopens"), encoding="utf-8")
    (inputs / "c.txt").write_text(STORY.format(title="Harbor reopns"), encoding="utf-8")
    first = _batch(inputs, outdir)
    assert first.returncode == 0, first.stderr
    assert "\r" not in first.stderr and "[3/3] converted" in first.stderr
    assert first.stderr.count("the feed breaks 1 required rules (owner email)") == 1
    before = _episodes(outdir / "feed.xml")
    assert len(before) == 3

    (inputs / "c.txt").write_text(STORY.format(title="Harbour reopens after storm"), encoding="utf-8")
    (outdir / "podcast.toml").write_text('title = "Harbour News"\nauthor = "The Harbour Desk"\n'
                                         'owner_email = "desk@example.org"\n', encoding="utf-8")
    second = _batch(inputs, outdir)
    assert second.returncode == 0, second.stderr
    assert "the feed breaks" not in second.stderr
    after = _episodes(outdir / "feed.xml")
    assert after.keys() == before.keys()
    changed = {guid for guid in after if after[guid] != before[guid]}
    assert changed == {"urn:tts-articles:file:today/c.txt"}
    (guid,) = changed
    assert after[guid] == ("Harbour reopens after storm", before[guid][1])
    mp3 = outdir / "episodes" / Path(before[guid][1]).name
    assert ID3(mp3)["TIT2"].text == ["Harbour reopens after storm"]
    assert ID3(mp3)["TPE1"].text == ["The Harbour Desk"]  # no byline, no publisher: the show's author
    record = json.loads(mp3.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["lastmod"] and record["artist"] == "The Harbour Desk"
    index = json.loads((outdir / "episodes.json").read_text(encoding="utf-8"))
    assert [row["lastmod"] is not None for row in index if row["guid"] == guid] == [True]


@pytest.mark.parametrize(
    "args, error",
    [
        (["--base-url", "ftp://example.org/pod"], "Error: base URL 'ftp://example.org/pod' must be an http(s) URL"),
        (["--voice", "bogus"], "Error: unknown voice 'bogus'"),
        (["--base-url", BASE_URL], "Error: podcast image wide.jpg"),
    ],
)
def test_batch_checks_its_options_before_reading_any_story(tmp_path: Path, args: list[str], error: str) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    Image.new("RGB", (600, 400), "navy").save(outdir / "wide.jpg")
    (outdir / "podcast.toml").write_text('title = "T"\nimage = "wide.jpg"\n', encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY.format(title="Harbour reopens"), encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "story.txt"), "-o", str(outdir), *args])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(error)
    assert not (outdir / "episodes").exists()
