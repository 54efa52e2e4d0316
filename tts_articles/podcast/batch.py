"""Many articles -> one episode each, in parallel: resumable, failures isolated, with an index and a report."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from tts_articles import __version__
from tts_articles.audio.voices import resolve_voice, voice_dirs
from tts_articles.config import Settings
from tts_articles.errors import TtsArticlesError
from tts_articles.files import atomic_write_text, check_writable_folder, slugify
from tts_articles.pipeline import Narration, OutputPaths, Plan, apply_overrides, plan, render, speak_script
from tts_articles.podcast.channel import ChannelConfig
from tts_articles.podcast.digest import between_stories, digest_article, digest_key, digest_script
from tts_articles.podcast.episodes import (
    EPISODES_FOLDER,
    EpisodeRecord,
    read_episodes,
    write_episode_record,
)
from tts_articles.podcast.feed import write_feed
from tts_articles.podcast.manifest import Story
from tts_articles.reading.extract import extract_article
from tts_articles.reading.load import load_source
from tts_articles.reading.site_chrome import drop_recurring_lines
from tts_articles.types import Article

logger = logging.getLogger(__name__)

REPORT_FILE = "report.json"
INDEX_FILE = "episodes.json"
MIN_SITE_ARTICLES = 3
"""Site chrome is only told from story text with at least this many pages of one site."""


@dataclass(frozen=True)
class StoryResult:
    """What happened to one story: converted, skipped (up to date), failed or interrupted."""

    origin: str
    status: str
    title: str | None = None
    episode: str | None = None
    """The MP3's path relative to the output folder."""
    reason: str | None = None
    duration_s: float | None = None
    elapsed_s: float = 0.0


@dataclass(frozen=True)
class Task:
    """One story ready to convert: everything a worker process needs, picklable."""

    story: Story
    article: Article
    guid: str
    stem: str
    published: str
    build_key: str
    settings: Settings
    outdir: Path


def prepare_tasks(stories: Sequence[Story], settings: Settings, outdir: Path) -> tuple[list[Task], list[StoryResult]]:
    """Read every story, drop site chrome that recurs across them, and name each episode.

    Returns the tasks to convert and the results of stories that could not be read.
    """
    loaded, failures = [], []
    for story in stories:
        try:
            source = load_source(story.origin, settings.max_input_bytes, settings.fetch_timeout_s)
            overrides = {"title": story.title, "authors": story.authors, "published": story.published}
            article = apply_overrides(extract_article(source, raw=settings.raw), overrides)
        except TtsArticlesError as err:
            failures.append(StoryResult(story.origin, "failed", reason=str(err)))
            continue
        loaded.append((story, article, hashlib.sha256(source.data).hexdigest()))
    articles = _drop_site_chrome([article for _, article, _ in loaded])
    known = {record.guid: record for record in read_episodes(outdir)}
    taken = {Path(record.audio_file).stem for record in known.values()}
    tasks = []
    for (story, _, content_hash), article in zip(loaded, articles):
        guid = story.guid or article.url or f"urn:tts-articles:{slugify(article.title)}:{(article.published or '')[:10]}"
        record = known.get(guid)
        story_settings = settings.with_overrides(voice=story.voice, jobs=1)
        try:
            key = _build_key(content_hash, story, story_settings)
        except TtsArticlesError as err:
            failures.append(StoryResult(story.origin, "failed", article.title, reason=str(err)))
            continue
        published = record.published if record else _published(article)
        stem = Path(record.audio_file).stem if record else _unique_stem(f"{published[:10]}-{slugify(article.title)}", taken)
        taken.add(stem)
        tasks.append(Task(story, article, guid, stem, published, key, story_settings, outdir))
    return tasks, failures


def up_to_date(task: Task) -> bool:
    """True when the episode exists and was built from the same input, settings and tool version."""
    metadata = task.outdir / EPISODES_FOLDER / f"{task.stem}.json"
    try:
        recorded = json.loads(metadata.read_text(encoding="utf-8")).get("build_key")
    except (OSError, ValueError):
        return False
    return recorded == task.build_key and (metadata.with_suffix(".mp3")).is_file()


