"""Batch conversion end to end: real voice, parallel workers, resume, interruption, digest, feed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import numpy as np
import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from conftest import assert_podcast_mp3, decode
from tts_articles.cli import main

pytestmark = pytest.mark.slow

STORIES = {
    "harbour.md": "# Harbour reopens after storm\n\nThe harbour reopened on Monday after a storm closed it for "
                  "three days. Fishing boats returned to their moorings.\n",
    "school.md": "# New school opens in Lviv\n\nA new school opened its doors to six hundred pupils. "
                 "Teachers said the classrooms were bright and warm.\n",
    "bridge.md": "# Bridge repairs finish early\n\nEngineers finished repairing the river bridge a week early. "
                 "Traffic will flow again from Friday.\n",
}
DETERMINISTIC = ["--noise-scale", "0", "--noise-w-scale", "0"]


def _write_inputs(folder: Path) -> Path:
    inputs = folder / "in"
    inputs.mkdir()
    for name, text in STORIES.items():
        (inputs / name).write_text(text, encoding="utf-8")
    (inputs / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return inputs


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory, ffmpeg: str) -> dict:
    folder = tmp_path_factory.mktemp("batch")
    inputs = _write_inputs(folder)
    out = folder / "out"
    chime = folder / "chime.wav"
    subprocess.run([ffmpeg, "-v", "error", "-f", "lavfi", "-i", "sine=frequency=880:duration=0.4", str(chime)],
                   check=True)
    args = ["batch", str(inputs), "-o", str(out), "--jobs", "2", "--digest", "--transition", str(chime),
            "--base-url", "https://news.example.org/pod", *DETERMINISTIC]
    result = CliRunner().invoke(main, args)
    return {"result": result, "out": out, "args": args}


def test_good_stories_become_podcast_episodes(first_run: dict, ffmpeg: str) -> None:
    episodes = sorted((first_run["out"] / "episodes").glob("*.mp3"))
    assert len(episodes) == len(STORIES) + 1  # and the digest
    for mp3 in episodes:
        assert_podcast_mp3(ffmpeg, mp3)
        assert mp3.with_suffix(".vtt").is_file() and mp3.with_suffix(".json").is_file()


def test_broken_story_is_reported_and_the_exit_code_is_one(first_run: dict) -> None:
    result = first_run["result"]
    assert result.exit_code == 1
    assert "Error: 1 stories failed; reasons in" in result.output
    report = json.loads((first_run["out"] / "report.json").read_text(encoding="utf-8"))
    assert (report["converted"], report["failed"]) == (len(STORIES) + 1, 1)
    (failure,) = [story for story in report["stories"] if story["status"] == "failed"]
    assert failure["origin"].endswith("broken.txt") and "PNG image" in failure["reason"]


def test_second_run_converts_nothing(first_run: dict) -> None:
    before = {p: p.stat().st_mtime_ns for p in (first_run["out"] / "episodes").glob("*.mp3")}
    result = CliRunner().invoke(main, [*first_run["args"], "--json"])
    report = json.loads(result.stdout)
    assert (report["converted"], report["skipped"]) == (0, len(STORIES) + 1)
    assert before == {p: p.stat().st_mtime_ns for p in (first_run["out"] / "episodes").glob("*.mp3")}


def test_digest_has_a_chapter_per_story_with_its_link(first_run: dict) -> None:
    (digest,) = (first_run["out"] / "episodes").glob("*-digest.mp3")
    chaps = sorted(ID3(digest).getall("CHAP"), key=lambda chap: chap.start_time)
    titles = [str(chap.sub_frames["TIT2"]) for chap in chaps]
    assert titles[0] == "Introduction"
    assert sorted(titles[1:]) == sorted(text.splitlines()[0][2:] for text in STORIES.values())
    intro = json.loads(digest.with_suffix(".json").read_text(encoding="utf-8"))
    assert intro["title"].startswith("Narrated articles: ")


def test_digest_plays_the_transition_sound_before_each_story(first_run: dict, ffmpeg: str) -> None:
    (digest,) = (first_run["out"] / "episodes").glob("*-digest.mp3")
    samples = decode(ffmpeg, digest)
    chaps = sorted(ID3(digest).getall("CHAP"), key=lambda chap: chap.start_time)
    for chap in chaps[2:]:  # every story after the first follows a transition
        start_s = chap.start_time / 1000
        chime = samples[round((start_s - 0.85) * 44_100): round((start_s - 0.55) * 44_100)]
        assert np.abs(chime).max() > 0.05, f"no transition sound before {chap.sub_frames['TIT2']}"


def test_feed_lists_every_episode_with_exact_enclosure_lengths(first_run: dict) -> None:
    parsed = feedparser.parse(str(first_run["out"] / "feed.xml"))
    assert not parsed.bozo
    assert len(parsed.entries) == len(STORIES) + 1
    for entry in parsed.entries:
        (enclosure,) = entry.enclosures
        name = enclosure.href.rsplit("/", 1)[1]
        assert enclosure.href == f"https://news.example.org/pod/episodes/{name}"
        assert int(enclosure.length) == (first_run["out"] / "episodes" / name).stat().st_size


LONG_STORY = "# Council debates the city budget\n\n" + " ".join(
    f"Councillor number {n} spoke about the budget for roads, schools and parks for several minutes."
    for n in range(1, 25)
) + "\n"
"""Long enough to be still in progress when the first short story is done, so the kill lands mid-batch."""


def test_interrupted_run_leaves_no_partial_files_and_the_next_run_finishes(tmp_path: Path) -> None:
    inputs = _write_inputs(tmp_path)
    (inputs / "council.md").write_text(LONG_STORY, encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "tts_articles", "batch", str(inputs), "-o", str(out), "--jobs", "2", *DETERMINISTIC]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def finished() -> list[Path]:
        """An episode counts as finished once its metadata file is written, the last step."""
        return [mp3 for mp3 in (out / "episodes").glob("*.mp3") if mp3.with_suffix(".json").is_file()]

    deadline = time.monotonic() + 120
    while not finished() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=60) != 0
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    done = finished()
    assert 1 <= len(done) < len(STORIES) + 1
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    total = len(STORIES) + 1
    assert (report["skipped"], report["converted"]) == (len(done), total - len(done)), rerun.stderr


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def test_interrupt_while_workers_start_stops_cleanly(tmp_path: Path) -> None:
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs /proc to see the worker processes start")
    inputs = _write_inputs(tmp_path)
    command = [sys.executable, "-m", "tts_articles", "batch", str(inputs), "-o", str(tmp_path / "out"), "--jobs", "2"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGTERM)  # the workers are still importing
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr
