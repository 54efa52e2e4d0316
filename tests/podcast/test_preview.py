"""batch --dry-run: every story extracted and reviewed, nothing written or synthesised."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import SAMPLES
from tts_articles.cli import main

STORY = (
    "Menu\nSearch\n"
    "The council voted on Tuesday to turn the old rail yard into a park with a wetland and a cycle path, officials said.\n"
    "Work starts in spring and the first paths should open to walkers by the end of next year, the council said.\n"
)


def test_dry_run_reviews_every_story_and_writes_nothing(tmp_path: Path) -> None:
    stories = tmp_path / "today"
    stories.mkdir()
    shutil.copy(SAMPLES / "kyiv-independent-pow-executions.txt", stories)
    (stories / "rail-yard.txt").write_text(STORY, encoding="utf-8")
    outdir = tmp_path / "podcast"
    result = CliRunner().invoke(main, ["batch", str(stories), "-o", str(outdir), "--dry-run", "--json", "-q"])
    assert result.exit_code == 0, result.output
    previews = {Path(item["origin"]).name: item for item in json.loads(result.stdout)}
    sample, unsure = previews["kyiv-independent-pow-executions.txt"], previews["rail-yard.txt"]
    assert (sample["title_source"], sample["authors"], sample["num_dropped"] > 0) == (
        "page text", ["Kateryna Denisova", "The Kyiv Independent news desk"], True)
    assert (unsure["title"], unsure["title_source"], unsure["title_confidence"]) == ("rail yard", "file name", 0.0)
    assert not outdir.exists()


def test_dry_run_text_names_the_headline_source(tmp_path: Path) -> None:
    story = tmp_path / "rail-yard.txt"
    story.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(story), "-o", str(tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Headline: rail yard  (from the file name, confidence 0.00)" in result.stdout
