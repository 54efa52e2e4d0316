"""Story inputs -> Tasks (articles read, named and keyed) -> episodes in OUTDIR/episodes, one at a time."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from tts_articles import __version__
from tts_articles.config import Settings
from tts_articles.errors import SourceError, TtsArticlesError
from tts_articles.pipeline import Narration, Overrides, Plan, article_from, artists, choose_voice, load_input, plan, plan_digest, render
from tts_articles.podcast.digest import digest_article, digest_key
from tts_articles.podcast.episodes import EPISODES_FOLDER, EpisodeRecord, read_episodes, write_episode_record
from tts_articles.podcast.identity import DuplicateStory, EpisodeNamer
from tts_articles.podcast.manifest import StoryInput
from tts_articles.podcast.report import StoryResult
from tts_articles.reading.site_chrome import drop_recurring_lines
from tts_articles.types import Article

logger = logging.getLogger(__name__)

MIN_SITE_ARTICLES = 3
"""Site chrome is only told from story text with at least this many pages of one site."""
BASE_TIME_LIMIT_S = 300.0
"""Every story's time limit starts with this: loading the voice, the intro, encoding, a busy machine."""
TIME_LIMIT_S_PER_CHAR = 0.1
"""Then this per character: speech runs about 15 characters a second, so 1.5 s per second of audio,
several times what synthesis takes even on a slow, shared machine."""


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
    story_id: str | None = None
    """What names the story across runs (see identity.story_id); None for the digest."""
    show_author: str | None = None
    """The podcast's author: the artist of a story with no byline and no publisher."""

    @property
    def mp3(self) -> Path:
        return self.outdir / EPISODES_FOLDER / f"{self.stem}.mp3"


@dataclass(frozen=True)
class _Loaded:
    story: StoryInput
    article: Article
    content_hash: str


def prepare_tasks(stories: Sequence[StoryInput], settings: Settings, outdir: Path,
                  show_author: str | None = None) -> tuple[list[Task], list[StoryResult]]:
    """Read every story, drop site chrome that recurs across them, and name each episode.

    Returns the tasks to convert and the results of stories that could not be read.
    """
    loaded, failures = _read_stories(stories, settings)
    articles = _drop_site_chrome([item.article for item in loaded])
    namer = EpisodeNamer(outdir, read_episodes(outdir))
    tasks = []
    for item, article in zip(loaded, articles):
        task = _attempt(functools.partial(_named_task, _Loaded(item.story, article, item.content_hash), namer,
                                          settings, outdir, show_author))
        if isinstance(task, _Failure):
            failures.append(StoryResult(item.story.origin, task.status, article.title, reason=task.reason))
        else:
            tasks.append(task)
    return tasks, failures


def _named_task(item: _Loaded, namer: EpisodeNamer, settings: Settings, outdir: Path, show_author: str | None) -> Task:
    story, article = item.story, item.article
    story_settings = settings.with_overrides(voice=story.voice, jobs=1)
    key = _build_key(item.content_hash, story, story_settings)
    name = namer.name(story, article)
    return Task(story, article, name.guid, name.stem, name.published, key, story_settings, outdir,
                story_id=name.story_id, show_author=show_author)


def digest_task(tasks: Sequence[Task], settings: Settings, show: str, outdir: Path) -> Task:
    """One episode of all the stories of `tasks`, a chapter each, keyed so that it is rebuilt when any changes."""
    published = max(task.published for task in tasks)
    day = published[:10]
    articles = tuple(task.article for task in tasks)
    try:
        transition = Path(settings.transition).read_bytes() if settings.transition else b""
    except OSError as err:
        raise SourceError(f"cannot read the transition sound {settings.transition}: {err.strerror or err}") from err
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


@dataclass(frozen=True)
class Conversion:
    """convert() as batch hands it to an executor: with each story's time limit, and its result when stopped."""

    render_plan: Callable[[Plan], Narration] = render
    """Where the audio is made: here, or on a cluster's worker."""

    def __call__(self, task: Task) -> StoryResult:
        return convert(task, self.render_plan)

    def time_limit_s(self, task: Task) -> float:
        """The story's `story_timeout_s` setting, else BASE_TIME_LIMIT_S plus TIME_LIMIT_S_PER_CHAR a character."""
        if task.settings.story_timeout_s is not None:
            return task.settings.story_timeout_s
        articles = task.digest.stories if task.digest else (task.article,)
        characters = sum(len(article.title) + sum(map(len, article.paragraphs)) for article in articles)
        return BASE_TIME_LIMIT_S + TIME_LIMIT_S_PER_CHAR * characters

    def failed(self, task: Task, reason: str) -> StoryResult:
        return StoryResult(task.story.origin, "failed", task.article.title, reason=reason)


