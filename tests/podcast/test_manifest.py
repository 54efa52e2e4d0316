"""Batch inputs: files, folders and manifests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tts_articles.errors import SourceError
from tts_articles.podcast.manifest import StoryInput, find_stories


def test_folder_gives_its_article_files_sorted_without_outputs_or_hidden_files(tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "c.html", "notes.pdf", ".draft.txt", "x.chapters.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [Path(s.origin).name for s in find_stories([str(tmp_path)])] == ["a.txt", "b.md", "c.html"]


def test_missing_file_still_becomes_a_story_to_report(tmp_path: Path) -> None:
    assert find_stories([str(tmp_path / "gone.txt")]) == [StoryInput(str(tmp_path / "gone.txt"))]


def test_json_lines_manifest_with_overrides_and_relative_paths(tmp_path: Path) -> None:
    manifest = tmp_path / "today.jsonl"
    manifest.write_text(
        '{"path": "one.txt", "title": "One", "authors": ["A", "B"], "date": "2024-11-06", "guid": "g1"}\n'
        "\n"
        '{"url": "https://example.org/two", "voice": "en_US-joe-medium"}\n',
        encoding="utf-8",
    )
    assert find_stories([str(manifest)]) == [
        StoryInput(str(tmp_path / "one.txt"), "One", ("A", "B"), "2024-11-06", None, "g1"),
        StoryInput("https://example.org/two", voice="en_US-joe-medium"),
    ]


def test_csv_manifest_splits_authors_on_semicolons(tmp_path: Path) -> None:
    manifest = tmp_path / "today.csv"
    manifest.write_text("path,title,authors\none.txt,One,A; B\n", encoding="utf-8")
    assert find_stories([str(manifest)]) == [StoryInput(str(tmp_path / "one.txt"), "One", ("A", "B"))]


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "today.jsonl:1: not valid JSON"),
        ('["a list"]', "today.jsonl:1: each line must be a JSON object"),
        ('{"title": "no path"}', "today.jsonl:1: give a path or a url"),
        ('{"path": "a.txt", "colour": "red"}', "today.jsonl:1: unknown field 'colour'"),
    ],
)
def test_bad_manifest_line_is_an_error_naming_the_line(tmp_path: Path, line: str, message: str) -> None:
    manifest = tmp_path / "today.jsonl"
    manifest.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        find_stories([str(manifest)])
