"""Fault injection into batch through the real CLI: overlapping runs, kill -9, SIGTERM, full and read-only disks, bad stories.

Every case runs `python -m tts_articles batch` in a fresh process, as cron would, and checks
what an operator relies on: no traceback, one `Error:` line where the run fails, every
published episode complete (its metadata written, its MP3 decodable), and nothing that was
finished lost. Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_input_faults import assert_one_clear_error

from conftest import alive, children, decode, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.slow]

TIME_LIMIT_S = 240
STORIES = {
    "harbour.md": "# Harbour reopens\n\nThe harbour reopened on Monday after a storm.\n",
    "school.md": "# School opens\n\nA new school opened its doors to six hundred pupils.\n",
    "bridge.md": "# Bridge repairs finish\n\nEngineers finished repairing the bridge a week early.\n",
}
QUIET = ["--noise-scale", "0", "--noise-w-scale", "0", "--outro", ""]


def write_stories(folder: Path, stories: dict[str, str] = STORIES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in stories.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def uncached_story(sentences: int) -> str:
    """A story whose sentences no cache holds, so that it takes real synthesis time."""
    salt = random.randrange(10**6)
    return "# A long speech\n\n" + " ".join(
        f"Speaker {salt} made point {n} of {n * 7} about the {n + 11} roads." for n in range(sentences)) + "\n"


def batch_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tts_articles", "batch", *args, *QUIET]


def run_batch(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(batch_command(*args), cwd=cwd, capture_output=True, text=True, timeout=TIME_LIMIT_S)


def start_batch(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(batch_command(*args), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


@contextlib.contextmanager
def stopped_at_the_end(process: subprocess.Popen[str]) -> Iterator[subprocess.Popen[str]]:
    """Whatever the test asserts, leave no batch or worker behind."""
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)




def finished(outdir: Path) -> list[Path]:
    """Episodes whose metadata, the last file a story writes, is there."""
    return sorted(mp3 for mp3 in (outdir / "episodes").glob("*.mp3") if mp3.with_suffix(".json").is_file())


def assert_all_published_complete(outdir: Path, ffmpeg: str) -> None:
    assert not [path.name for path in outdir.rglob("*.part")]
    for mp3 in (outdir / "episodes").glob("*.mp3"):
        metadata = json.loads(mp3.with_suffix(".json").read_text(encoding="utf-8"))
        assert metadata["audio_bytes"] == mp3.stat().st_size
        assert abs(len(decode(ffmpeg, mp3)) / 44_100 - metadata["duration_s"]) < 0.1


def report(outdir: Path) -> dict:
    return json.loads((outdir / "report.json").read_text(encoding="utf-8"))






needs_proc = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see worker processes")


@contextlib.contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """A small tmpfs at `folder`; skips the test where mounting is not allowed (not root, say)."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip() or 'not root'}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.slow
@needs_proc
def test_a_second_batch_on_the_same_outdir_fails_at_once_and_the_first_finishes(tmp_path: Path, ffmpeg: str) -> None:
    inputs = write_stories(tmp_path / "in")
    with stopped_at_the_end(start_batch(str(inputs), "-o", "out", "--jobs", "2", cwd=tmp_path)) as first:
        assert wait_until(lambda: len(children(first.pid)) >= 2, TIME_LIMIT_S)  # the lock is taken before the workers start
        second = run_batch(str(inputs), "-o", "out", cwd=tmp_path)
        assert_one_clear_error(second, f"another batch (process {first.pid}) is writing to out; let it finish")
        _, stderr = first.communicate(timeout=TIME_LIMIT_S)
    assert first.returncode == 0 and "Traceback" not in stderr, stderr
    assert len(finished(tmp_path / "out")) == len(STORIES)
    assert_all_published_complete(tmp_path / "out", ffmpeg)


@pytest.mark.slow
@needs_proc
def test_a_second_batch_told_to_wait_runs_once_the_first_is_done(tmp_path: Path) -> None:
    inputs = write_stories(tmp_path / "in", {**STORIES, "fresh.md": uncached_story(sentences=12)})
    with stopped_at_the_end(start_batch(str(inputs), "-o", "out", "--jobs", "2", cwd=tmp_path)) as first:
        assert wait_until(lambda: len(children(first.pid)) >= 2, TIME_LIMIT_S)
        second = run_batch(str(inputs), "-o", "out", "--wait", "200", "--json", cwd=tmp_path)
        assert first.poll() == 0  # it ended while the second waited
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["skipped"] == len(STORIES) + 1


