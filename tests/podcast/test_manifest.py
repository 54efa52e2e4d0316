"""Batch inputs: files, folders and manifests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tts_articles.podcast.manifest import StoryInput, find_stories


def test_folder_gives_its_article_files_sorted_without_outputs_or_hidden_files(tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "c.html", "notes.pdf", ".draft.txt", "x.chapters.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [Path(s.origin).name for s in find_stories([str(tmp_path)])] == ["a.txt", "b.md", "c.html"]


def test_missing_file_still_becomes_a_story_to_report(tmp_path: Path) -> None:
    gone = tmp_path / "gone.txt"
    assert find_stories([str(gone)]) == [StoryInput(str(gone), place=f"{tmp_path.name}/gone.txt")]


def test_a_file_has_one_place_however_batch_is_given_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    today = tmp_path / "today"
    (today / "world").mkdir(parents=True)
    (today / "a.txt").write_text("x", encoding="utf-8")
    (today / "world" / "b.md").write_text("x", encoding="utf-8")
    (today / "list.jsonl").write_text('{"path": "a.txt"}\n{"path": "world/b.md"}\n', encoding="utf-8")
    monkeypatch.chdir(today / "world")
    given = ["..", "../a.txt", str(today / "a.txt"), "../list.jsonl", "https://example.org/c"]
    assert [story.place for story in find_stories(given)] == [
        "today/a.txt", "today/world/b.md", "today/a.txt", "today/a.txt", "today/a.txt", "today/world/b.md", None]


def test_json_lines_manifest_with_overrides_and_relative_paths(tmp_path: Path) -> None:
    manifest = tmp_path / "today.jsonl"
    manifest.write_text(
        '{"path": "one.txt", "title": "One", "authors": ["A", "B"], "date": "2024-11-06", "guid": "g1"}\n'
        "\n"
        '{"url": "https://example.org/two", "voice": "en_US-joe-medium"}\n',
        encoding="utf-8",
    )
    assert find_stories([str(manifest)]) == [
        StoryInput(str(tmp_path / "one.txt"), "One", ("A", "B"), "2024-11-06", None, "g1", f"{tmp_path.name}/one.txt"),
        StoryInput("https://example.org/two", voice="en_US-joe-medium"),
    ]


def test_csv_manifest_splits_authors_on_semicolons(tmp_path: Path) -> None:
    manifest = tmp_path / "today.csv"
    manifest.write_text("path,title,authors\none.txt,One,A; B\n", encoding="utf-8")
    assert find_stories([str(manifest)]) == [
        StoryInput(str(tmp_path / "one.txt"), "One", ("A", "B"), place=f"{tmp_path.name}/one.txt")]


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "today.jsonl:1: not valid JSON"),
        ("[" * 100_000, "today.jsonl:1: not valid JSON"),
        ('["a list"]', "today.jsonl:1: each line must be a JSON object"),
        ('{"title": "no path"}', "today.jsonl:1: give a path or a url"),
        ('{"path": "a.txt", "colour": "red"}', "today.jsonl:1: unknown field 'colour'"),
        ('{"path": "a.txt", "title": 5}', "today.jsonl:1: 'title' must be text, not int"),
        ('{"path": "a.txt", "date": 20240101}', "today.jsonl:1: 'date' must be text, not int"),
        ('{"path": "a.txt", "date": "yesterday"}', "today.jsonl:1: 'date' 'yesterday' is not a date"),
        ('{"path": 7}', "today.jsonl:1: 'path' must be text, not int"),
        ('{"path": "a.txt", "authors": [1, 2]}', "today.jsonl:1: 'authors' must be text or a list of text"),
    ],
)
def test_bad_manifest_line_is_a_story_with_its_problem_and_the_others_stay(tmp_path: Path, line: str, message: str) -> None:
    manifest = tmp_path / "today.jsonl"
    manifest.write_text(line + '\n{"path": "good.txt"}\n', encoding="utf-8")
    bad, good = find_stories([str(manifest)])
    assert bad.origin == f"{manifest}:1" and bad.problem is not None and bad.problem.startswith(f"{manifest.parent}/{message}")
    assert good.origin == str(tmp_path / "good.txt") and good.problem is None


def test_unreadable_manifest_is_a_story_with_its_problem(tmp_path: Path) -> None:
    manifest = tmp_path / "today.csv"
    manifest.write_bytes(b"path,title\n\xff\xfe,x\n")
    (story,) = find_stories([str(manifest)])
    assert story.origin == str(manifest) and story.problem is not None and "cannot read manifest" in story.problem
