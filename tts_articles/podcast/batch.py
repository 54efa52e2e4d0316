"""Many articles -> one episode each, in parallel: resumable, failures isolated, with an index and a report."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tts_articles.config import Settings
from tts_articles.files import check_writable_folder
from tts_articles.podcast.channel import ChannelConfig
from tts_articles.podcast.cluster import ClusterExecutor
from tts_articles.podcast.episodes import EPISODES_FOLDER, remove_stale_partial_files, write_index
from tts_articles.podcast.feed import write_feed
from tts_articles.podcast.manifest import StoryInput
from tts_articles.podcast.report import StoryResult, write_report
from tts_articles.podcast.tasks import Task, convert, digest_task, prepare_tasks, skipped, up_to_date
from tts_articles.podcast.workers import Executor, executor_for


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs and what it writes besides the episodes."""

    outdir: Path
    jobs: int = 1
    """Stories converted at once, each in its own worker process."""
    force: bool = False
    """Convert every story again, even those up to date."""
    digest: bool = False
    """Also make one episode of all the stories, a chapter each."""
    base_url: str | None = None
    """Where OUTDIR will be served; without it no feed is written."""
    channel: ChannelConfig = ChannelConfig()
    keep: int | None = None
    """List only the newest `keep` episodes in the feed."""
    max_age_days: float | None = None
    """List only episodes newer than this in the feed."""


@dataclass(frozen=True)
class BatchReport:
    """What a batch did, story by story, and the files it wrote about it."""

    results: tuple[StoryResult, ...]
    report_path: Path
    feed_path: Path | None

    @property
    def failed(self) -> int:
        return sum(result.status == "failed" for result in self.results)


def run_batch(stories: Sequence[StoryInput], settings: Settings, options: BatchOptions,
              on_result: Callable[[StoryResult], None] = lambda result: None,
              executor: Executor | None = None) -> BatchReport:
    """Convert every story, then write the digest, the index, the report and the feed.

    Stories already converted from the same input and settings are skipped unless
    `options.force`. The report and index are written even when interrupted, once every
    worker has stopped and any temporary file left in OUTDIR/episodes is removed.

    Args:
        executor: where the stories are converted; by default `options.jobs` worker processes.
    """
    check_writable_folder(options.outdir)
    (options.outdir / EPISODES_FOLDER).mkdir(exist_ok=True)
    remove_stale_partial_files(options.outdir)
    results: list[StoryResult] = []

    def record(result: StoryResult) -> None:
        results.append(result)
        on_result(result)

    tasks, unreadable = prepare_tasks(stories, settings, options.outdir)
    for result in unreadable:
        record(result)
    todo = []
    for task in tasks:
        if options.force or not up_to_date(task):
            todo.append(task)
        else:
            record(skipped(task))
    try:
        executor = executor or executor_for(options.jobs, len(todo))
        work = _work(executor)
        with contextlib.closing(executor.results(work, todo)) as converted:
            for result in converted:
                record(result)
        if options.digest:
            _make_digest(tasks, results, settings, options, record, work)
    finally:
        remove_stale_partial_files(options.outdir)  # an interrupt can land before a writer's cleanup is in place
        report_path = write_report(options.outdir, results)
        write_index(options.outdir)
    feed_path = None
    if options.base_url:
        feed_path = write_feed(options.outdir, options.base_url, options.channel,
                               keep=options.keep, max_age_days=options.max_age_days)
    return BatchReport(tuple(results), report_path, feed_path)


def _work(executor: Executor) -> Callable[[Task], StoryResult]:
    """convert, with the synthesis on the cluster's workers when `executor` is a cluster."""
    if isinstance(executor, ClusterExecutor):
        return functools.partial(convert, render_plan=executor.render)
    return convert


def _make_digest(tasks: Sequence[Task], results: Sequence[StoryResult], settings: Settings, options: BatchOptions,
                 record: Callable[[StoryResult], None], work: Callable[[Task], StoryResult]) -> None:
    """One episode of every story that is ready, made where they were, skipped when none of them changed."""
    finished = {result.origin for result in results if result.status in ("converted", "skipped")}
    ready = [task for task in tasks if task.story.origin in finished]
    if not ready:
        return
    digest = digest_task(ready, settings, options.channel.title, options.outdir)
    record(work(digest) if options.force or not up_to_date(digest) else skipped(digest))