LONG_STORY = "# Council debates the budget\n\n" + " ".join(
    f"Councillor number {n} spoke about roads, schools and parks for {n + 3} minutes." for n in range(1, 30)) + "\n"


@pytest.mark.slow
@needs_proc
def test_kill_9_takes_the_workers_down_and_a_rerun_finishes_every_story(tmp_path: Path, ffmpeg: str) -> None:
    inputs = write_stories(tmp_path / "in", {**STORIES, "council.md": LONG_STORY})
    out = tmp_path / "out"
    with stopped_at_the_end(start_batch(str(inputs), "-o", "out", "--jobs", "2", cwd=tmp_path)) as first:
        assert wait_until(lambda: finished(out), TIME_LIMIT_S)
        workers = children(first.pid)
        first.send_signal(signal.SIGKILL)  # the batch alone, as the OOM killer would
        first.wait(10)
        assert wait_until(lambda: not any(alive(pid) for pid in workers), 15), [pid for pid in workers if alive(pid)]
    done = finished(out)
    assert 1 <= len(done) < len(STORIES) + 1
    rerun = run_batch(str(inputs), "-o", "out", "--jobs", "2", cwd=tmp_path)
    assert rerun.returncode == 0 and "Traceback" not in rerun.stderr, rerun.stderr
    counts = report(out)
    assert (counts["skipped"], counts["converted"], counts["failed"]) == (len(done), len(STORIES) + 1 - len(done), 0)
    assert len(finished(out)) == len(STORIES) + 1
    assert_all_published_complete(out, ffmpeg)


@pytest.mark.slow
def test_sigterm_during_the_digest_writes_the_report_and_leaves_nothing_half_written(tmp_path: Path, ffmpeg: str) -> None:
    inputs = write_stories(tmp_path / "in")
    out = tmp_path / "out"
    with stopped_at_the_end(start_batch(str(inputs), "-o", "out", "--digest", "--jobs", "1", cwd=tmp_path)) as batch:
        digest_begun = wait_until(lambda: list((out / "episodes").glob(".*digest*.part")), TIME_LIMIT_S, step_s=0.002)
        batch.send_signal(signal.SIGTERM)
        _, stderr = batch.communicate(timeout=60)
    assert digest_begun
    # -SIGINT: an interrupt that lands while the digest loads the voice here goes through
    # Python code that onnxruntime runs with PyRun_String, which makes CPython end the
    # process by SIGINT once it has exited cleanly (same clean-up, same files).
    assert batch.returncode in (130, -signal.SIGINT) and "Interrupted" in stderr, stderr
    assert "Traceback" not in stderr
    assert report(out)["stopped"] == "interrupted" and report(out)["converted"] == len(STORIES)
    assert len(finished(out)) == len(STORIES)  # every story kept, the digest not published
    assert_all_published_complete(out, ffmpeg)


@pytest.mark.slow
@needs_proc
def test_sigterm_while_workers_start_is_no_traceback_and_the_report_is_written(tmp_path: Path) -> None:
    inputs = write_stories(tmp_path / "in")
    with stopped_at_the_end(start_batch(str(inputs), "-o", "out", "--jobs", "3", cwd=tmp_path)) as batch:
        assert wait_until(lambda: len(children(batch.pid)) >= 2, TIME_LIMIT_S, step_s=0.002)
        batch.send_signal(signal.SIGTERM)  # the workers are still importing
        _, stderr = batch.communicate(timeout=60)
    assert batch.returncode == 130 and "Traceback" not in stderr, stderr
    assert report(tmp_path / "out")["stopped"] == "interrupted"
    assert not list((tmp_path / "out").rglob("*.part"))


