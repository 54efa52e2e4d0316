"""`feed --check`: the written feed read back against Apple's and Podcasting 2.0's rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image
from test_pages import make_episode

from tts_articles.cli import main
from tts_articles.errors import FeedError
from tts_articles.podcast.channel import ChannelConfig
from tts_articles.podcast.feed import write_feed
from tts_articles.podcast.feed_check import RULES, check_feed, required_failures

BASE_URL = "http://127.0.0.1:8000/pod"
MINIMAL_CONFIG = 'title = "The Morning Desk"\nauthor = "Desk Editors"\nowner_email = "desk@example.org"\n'
NAMESPACES = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    make_episode(folder, "2024-11-06-older", "2024-11-06T19:34:00+00:00")
    make_episode(folder, "2024-11-07-newer", "2024-11-07T08:00:00+00:00")
    (folder / "podcast.toml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    return folder


def run_check(outdir: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["feed", str(outdir), "--base-url", BASE_URL, "--check", *extra])
    return result.exit_code, result.output


def by_rule(outdir: Path) -> dict[str, tuple[bool, str]]:
    return {result.rule: (result.met, result.detail) for result in check_feed(outdir)}


def test_title_author_and_owner_email_are_enough_to_pass(outdir: Path) -> None:
    exit_code, output = run_check(outdir)
    assert exit_code == 0, output
    lines = output.splitlines()[1:]
    assert [re.match(r"(met|NOT MET) +(.+?) \(", line).group(2) for line in lines] == [rule.name for rule in RULES]
    assert all(line.startswith("met ") for line in lines), output
    assert "cover-" in lines[0] and "3000x3000 px RGB JPEG" in lines[0]


def test_default_channel_fails_on_owner_and_author(outdir: Path) -> None:
    (outdir / "podcast.toml").unlink()
    exit_code, output = run_check(outdir, "--config", str(_write(outdir.parent / "empty.toml", "")))
    assert exit_code == 1
    assert "NOT MET  owner email (required): no itunes:owner email" in output
    assert "NOT MET  author (required): itunes:author is the default 'tts-articles'" in output
    assert output.splitlines()[-1] == "Error: the feed breaks 2 required rules; see NOT MET above"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _edit_feed(outdir: Path, xpath: str, attribute: str | None, value: str | None) -> None:
    """Change every element `xpath` selects in the written feed: an attribute, the text, or remove it."""
    path = outdir / "feed.xml"
    tree = etree.parse(str(path))
    for element in tree.getroot().xpath(xpath, namespaces=NAMESPACES):
        if value is None:
            element.getparent().remove(element)
        elif attribute:
            element.set(attribute, value)
        else:
            element.text = value
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


@pytest.mark.parametrize(("xpath", "attribute", "value", "rule", "detail"), [
    ("channel/itunes:image", None, None, "artwork", "no itunes:image"),
    ("channel/itunes:owner", None, None, "owner email", "no itunes:owner email"),
    ("channel/itunes:author", None, "", "author", "no itunes:author"),
    ("channel/itunes:category", "text", "Podcasts", "category", "'Podcasts' is not one of Apple's"),
    ("channel/itunes:category/itunes:category", "text", "Cooking", "category", "subcategory 'Cooking' is not in 'News'"),
    ("channel/itunes:explicit", None, "yes", "explicit", "'yes', not true or false"),
    ("channel/language", None, "English", "language", "'English', not a tag"),
    ("channel/item/guid", None, "same", "guid", "two episodes share a guid"),
    ("channel/item[1]/guid", None, None, "guid", "1 of 2 episodes have no guid"),
    ("channel/item[2]/enclosure", "type", "audio/wav", "enclosure type and length", "'audio/wav' is not one Apple plays"),
    ("channel/item[1]/enclosure", "length", "0", "enclosure type and length", "enclosure length '0' is not a size"),
    ("channel/item[1]/enclosure", "length", "999", "enclosure type and length", "enclosure length 999 but 2024-11-07-newer.mp3 is 1000"),
    ("channel/item[1]/podcast:transcript", "type", "text/x-mine", "transcript types", "type text/x-mine"),
    ("channel/item/podcast:transcript", None, None, "transcript types", "no episode links transcript"),
    ("channel/item[2]/podcast:chapters", "type", "application/json", "chapters types", "type application/json;"),
])
def test_each_broken_rule_is_reported(
    outdir: Path, xpath: str, attribute: str | None, value: str | None, rule: str, detail: str
) -> None:
    write_feed(outdir, BASE_URL, ChannelConfig(title="Show", author="Desk", owner_email="desk@example.org", subcategory="Daily News"))
    assert not [name for name, (met, _) in by_rule(outdir).items() if not met]
    _edit_feed(outdir, xpath, attribute, value)
    broken = {name: found for name, (met, found) in by_rule(outdir).items() if not met}
    assert list(broken) == [rule]
    assert detail in broken[rule]


def test_a_feed_without_episodes_fails(tmp_path: Path) -> None:
    write_feed(tmp_path, BASE_URL, ChannelConfig(author="Desk", owner_email="desk@example.org"))
    broken = {name: found for name, (met, found) in by_rule(tmp_path).items() if not met}
    assert list(broken) == ["guid", "enclosure type and length", "transcript types", "chapters types"]
    assert broken["guid"] == "the feed lists no episodes"


def test_artwork_in_outdir_is_measured(outdir: Path) -> None:
    write_feed(outdir, BASE_URL, ChannelConfig(author="Desk", owner_email="desk@example.org"))
    (cover,) = outdir.glob("cover-*.jpg")
    Image.new("RGB", (600, 400)).save(cover, format="JPEG")
    met, detail = by_rule(outdir)["artwork"]
    assert not met and detail == f"{cover.name} is 600x400 px, not square"


def test_recommended_rules_do_not_fail_the_check(outdir: Path) -> None:
    write_feed(outdir, BASE_URL, ChannelConfig(author="Desk", owner_email="desk@example.org"))
    _edit_feed(outdir, "channel/item/podcast:chapters", None, None)
    results = check_feed(outdir)
    assert [r.rule for r in results if not r.met] == ["chapters types"]
    assert required_failures(results) == []


def test_missing_feed_is_a_feed_error(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="write it with `tts-articles feed` first"):
        check_feed(tmp_path)