def convert_all(tasks: Sequence[Task], jobs: int, on_result: Callable[[StoryResult], None]) -> None:
    """Convert `tasks`, several at once, reporting each result as it arrives.

    Each worker process loads the voice once and narrates story after story with one
    synthesis thread; a failure is recorded and the other stories go on. On Ctrl-C or
    SIGTERM the stories in progress are abandoned (their temporary files removed) and
    KeyboardInterrupt is raised once every worker has stopped.
    """
    if jobs <= 1 or len(tasks) <= 1:
        with _sigterm_as_interrupt():
            for task in tasks:
                on_result(convert(task))
        return
    # "spawn": a forked child can inherit a lock held by one of onnxruntime's threads and
    # hang for ever once the parent has synthesised anything (seen in the test suite).
    workers = ProcessPoolExecutor(min(jobs, len(tasks)), multiprocessing.get_context("spawn"), _start_worker)
    with _sigterm_as_interrupt(), workers as pool:
        futures = [pool.submit(convert, task) for task in tasks]
        try:
            for future in as_completed(futures):
                on_result(future.result())
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def convert(task: Task, prepared: Plan | None = None) -> StoryResult:
    """Narrate one story into OUTDIR/episodes/<stem>.mp3 and write its metadata file.

    Args:
        prepared: a plan made already (the digest makes its own script); else one is made.
    """
    global _busy
    if _interrupted:
        return StoryResult(task.story.origin, "interrupted", task.article.title)
    started = time.perf_counter()
    outputs = OutputPaths.beside(task.outdir / EPISODES_FOLDER / f"{task.stem}.mp3")
    try:
        _busy = True
        prepared = prepared or plan(task.article, task.story.origin, task.settings, outputs.mp3)
        narration = render(prepared)
        write_episode_record(outputs.mp3.with_suffix(".json"), episode_record(task, narration))
    except TtsArticlesError as err:
        return StoryResult(task.story.origin, "failed", task.article.title, reason=str(err))
    except Exception as err:  # one broken story must not stop the batch (issue 5)
        logger.debug("story %s failed", task.story.origin, exc_info=True)
        return StoryResult(task.story.origin, "failed", task.article.title, reason=f"internal error: {err!r}")
    finally:
        _busy = False
    timeline = narration.timeline
    return StoryResult(
        task.story.origin, "converted", task.article.title,
        episode=str(outputs.mp3.relative_to(task.outdir)),
        duration_s=round(timeline.seconds(timeline.num_samples), 3),
        elapsed_s=round(time.perf_counter() - started, 3),
    )


def episode_record(task: Task, narration: Narration) -> EpisodeRecord:
    """The metadata file the feed is built from."""
    outputs, timeline, article = narration.outputs, narration.timeline, task.article
    return EpisodeRecord(
        guid=task.guid,
        title=article.title,
        description=" ".join(article.paragraphs[:2]),
        authors=article.authors,
        published=task.published,
        audio_file=outputs.mp3.name,
        audio_bytes=outputs.mp3.stat().st_size,
        duration_s=round(timeline.seconds(timeline.num_samples), 3),
        voice=narration.voice.name,
        source_url=article.url,
        chapters_file=outputs.chapters.name if timeline.chapters else None,
        transcript_file=outputs.transcript.name,
        build_key=task.build_key,
    )


def write_report(outdir: Path, results: Sequence[StoryResult]) -> Path:
    """Write OUTDIR/report.json: every story's outcome and, for failures, the reason."""
    counts = {status: sum(r.status == status for r in results) for status in ("converted", "skipped", "failed")}
    document = {**counts, "stories": [dataclasses.asdict(result) for result in results]}
    path = outdir / REPORT_FILE
    atomic_write_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path


def write_index(outdir: Path) -> Path:
    """Write OUTDIR/episodes.json: every episode's metadata, newest first."""
    records = sorted(read_episodes(outdir), key=lambda r: (r.published_at, r.guid), reverse=True)
    path = outdir / INDEX_FILE
    atomic_write_text(path, json.dumps([r.to_dict() for r in records], indent=2, ensure_ascii=False) + "\n")
    return path


def remove_stale_partial_files(outdir: Path) -> None:
    """Delete temporary files a killed run left behind (normal runs leave none)."""
    for leftover in (outdir / EPISODES_FOLDER).glob(".*.part"):
        logger.info("removing %s, left by an interrupted run", leftover.name)
        leftover.unlink(missing_ok=True)


def _drop_site_chrome(articles: list[Article]) -> list[Article]:
    """Drop lines that recur across the articles of one known site (publisher or web host).

    Articles whose site is unknown are left alone, as are sites with fewer than
    MIN_SITE_ARTICLES articles: two stories sharing a background paragraph is news
    copy, not chrome.
    """
    by_site: dict[str, list[int]] = {}
    for position, article in enumerate(articles):
        site = article.publisher or urlsplit(article.url or "").netloc
        if site:
            by_site.setdefault(site, []).append(position)
    cleaned = list(articles)
    for positions in by_site.values():
        if len(positions) < MIN_SITE_ARTICLES:
            continue
        for position, article in zip(positions, drop_recurring_lines([articles[p] for p in positions])):
            cleaned[position] = article
    return cleaned