@pytest.mark.slow
def test_a_full_disk_while_writing_the_report_is_one_clear_line(tmp_path: Path, ffmpeg: str) -> None:
    inputs = write_stories(tmp_path / "in")
    assert run_batch(str(inputs), "-o", "out", cwd=tmp_path).returncode == 0
    with tmpfs(tmp_path / "small", "size=1m") as disk:
        subprocess.run(["cp", "-a", str(tmp_path / "out"), str(disk)], check=True)
        (disk / "out" / "report.json").unlink()
        subprocess.run(["dd", "if=/dev/zero", f"of={disk / 'filler'}", "bs=4k"], capture_output=True)  # until the disk is full
        result = run_batch(str(inputs), "-o", str(disk / "out"), cwd=tmp_path)
        assert_one_clear_error(result, f"cannot write {disk / 'out' / 'report.json'}: No space left on device")
        assert len(finished(disk / "out")) == len(STORIES)
        assert_all_published_complete(disk / "out", ffmpeg)


def test_a_read_only_outdir_is_one_clear_line(tmp_path: Path) -> None:
    inputs = write_stories(tmp_path / "in")
    with tmpfs(tmp_path / "read-only", "ro,size=1m") as disk:
        result = run_batch(str(inputs), "-o", str(disk), cwd=tmp_path)
        assert_one_clear_error(result, f"output folder {disk} is not writable; choose another with -o")
        assert list(disk.iterdir()) == []


def test_an_outdir_under_a_regular_file_is_one_clear_line(tmp_path: Path) -> None:
    inputs = write_stories(tmp_path / "in")
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    result = run_batch(str(inputs), "-o", "file/out", cwd=tmp_path)
    assert_one_clear_error(result, "cannot create output folder file/out: Not a directory; choose another with -o")


@pytest.mark.slow
def test_every_bad_story_is_reported_and_the_good_one_published(tmp_path: Path, ffmpeg: str) -> None:
    inputs = write_stories(tmp_path / "in", {"good.md": STORIES["harbour.md"]})
    (inputs / "fields.json").write_text('{"title": "Vote", "date": 20240101, "text": "The council met."}', encoding="utf-8")
    (inputs / "loop.txt").symlink_to(inputs / "loop.txt")
    manifest = tmp_path / "today.jsonl"
    manifest.write_text("\n".join([
        '{"path": "in/good.md"}',
        '{"path": "in/good.md", "title": 5}',
        '{"path": "in/good.md", "date": 20240101}',
        '{"path": "in/fields.json"}',
        '{"path": "in/loop.txt"}',
        "{not json",
    ]) + "\n", encoding="utf-8")
    result = run_batch(str(manifest), "-o", "out", cwd=tmp_path)
    assert_one_clear_error(result, "5 stories failed; reasons in out/report.json")
    reasons = {Path(story["origin"]).name: story["reason"] for story in report(tmp_path / "out")["stories"]
               if story["status"] == "failed"}
    assert reasons == {
        "today.jsonl:2": f"{manifest}:2: 'title' must be text, not int; quote it",
        "today.jsonl:3": f"{manifest}:3: 'date' must be text, not int; quote it",
        "fields.json": f"{inputs / 'fields.json'}: the JSON field 'date' must be text; fix it or leave it out",
        "loop.txt": f"cannot read {inputs / 'loop.txt'}: Too many levels of symbolic links",
        "today.jsonl:6": f"{manifest}:6: not valid JSON (Expecting property name enclosed in double quotes)",
    }
    assert len(finished(tmp_path / "out")) == 1
    assert_all_published_complete(tmp_path / "out", ffmpeg)


@pytest.mark.slow
@needs_proc
def test_a_story_over_its_time_limit_is_failed_and_the_others_finish(tmp_path: Path, ffmpeg: str) -> None:
    inputs = write_stories(tmp_path / "in", {**STORIES, "endless.md": uncached_story(sentences=400)})
    started = time.monotonic()
    result = run_batch(str(inputs), "-o", "out", "--jobs", "2", "--story-timeout", "20", cwd=tmp_path)
    assert time.monotonic() - started < 20 + 10 + 120
    assert_one_clear_error(result, "1 stories failed")
    (failure,) = [story for story in report(tmp_path / "out")["stories"] if story["status"] == "failed"]
    assert failure["origin"].endswith("endless.md") and failure["reason"] == "took longer than its time limit of 20 s"
    assert len(finished(tmp_path / "out")) == len(STORIES)
    assert_all_published_complete(tmp_path / "out", ffmpeg)
