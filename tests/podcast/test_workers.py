"""Executors: every job's result comes back, wherever the jobs run; batch takes any executor."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Generator, Sequence
from pathlib import Path

import pytest

from conftest import alive, children, wait_until
from tts_articles.config import Settings
from tts_articles.errors import OutputError
from tts_articles.files import folder_lock
from tts_articles.podcast import crew
from tts_articles.podcast.batch import BatchOptions, run_batch
from tts_articles.podcast.manifest import find_stories
from tts_articles.podcast.report import StoryResult
from tts_articles.podcast.tasks import Task
from tts_articles.podcast.workers import InProcess, JobFailed, ProcessPool, executor_for


@pytest.mark.parametrize("executor", [InProcess(), ProcessPool(2)], ids=["in-process", "process-pool"])
def test_every_result_comes_back(executor: InProcess | ProcessPool) -> None:
    assert sorted(executor.results(abs, [-3, 1, -2])) == [1, 2, 3]


def test_one_worker_or_one_job_runs_here() -> None:
    assert isinstance(executor_for(1, 5), InProcess)
    assert isinstance(executor_for(4, 1), InProcess)
    assert isinstance(executor_for(4, 5), ProcessPool)


class _Recording:
    """An executor that converts nothing: it notes the jobs and reports each as converted."""

    def __init__(self) -> None:
        self.jobs: list[Task] = []

    def results(self, work: Callable[[Task], StoryResult], jobs: Sequence[Task]) -> Generator[StoryResult, None, None]:
        for job in jobs:
            self.jobs.append(job)
            yield StoryResult(job.story.origin, "converted", job.article.title)


def test_batch_hands_every_readable_story_to_its_executor(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "harbour.md").write_text("# Harbour reopens\n\nBoats returned on Monday.\n", encoding="utf-8")
    (inputs / "school.md").write_text("# School opens\n\nSix hundred pupils arrived.\n", encoding="utf-8")
    (inputs / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    outdir = tmp_path / "out"
    outdir.mkdir()
    executor = _Recording()
    report = run_batch(find_stories([str(inputs)]), Settings(), BatchOptions(outdir, jobs=4), executor=executor)
    assert sorted(task.article.title for task in executor.jobs) == ["Harbour reopens", "School opens"]
    assert sorted(result.status for result in report.results) == ["converted", "converted", "failed"]
    assert (outdir / "report.json").is_file() and (outdir / "episodes.json").is_file()


class _Naps:
    """Supervised work: a job is seconds to sleep, or "exit" (the worker dies), or "raise"."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s

    def __call__(self, job: float | str) -> str:
        if job == "exit":
            os.kill(os.getpid(), signal.SIGKILL)
        if job == "raise":
            raise ValueError("a bug")
        if job == "stubborn":  # ignores Ctrl-C, as code stuck in a C library would
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            job = 60.0
        time.sleep(float(job))
        return f"slept {job}"

    def time_limit_s(self, job: float | str) -> float:
        return self.limit_s

    def failed(self, job: float | str, reason: str) -> str:
        return f"failed {job}: {reason}"


@pytest.mark.slow
def test_a_job_past_its_time_limit_fails_and_the_others_finish() -> None:
    started = time.monotonic()
    results = sorted(ProcessPool(2).results(_Naps(limit_s=3), [0.1, 60.0, 0.2, 0.3]))
    assert results == ["failed 60.0: took longer than its time limit of 3 s", "slept 0.1", "slept 0.2", "slept 0.3"]
    assert time.monotonic() - started < 20


@pytest.mark.slow
def test_a_job_that_ignores_the_stop_is_killed_and_its_worker_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crew, "OVERTIME_GRACE_S", 0.5)
    results = sorted(ProcessPool(1).results(_Naps(limit_s=2), ["stubborn", 0.1]))
    assert results == ["failed stubborn: took longer than its time limit of 2 s", "slept 0.1"]


@pytest.mark.slow
def test_a_worker_that_dies_or_raises_fails_its_job_only() -> None:
    results = sorted(ProcessPool(2).results(_Naps(limit_s=30), ["exit", 0.1, "raise", 0.2]))
    assert results == [
        "failed exit: its worker process was killed by SIGKILL",
        "failed raise: internal error: ValueError('a bug')",
        "slept 0.1", "slept 0.2",
    ]


@pytest.mark.slow
def test_in_process_a_job_past_its_time_limit_fails() -> None:
    started = time.monotonic()
    assert list(InProcess().results(_Naps(limit_s=0.5), [60.0, 0.1])) == [
        "failed 60.0: took longer than its time limit of 0.5 s", "slept 0.1"]
    assert time.monotonic() - started < 10


def test_plain_work_whose_worker_dies_is_an_error() -> None:
    with pytest.raises(JobFailed, match=r"stopped unexpectedly \(exit code 3\)"):
        list(ProcessPool(2).results(os._exit, [3, 3]))


POOL_OF_SLEEPERS = "import time; from tts_articles.podcast.workers import ProcessPool; list(ProcessPool(2).results(time.sleep, [60, 60]))"








@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to find the workers")
def test_workers_die_with_their_parent_killed_by_sigkill() -> None:
    parent = subprocess.Popen([sys.executable, "-c", POOL_OF_SLEEPERS], start_new_session=True)
    try:
        assert wait_until(lambda: len(children(parent.pid)) >= 3, 60)  # two workers and the resource tracker
        workers = children(parent.pid)
        time.sleep(1)  # the workers are past their start-up, asleep in their jobs
        parent.kill()
        parent.wait(10)
        assert wait_until(lambda: not any(alive(pid) for pid in workers), 10), [p for p in workers if alive(p)]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)


def test_a_batch_on_a_locked_outdir_stops_before_touching_anything(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    (outdir / "episodes").mkdir(parents=True)
    other_runs_file = outdir / "episodes" / ".story.mp3.x1y2.part"
    other_runs_file.write_bytes(b"being written")
    with folder_lock(outdir):
        with pytest.raises(OutputError, match="another batch"):
            run_batch([], Settings(), BatchOptions(outdir), executor=_Recording())
        assert other_runs_file.exists() and not (outdir / "report.json").exists()
    run_batch([], Settings(), BatchOptions(outdir), executor=_Recording())
    assert not other_runs_file.exists()  # its run has ended: the lock says so


class _Interrupted(_Recording):
    """Ctrl-C after the first story."""

    def results(self, work: Callable[[Task], StoryResult], jobs: Sequence[Task]) -> Generator[StoryResult, None, None]:
        yield from super().results(work, jobs[:1])
        raise KeyboardInterrupt


def test_an_interrupted_batch_writes_its_report_and_index(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.md", "b.md"):
        (inputs / name).write_text(f"# Story {name}\n\nBoats returned on Monday.\n", encoding="utf-8")
    outdir = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_batch(find_stories([str(inputs)]), Settings(), BatchOptions(outdir), executor=_Interrupted())
    report = json.loads((outdir / "report.json").read_text(encoding="utf-8"))
    assert (report["converted"], report["stopped"]) == (1, "interrupted")
    assert json.loads((outdir / "episodes.json").read_text(encoding="utf-8")) == []