def _published(article: Article) -> str:
    """The publication time with a UTC offset; a time without a zone is taken as UTC."""
    moment = datetime.now(UTC).replace(microsecond=0)
    if article.published:
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(article.published)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _unique_stem(stem: str, taken: set[str]) -> str:
    candidate, number = stem, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


def _build_key(content_hash: str, story: Story, settings: Settings) -> str:
    """A hash of everything that shapes the episode: input, overrides, settings, voice, tool version."""
    voice = resolve_voice(settings.voice, voice_dirs())
    model = voice.model_path.stat()
    parts = {
        "input": content_hash, "story": dataclasses.asdict(story), "version": __version__,
        "settings": {k: v for k, v in settings.to_dict().items() if k not in _NOT_IN_STORY_KEY},
        "voice": [str(voice.model_path), model.st_size, model.st_mtime_ns],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


_NOT_IN_STORY_KEY = frozenset({"jobs", "cache_dir", "use_cache", "transition"})
"""Settings that do not change a story's own episode."""

_interrupted = False
_busy = False


def _start_worker() -> None:
    signal.signal(signal.SIGINT, _on_worker_interrupt)


def _on_worker_interrupt(signum: int, frame: object) -> None:
    """Abandon the story in progress (its temporary files are removed) and take no more.

    An idle worker must not raise: dying while it waits for work breaks the pool, and
    the pool then kills the other workers before they can clean up.
    """
    global _interrupted
    _interrupted = True
    if _busy:
        raise KeyboardInterrupt


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C: pass it on to the workers, then stop the main process."""

    def on_sigterm(signum: int, frame: object) -> None:
        for worker in multiprocessing.active_children():
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGINT)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs and what it writes besides the episodes."""

    outdir: Path
    jobs: int = 1
    force: bool = False
    digest: bool = False
    base_url: str | None = None
    """Where OUTDIR will be served; without it no feed is written."""
    channel: ChannelConfig = ChannelConfig()
    keep: int | None = None
    max_age_days: float | None = None


@dataclass(frozen=True)
class BatchReport:
    results: tuple[StoryResult, ...]
    report_path: Path
    feed_path: Path | None

    @property
    def failed(self) -> int:
        return sum(result.status == "failed" for result in self.results)


def run_batch(stories: Sequence[Story], settings: Settings, options: BatchOptions,
              on_result: Callable[[StoryResult], None] = lambda result: None) -> BatchReport:
    """Convert every story, then write the digest, the index, the report and the feed.

    Stories already converted from the same input and settings are skipped unless
    `options.force`. The report and index are written even when interrupted.
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
            record(StoryResult(task.story.origin, "skipped", task.article.title, reason="up to date",
                               episode=f"{EPISODES_FOLDER}/{task.stem}.mp3"))
    try:
        convert_all(todo, options.jobs, record)
        finished = {r.origin for r in results if r.status in ("converted", "skipped")}
        ready = [task for task in tasks if task.story.origin in finished]
        if options.digest and ready:
            record(_make_digest(ready, settings, options))
    finally:
        report_path = write_report(options.outdir, results)
        write_index(options.outdir)
    feed_path = None
    if options.base_url:
        feed_path = write_feed(options.outdir, options.base_url, options.channel,
                               keep=options.keep, max_age_days=options.max_age_days)
    return BatchReport(tuple(results), report_path, feed_path)


def _make_digest(tasks: Sequence[Task], settings: Settings, options: BatchOptions) -> StoryResult:
    """One episode of all the day's stories, a chapter each, skipped when none of them changed."""
    show = options.channel.title
    published = max(task.published for task in tasks)
    articles = [task.article for task in tasks]
    transition = Path(settings.transition).read_bytes() if settings.transition else b""
    key = digest_key([task.build_key for task in tasks], show, transition)
    story = Story(f"digest:{published[:10]}", guid=f"urn:tts-articles:digest:{published[:10]}")
    task = Task(story, digest_article(show, articles, published), story.guid, f"{published[:10]}-digest",
                published, key, settings, options.outdir)
    if not options.force and up_to_date(task):
        return StoryResult(story.origin, "skipped", task.article.title, reason="up to date",
                           episode=f"{EPISODES_FOLDER}/{task.stem}.mp3")
    script = digest_script(show, articles, published, settings.outro)
    try:
        segments, voice = speak_script(script, settings)
    except TtsArticlesError as err:
        return StoryResult(story.origin, "failed", task.article.title, reason=str(err))
    outputs = OutputPaths.beside(options.outdir / EPISODES_FOLDER / f"{task.stem}.mp3")
    prepared = Plan(task.article, script, between_stories(segments), voice, outputs, settings)
    return convert(task, prepared)
