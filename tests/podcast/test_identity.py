"""Episode names: permanent guids and file stems that never follow the headline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tts_articles.podcast.episodes import EpisodeRecord, read_episodes, write_episode_record
from tts_articles.podcast.identity import DuplicateStory, EpisodeNamer
from tts_articles.podcast.manifest import StoryInput
from tts_articles.types import Article, Section

DAY = "2024-11-06T08:00:00+00:00"


def _article(title: str, url: str | None = None) -> Article:
    return Article(title, (Section(None, ("Text.",)),), published=DAY, url=url)


def _story(place: str, guid: str | None = None) -> StoryInput:
    return StoryInput(f"/inputs/{place}", guid=guid, place=place)


def _publish(outdir: Path, guid: str, stem: str, title: str, story_id: str | None) -> None:
    (outdir / "episodes").mkdir(parents=True, exist_ok=True)
    record = EpisodeRecord(guid=guid, title=title, description="", authors=(), published=DAY,
                           audio_file=f"{stem}.mp3", audio_bytes=1, duration_s=1.0, voice="v", story_id=story_id)
    write_episode_record(outdir / "episodes" / f"{stem}.json", record)


def test_two_stories_with_one_headline_on_one_day_are_two_episodes(tmp_path: Path) -> None:
    namer = EpisodeNamer(tmp_path, [])
    first = namer.name(_story("today/a.txt"), _article("Storm hits the coast"))
    second = namer.name(_story("today/b.txt"), _article("Storm hits the coast"))
    assert first.guid == "urn:tts-articles:file:today/a.txt"
    assert second.guid == "urn:tts-articles:file:today/b.txt"
    assert (first.stem, second.stem) == ("2024-11-06-storm-hits-the-coast", "2024-11-06-storm-hits-the-coast-2")


def test_manifest_guid_then_canonical_url_name_the_story() -> None:
    namer = EpisodeNamer(Path("."), [])
    assert namer.name(_story("today/a.txt", guid="g1"), _article("A", "https://x.org/a")).guid == "g1"
    assert namer.name(_story("today/b.txt"), _article("B", "https://x.org/b")).guid == "https://x.org/b"


def test_corrected_headline_keeps_the_episode_guid_stem_and_date(tmp_path: Path) -> None:
    _publish(tmp_path, "urn:tts-articles:file:today/a.txt", "2024-11-05-storm", "Storm", "urn:tts-articles:file:today/a.txt")
    name = EpisodeNamer(tmp_path, read_episodes(tmp_path)).name(_story("today/a.txt"), _article("Storm hits the coast"))
    assert (name.guid, name.stem, name.published) == ("urn:tts-articles:file:today/a.txt", "2024-11-05-storm", DAY)


def test_episode_named_after_its_headline_keeps_its_name_and_learns_its_place(tmp_path: Path) -> None:
    old_guid = "urn:tts-articles:storm-hits-the-coast:2024-11-06"
    _publish(tmp_path, old_guid, "2024-11-06-storm-hits-the-coast", "Storm hits the coast", None)
    name = EpisodeNamer(tmp_path, read_episodes(tmp_path)).name(_story("today/a.txt"), _article("Storm hits the coast"))
    assert (name.guid, name.stem) == (old_guid, "2024-11-06-storm-hits-the-coast")
    stored = json.loads((tmp_path / "episodes" / "2024-11-06-storm-hits-the-coast.json").read_text(encoding="utf-8"))
    assert stored["story_id"] == "urn:tts-articles:file:today/a.txt"
    corrected = EpisodeNamer(tmp_path, read_episodes(tmp_path)).name(_story("today/a.txt"), _article("Gale hits"))
    assert corrected.guid == old_guid
    other = EpisodeNamer(tmp_path, read_episodes(tmp_path)).name(_story("today/b.txt"), _article("Storm hits the coast"))
    assert other.guid == "urn:tts-articles:file:today/b.txt"


def test_the_same_story_twice_in_a_batch_is_named_once() -> None:
    namer = EpisodeNamer(Path("."), [])
    namer.name(_story("today/a.html"), _article("A", "https://x.org/a"))
    with pytest.raises(DuplicateStory, match="same story as /inputs/today/a.html"):
        namer.name(_story("today/copy.html"), _article("A", "https://x.org/a"))
