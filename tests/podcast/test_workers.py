"""Executors: every job's result comes back, wherever the jobs run; batch takes any executor."""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from pathlib import Path

import pytest

from tts_articles.config import Settings
from tts_articles.podcast.batch import BatchOptions, run_batch
from tts_articles.podcast.manifest import find_stories
from tts_articles.podcast.report import StoryResult
from tts_articles.podcast.tasks import Task
from tts_articles.podcast.workers import InProcess, ProcessPool, executor_for


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
