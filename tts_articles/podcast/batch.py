"""Many articles -> one episode each, in parallel: resumable, failures isolated, with an index and a report."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tts_articles.config import Settings
from tts_articles.errors import TtsArticlesError
from tts_articles.files import folder_lock, make_output_folder
from tts_articles.podcast.channel import ChannelConfig
from tts_articles.podcast.cluster import ClusterExecutor
from tts_articles.podcast.episodes import EPISODES_FOLDER, remove_stale_partial_files, write_index
from tts_articles.podcast.feed import write_feed
from tts_articles.podcast.manifest import StoryInput
from tts_articles.podcast.preflight import check_batch_options, warn_if_apple_would_refuse
from tts_articles.podcast.report import REPORT_FILE, StoryResult, write_report
from tts_articles.podcast.tasks import Conversion, Task, digest_task, prepare_tasks, skipped, up_to_date
from tts_articles.podcast.workers import Executor, InProcess, executor_for, signals_held, sigterm_as_interrupt


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
    wait_s: float = 0.0
    """How long to wait for another run writing to OUTDIR to finish; 0 fails at once."""


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

    One run at a time writes to OUTDIR: the run holds OUTDIR's lock throughout. Stories
    already converted from the same input and settings are skipped unless `options.force`.
    Whatever stops the run (Ctrl-C, SIGTERM, an error), the report and index are written
    once every worker has stopped and any temporary file left in OUTDIR is removed.

    Args:
        executor: where the stories are converted; by default `options.jobs` worker processes.

    Raises:
        OutputError: OUTDIR cannot be created or written, or another run holds its lock.
    """
    make_output_folder(options.outdir)
    check_batch_options(settings, options)
    with folder_lock(options.outdir, options.wait_s), sigterm_as_interrupt() as interrupted:
        remove_stale_partial_files(options.outdir)  # under the lock, so no live run's files
        run = _Run(on_result)
        try:
            _convert_all(stories, settings, options, run, executor, interrupted)
        except BaseException as err:
            run.stopped = "interrupted" if isinstance(err, KeyboardInterrupt) else str(err) or repr(err)
            raise
        finally:
            report_path = _write_records(options.outdir, run)
        feed_path = None
        if options.base_url:
            feed_path = write_feed(options.outdir, options.base_url, options.channel,
                                   keep=options.keep, max_age_days=options.max_age_days)
            warn_if_apple_would_refuse(options.outdir)
    return BatchReport(tuple(run.results), report_path, feed_path)


class _Run:
    """The results of a run so far, and why it stopped early, if it did."""

    def __init__(self, on_result: Callable[[StoryResult], None]) -> None:
        self.results: list[StoryResult] = []
        self.stopped: str | None = None
        self._on_result = on_result

    def record(self, result: StoryResult) -> None:
        self.results.append(result)
        self._on_result(result)


def _convert_all(stories: Sequence[StoryInput], settings: Settings, options: BatchOptions, run: _Run,
                 executor: Executor | None, interrupted: threading.Event) -> None:
    make_output_folder(options.outdir / EPISODES_FOLDER)
    tasks, unreadable = prepare_tasks(stories, settings, options.outdir, options.channel.author)
    if interrupted.is_set():  # while a story was read, and reported as its failure
        raise KeyboardInterrupt
    for result in unreadable:
        run.record(result)
    todo = []
    for task in tasks:
        if options.force or not up_to_date(task):
            todo.append(task)
        else:
            run.record(skipped(task))
    executor = executor or executor_for(options.jobs, len(todo))
    work = _conversion(executor)
    with contextlib.closing(executor.results(work, todo)) as converted:
        for result in converted:
            run.record(result)
    if options.digest:
        _make_digest(tasks, run, settings, options, work)


def _write_records(outdir: Path, run: _Run) -> Path:
    """Write the report and the index, each even if the other fails; Ctrl-C and SIGTERM wait till both are done."""
    failures: list[TtsArticlesError] = []
    with signals_held():
        remove_stale_partial_files(outdir)  # an interrupt can land before a writer's cleanup is in place
        writers: tuple[Callable[[], Path], ...] = (lambda: write_report(outdir, run.results, run.stopped),
                                                   lambda: write_index(outdir))
        for write in writers:
            try:
                write()
            except TtsArticlesError as err:
                failures.append(err)
    if failures:
        raise failures[0]
    return outdir / REPORT_FILE


def _conversion(executor: Executor) -> Conversion:
    """convert, with the synthesis on the cluster's workers when `executor` is a cluster."""
    return Conversion(executor.render) if isinstance(executor, ClusterExecutor) else Conversion()


def _make_digest(tasks: Sequence[Task], run: _Run, settings: Settings, options: BatchOptions, work: Conversion) -> None:
    """One episode of every story that is ready, made where they were, skipped when none of them changed."""
    finished = {result.origin for result in run.results if result.status in ("converted", "skipped")}
    ready = [task for task in tasks if task.story.origin in finished]
    if not ready:
        return
    try:
        digest = digest_task(ready, settings, options.channel.title, options.outdir)
    except TtsArticlesError as err:
        run.record(StoryResult("digest", "failed", reason=str(err)))
        return
    if not options.force and up_to_date(digest):
        run.record(skipped(digest))
        return
    for result in InProcess().results(work, [digest]):
        run.record(result)