def convert(task: Task, render_plan: Callable[[Plan], Narration] = render) -> StoryResult:
    """Narrate one task into OUTDIR/episodes/<stem>.mp3 and write its metadata file last.

    A failure is returned as a result, never raised: one broken story must not stop the batch.

    Args:
        render_plan: makes the episode's files from its plan; a cluster's synthesises on its workers.
    """
    started = time.perf_counter()
    narration = _attempt(lambda: _render(task, render_plan))
    if isinstance(narration, _Failure):
        return StoryResult(task.story.origin, "failed", task.article.title, reason=narration.reason)
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
        artist=", ".join(artists(article, task.show_author)) or None,
        published=task.published,
        audio_file=outputs.mp3.name,
        audio_bytes=outputs.mp3.stat().st_size,
        duration_s=round(timeline.seconds(timeline.num_samples), 3),
        voice=narration.voice.name,
        source_url=article.url,
        chapters_file=outputs.chapters.name if timeline.chapters else None,
        transcript_file=outputs.transcript.name,
        build_key=task.build_key,
        story_id=task.story_id,
        lastmod=_now() if task.mp3.with_suffix(".json").is_file() else None,
    )


def _render(task: Task, render_plan: Callable[[Plan], Narration]) -> Narration:
    narration = render_plan(_plan(task))
    write_episode_record(task.mp3.with_suffix(".json"), episode_record(task, narration))
    return narration


@dataclass(frozen=True)
class _Failure:
    reason: str
    status: str = "failed"
    """Or "skipped": the second input of a story already in the batch."""


_T = TypeVar("_T")


def _attempt(step: Callable[[], _T]) -> _T | _Failure:
    """Run one story's step; any failure, whatever its cause, becomes that story's reason, never the batch's end."""
    try:
        return step()
    except DuplicateStory as err:
        return _Failure(str(err), "skipped")
    except TtsArticlesError as err:
        return _Failure(str(err))
    except Exception as err:
        logger.debug("story failed", exc_info=True)
        return _Failure(f"internal error: {err!r}")


def _plan(task: Task) -> Plan:
    if task.digest:
        return plan_digest(task.digest.show, task.digest.stories, task.published, task.settings, task.mp3)
    return plan(task.article, task.story.origin, task.settings, task.mp3, task.show_author)


def _read_stories(stories: Sequence[StoryInput], settings: Settings) -> tuple[list[_Loaded], list[StoryResult]]:
    loaded, failures = [], []
    for story in stories:
        item = _Failure(story.problem) if story.problem else _attempt(functools.partial(_read_story, story, settings))
        if isinstance(item, _Failure):
            failures.append(StoryResult(story.origin, "failed", reason=item.reason))
        else:
            loaded.append(item)
    return loaded, failures


def _read_story(story: StoryInput, settings: Settings) -> _Loaded:
    source = load_input(story.origin, settings)
    article = article_from(source, settings, Overrides(story.title, story.authors, story.published))
    return _Loaded(story, article, hashlib.sha256(source.data).hexdigest())


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


_NOT_IN_STORY_KEY = frozenset({"jobs", "cache_dir", "use_cache", "transition", "story_timeout_s"})
"""Settings that do not change a story's own episode."""


def _build_key(content_hash: str, story: StoryInput, settings: Settings) -> str:
    """A hash of everything that shapes the episode: input, overrides, settings, voice, tool version."""
    voice = choose_voice(settings)
    model = voice.model_path.stat()
    parts = {
        "input": content_hash, "version": __version__,
        "story": {k: v for k, v in dataclasses.asdict(story).items() if k != "place"},
        "settings": {k: v for k, v in settings.to_dict().items() if k not in _NOT_IN_STORY_KEY},
        "voice": [str(voice.model_path), model.st_size, model.st_mtime_ns],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
