"""Story inputs -> Tasks (articles read, named and keyed) -> episodes in OUTDIR/episodes, one at a time."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from tts_articles import __version__
from tts_articles.config import Settings
from tts_articles.errors import TtsArticlesError
from tts_articles.files import slugify
from tts_articles.pipeline import Narration, Overrides, Plan, article_from, choose_voice, load_input, plan, plan_digest, render
from tts_articles.podcast.digest import digest_article, digest_key
from tts_articles.podcast.episodes import EPISODES_FOLDER, EpisodeRecord, read_episodes, write_episode_record
from tts_articles.podcast.manifest import StoryInput
from tts_articles.podcast.report import StoryResult
from tts_articles.reading.site_chrome import drop_recurring_lines
from tts_articles.types import Article

logger = logging.getLogger(__name__)

MIN_SITE_ARTICLES = 3
"""Site chrome is only told from story text with at least this many pages of one site."""


@dataclass(frozen=True)
class DigestContent:
    """What a digest reads: the show's name and its stories, a chapter each."""

    show: str
    stories: tuple[Article, ...]


@dataclass(frozen=True)
class Task:
    """One episode ready to convert: everything a worker process needs, picklable."""

    story: StoryInput
    article: Article
    guid: str
    stem: str
    published: str
    build_key: str
    settings: Settings
    outdir: Path
    digest: DigestContent | None = None
    """For the digest episode: the stories it reads (then `article` holds the digest's own metadata)."""

    @property
    def mp3(self) -> Path:
        return self.outdir / EPISODES_FOLDER / f"{self.stem}.mp3"


@dataclass(frozen=True)
class _Loaded:
    story: StoryInput
    article: Article
    content_hash: str


def prepare_tasks(stories: Sequence[StoryInput], settings: Settings, outdir: Path) -> tuple[list[Task], list[StoryResult]]:
    """Read every story, drop site chrome that recurs across them, and name each episode.

    Returns the tasks to convert and the results of stories that could not be read.
    """
    loaded, failures = _read_stories(stories, settings)
    articles = _drop_site_chrome([item.article for item in loaded])
    known = {record.guid: record for record in read_episodes(outdir)}
    taken = {Path(record.audio_file).stem for record in known.values()}
    tasks = []
    for item, article in zip(loaded, articles):
        story = item.story
        guid = story.guid or article.url or f"urn:tts-articles:{slugify(article.title)}:{(article.published or '')[:10]}"
        record = known.get(guid)
        story_settings = settings.with_overrides(voice=story.voice, jobs=1)
        try:
            key = _build_key(item.content_hash, story, story_settings)
        except TtsArticlesError as err:
            failures.append(StoryResult(story.origin, "failed", article.title, reason=str(err)))
            continue
        published = record.published if record else _published(article)
        stem = Path(record.audio_file).stem if record else _unique_stem(f"{published[:10]}-{slugify(article.title)}", taken)
        taken.add(stem)
        tasks.append(Task(story, article, guid, stem, published, key, story_settings, outdir))
    return tasks, failures


def digest_task(tasks: Sequence[Task], settings: Settings, show: str, outdir: Path) -> Task:
    """One episode of all the stories of `tasks`, a chapter each, keyed so that it is rebuilt when any changes."""
    published = max(task.published for task in tasks)
    day = published[:10]
    articles = tuple(task.article for task in tasks)
    transition = Path(settings.transition).read_bytes() if settings.transition else b""
    key = digest_key([task.build_key for task in tasks], show, transition)
    guid = f"urn:tts-articles:digest:{day}"
    return Task(StoryInput(f"digest:{day}", guid=guid), digest_article(show, articles, published), guid,
                f"{day}-digest", published, key, settings, outdir, DigestContent(show, articles))


def up_to_date(task: Task) -> bool:
    """True when the episode exists and was built from the same input, settings and tool version."""
    metadata = task.mp3.with_suffix(".json")
    try:
        recorded = json.loads(metadata.read_text(encoding="utf-8")).get("build_key")
    except (OSError, ValueError):
        return False
    return bool(recorded == task.build_key and task.mp3.is_file())


def skipped(task: Task) -> StoryResult:
    """The result of a task whose episode is up to date."""
    return StoryResult(task.story.origin, "skipped", task.article.title, reason="up to date",
                       episode=f"{EPISODES_FOLDER}/{task.stem}.mp3")


def convert(task: Task, render_plan: Callable[[Plan], Narration] = render) -> StoryResult:
    """Narrate one task into OUTDIR/episodes/<stem>.mp3 and write its metadata file last.

    A failure is returned as a result, never raised: one broken story must not stop the batch.

    Args:
        render_plan: makes the episode's files from its plan; a cluster's synthesises on its workers.
    """
    started = time.perf_counter()
    try:
        narration = render_plan(_plan(task))
        write_episode_record(task.mp3.with_suffix(".json"), episode_record(task, narration))
    except TtsArticlesError as err:
        return StoryResult(task.story.origin, "failed", task.article.title, reason=str(err))
    except Exception as err:
        logger.debug("story %s failed", task.story.origin, exc_info=True)
        return StoryResult(task.story.origin, "failed", task.article.title, reason=f"internal error: {err!r}")
    timeline = narration.timeline
    return StoryResult(
        task.story.origin, "converted", task.article.title,
        episode=str(task.mp3.relative_to(task.outdir)),
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


def _plan(task: Task) -> Plan:
    if task.digest:
        return plan_digest(task.digest.show, task.digest.stories, task.published, task.settings, task.mp3)
    return plan(task.article, task.story.origin, task.settings, task.mp3)


def _read_stories(stories: Sequence[StoryInput], settings: Settings) -> tuple[list[_Loaded], list[StoryResult]]:
    loaded, failures = [], []
    for story in stories:
        try:
            source = load_input(story.origin, settings)
            article = article_from(source, settings, Overrides(story.title, story.authors, story.published))
        except TtsArticlesError as err:
            failures.append(StoryResult(story.origin, "failed", reason=str(err)))
            continue
        loaded.append(_Loaded(story, article, hashlib.sha256(source.data).hexdigest()))
    return loaded, failures


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


_NOT_IN_STORY_KEY = frozenset({"jobs", "cache_dir", "use_cache", "transition"})
"""Settings that do not change a story's own episode."""


def _build_key(content_hash: str, story: StoryInput, settings: Settings) -> str:
    """A hash of everything that shapes the episode: input, overrides, settings, voice, tool version."""
    voice = choose_voice(settings)
    model = voice.model_path.stat()
    parts = {
        "input": content_hash, "story": dataclasses.asdict(story), "version": __version__,
        "settings": {k: v for k, v in settings.to_dict().items() if k not in _NOT_IN_STORY_KEY},
        "voice": [str(voice.model_path), model.st_size, model.st_mtime_ns],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
