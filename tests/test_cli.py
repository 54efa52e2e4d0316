"""The command line: help, exact error lines and exit codes, JSON output, the sample article."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES
from tts_articles import __version__
from tts_articles.cli import main
from tts_articles.errors import VoiceError

SAMPLE = SAMPLES / "kyiv-independent-pow-executions.txt"
EXPECTED = json.loads((SAMPLES / "kyiv-independent-pow-executions.expected.json").read_text(encoding="utf-8"))


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize("name, command", _commands(main), ids=lambda value: value if isinstance(value, str) else "")
def test_every_command_has_help_and_is_in_the_readme(name: str, command: click.Command) -> None:
    result = _run(*name.split(), "--help")
    first_line = (command.help or "").split("\n")[0]
    assert result.exit_code == 0 and first_line in " ".join(result.output.split())
    assert f"tts-articles {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_version() -> None:
    assert _run("--version").output == f"tts-articles, version {__version__}\n"


@pytest.mark.parametrize(
    "args, exit_code, error",
    [
        (["narrate", "nope.txt"], 2,
         "Error: Invalid value for 'SOURCE': nope.txt does not exist; give the path of an article file, a URL or -"),
        (["narrate", "{tmp}"], 2, "Error: Invalid value for 'SOURCE': {tmp} is a folder; give the path of an article file"),
        (["narrate", "{tmp}/empty.txt"], 1, "Error: {tmp}/empty.txt is empty; give a file with an article in it"),
        (["narrate", "{tmp}/story.txt", "--voice", "bogus"], 1,
         "Error: unknown voice 'bogus'; available: en_US-joe-medium (see 'tts-articles voices')"),
        (["narrate", "{tmp}/story.txt", "--bitrate", "100"], 2,
         "Error: Invalid value for '--bitrate': '100' is not one of '32', '48', '56', '64', '80', '96', '112', "
         "'128', '160', '192'."),
        (["narrate", "{tmp}/story.txt", "-o", "{tmp}/missing/out.mp3"], 1,
         "Error: output folder {tmp}/missing does not exist; create it or choose another with -o"),
        (["narrate", "{tmp}/story.txt", "--date", "yesterday"], 2,
         "Error: Invalid value for '--date': 'yesterday' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
        (["narrate", "{tmp}/story.txt", "--config", "{tmp}/bad.toml"], 1,
         "Error: {tmp}/bad.toml: unknown setting 'speed'; known:"),
        (["narrate", "{tmp}/photo.txt"], 1,
         "Error: {tmp}/photo.txt is a PNG image, not an article; give a text, HTML or JSON file"),
        (["script", "{tmp}/story.txt", "--max-input-bytes", "10"], 1,
         "Error: {tmp}/story.txt is larger than 10 bytes; is it really an article? "
         "Raise the limit with --max-input-bytes"),
        (["lexicon", "check", "{tmp}/bad-lexicon.toml"], 1,
         "Error: {tmp}/bad-lexicon.toml:2: empty or non-text respelling for 'Kyiv'"),
    ],
)
def test_errors_are_one_line_with_the_fix_and_no_output_file(tmp_path: Path, args: list[str], exit_code: int,
                                                              error: str) -> None:
    (tmp_path / "empty.txt").write_text("\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("Headline\n\nOne sentence of news.\n", encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "bad.toml").write_text("[narrate]\nspeed = 2\n", encoding="utf-8")
    (tmp_path / "bad-lexicon.toml").write_text('[words]\n"Kyiv" = ""\n', encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    result = _run(*(arg.replace("{tmp}", str(tmp_path)) for arg in args))
    assert result.exit_code == exit_code
    last_line = result.output.strip().splitlines()[-1]
    assert last_line.startswith(error.replace("{tmp}", str(tmp_path)))
    assert "Traceback" not in result.output
    assert sorted(tmp_path.iterdir()) == before


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Headline\n\nOne sentence.\n", encoding="utf-8")
    result = _run("narrate", str(tmp_path / "story.txt"), "--voice", "bogus", "--debug")
    assert isinstance(result.exception, VoiceError)


def test_script_json_gives_the_expected_sample_extraction() -> None:
    result = _run("script", str(SAMPLE), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in ("title", "authors", "published", "publisher", "paragraphs"):
        assert data[key] == EXPECTED[key], key
    spoken = " ".join(s["written"] for chapter in data["chapters"] for s in chapter["sentences"])
    for phrase in EXPECTED["must_not_speak"]:
        assert phrase not in spoken


def test_script_shows_dropped_lines_and_spoken_forms() -> None:
    result = _run("script", str(SAMPLE), "--show-dropped", "--spoken")
    assert result.exit_code == 0
    assert "  - [navigation] Skip to content" in result.output
    assert "said on Nov. 6.\n    → " in result.output and "said on November sixth." in result.output


@pytest.mark.slow
def test_sample_narration_speaks_the_story_and_none_of_the_page_furniture(tmp_path: Path) -> None:
    result = _run("narrate", str(SAMPLE), "-o", str(tmp_path / "kyiv.mp3"), "--json", "-q")
    assert result.exit_code == 0, result.output
    transcript = (tmp_path / "kyiv.vtt").read_text(encoding="utf-8")
    for phrase in EXPECTED["must_not_speak"]:
        assert phrase not in transcript
    assert "Most cases were recorded in embattled Donetsk Oblast." in transcript
    assert json.loads(result.stdout)["chapters"][0]["title"] == "Introduction"


@pytest.mark.slow
def test_stdin_is_named_after_the_title_in_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("narrate", "-", "--json", "--outro", "", input="Storm hits the coast\n\nWind reached gale force.\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["mp3"] == "storm-hits-the-coast.mp3"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "storm-hits-the-coast.chapters.json", "storm-hits-the-coast.mp3", "storm-hits-the-coast.vtt"]


@pytest.mark.slow
def test_narrate_a_url_over_loopback(tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    from mutagen.id3 import ID3

    pages = ROOT / "tests" / "fixtures" / "html"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(pages))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/wire-syndicated.html"
    try:
        result = _run("narrate", url, "-o", str(tmp_path / "wire.mp3"), "--json", "--chapters", "none")
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    tags = ID3(tmp_path / "wire.mp3")
    assert str(tags["TIT2"]) == "Russia strikes Ukraine's power grid as winter nears"
    assert tags["WOAS"].url == url
    assert not tags.getall("CHAP") and not (tmp_path / "wire.chapters.json").exists()
    transcript = (tmp_path / "wire.vtt").read_text(encoding="utf-8")
    assert "We use cookies" not in transcript and "Ukrenergo said emergency outages" in transcript


def test_stdin_without_a_headline_asks_for_a_title(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("narrate", "-", input="Menu\n\nWind reached gale force.\n")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Error: -: found no headline and no file name to call it by; give one with --title"
    assert list(tmp_path.iterdir()) == []
