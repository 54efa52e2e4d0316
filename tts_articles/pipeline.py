"""narrate(): the stages in order, from an input to a tagged MP3 with its sidecars; used by the CLI and batch."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tts_articles.audio.assemble import AudioFormat, Pauses, encode_levelled, write_programme
from tts_articles.audio.cache import open_cache
from tts_articles.audio.ffmpeg import decode_to_pcm, ffmpeg_path
from tts_articles.audio.sidecars import json_chapters, webvtt
from tts_articles.audio.synthesise import SynthesisOptions, synthesise
from tts_articles.audio.tags import EpisodeTags, write_tags
from tts_articles.audio.voices import VoiceInfo, find_voices, resolve_voice, voice_dirs
from tts_articles.config import Settings
from tts_articles.errors import ExtractionError, VoiceError
from tts_articles.files import atomic_path, check_writable_folder, slugify
from tts_articles.podcast.digest import between_stories, digest_article, digest_script
from tts_articles.reading.extract import extract_article
from tts_articles.reading.load import STDIN, load_source
from tts_articles.speech.lexicon import bundled_lexicon_paths, load_lexicons
from tts_articles.speech.normalise import speak
from tts_articles.speech.script import build_script
from tts_articles.speech.segment import split_script
from tts_articles.types import Article, Clip, Pause, Script, Segment, Source, Timeline

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutputPaths:
    """The MP3 and the sidecars that share its stem."""

    mp3: Path
    transcript: Path
    chapters: Path

    @classmethod
    def beside(cls, mp3: Path) -> OutputPaths:
        stem = mp3.with_suffix("")
        return cls(mp3, Path(f"{stem}.vtt"), Path(f"{stem}.chapters.json"))


@dataclass(frozen=True)
class Plan:
    """Everything decided before the first sentence is synthesised."""

    article: Article
    script: Script
    segments: tuple[Segment, ...]
    voice: VoiceInfo
    outputs: OutputPaths
    settings: Settings
    artists: tuple[str, ...] = ()
    """Who the MP3 names as its artist; see artists()."""


@dataclass(frozen=True)
class Narration:
    """What narrate() made."""

    outputs: OutputPaths
    timeline: Timeline
    voice: VoiceInfo

    def to_dict(self) -> dict[str, Any]:
        """The files written, the duration, the voice and the chapters (times in seconds), JSON-ready."""
        timeline = self.timeline
        return {
            "mp3": str(self.outputs.mp3),
            "transcript": str(self.outputs.transcript),
            "chapters_file": str(self.outputs.chapters) if timeline.chapters else None,
            "duration_s": round(timeline.seconds(timeline.num_samples), 3),
            "voice": self.voice.name,
            "chapters": [
                {"title": c.title, "start_s": round(timeline.seconds(c.start), 3), "end_s": round(timeline.seconds(c.end), 3)}
                for c in timeline.chapters
            ],
        }


@dataclass(frozen=True)
class Overrides:
    """What the user says about an article, replacing what was found; empty values leave it."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    """ISO 8601 date or date and time."""


def narrate(origin: str, settings: Settings = Settings(), output: Path | None = None) -> Narration:
    """Narrate the article at `origin` (a path or "-") into an MP3 with chapters and sidecars."""
    article = read_article(origin, settings)
    return render(plan(article, origin, settings, output))


def read_article(origin: str, settings: Settings = Settings(), overrides: Overrides | None = None) -> Article:
    """Load and extract the article at `origin`, then apply the user's overrides."""
    return article_from(load_input(origin, settings), settings, overrides)


def load_input(origin: str, settings: Settings = Settings()) -> Source:
    """Read the bytes at `origin` (a path, an http(s) URL or "-"), within the size and time limits."""
    return load_source(origin, settings.max_input_bytes, settings.fetch_timeout_s)


def article_from(source: Source, settings: Settings = Settings(), overrides: Overrides | None = None) -> Article:
    """Extract the story from `source` and replace the fields the user gave."""
    article = extract_article(source, raw=settings.raw)
    article = apply_overrides(article, overrides) if overrides else article
    if not article.title.strip():
        raise ExtractionError(f"{source.origin}: found no headline and no file name to call it by; give one with --title")
    return article


def apply_overrides(article: Article, overrides: Overrides) -> Article:
    """Replace the fields the user gave; a given title is certain, whatever extraction thought."""
    article = dataclasses.replace(
        article,
        title=overrides.title or article.title,
        authors=overrides.authors or article.authors,
        published=overrides.published or article.published,
    )
    return dataclasses.replace(article, title_source="given", title_confidence=1.0) if overrides.title else article


def write_script(article: Article, settings: Settings) -> tuple[Script, tuple[Segment, ...], VoiceInfo]:
    """Lay out what will be read, and how each sentence will be spoken by the chosen voice."""
    script = build_script(article, settings.chapters, settings.outro, settings.intro, settings.length_scale)
    return (script, *speak_script(script, settings))


def speak_script(script: Script, settings: Settings) -> tuple[tuple[Segment, ...], VoiceInfo]:
    """Split `script` into sentences and give each the words the chosen voice should say.

    Lexicons are looked for beside the voices; the user's lexicon files come last and win.
    """
    voice = choose_voice(settings)
    lexicon = load_lexicons([*bundled_lexicon_paths(), *map(Path, settings.lexicons)])
    segments = tuple(
        dataclasses.replace(segment, spoken=speak(segment.written, voice.language, lexicon))
        for segment in split_script(script)
    )
    return segments, voice


def choose_voice(settings: Settings) -> VoiceInfo:
    """The voice `settings` names, looked for in the project's voices/ folder and in $TTS_ARTICLES_VOICES."""
    return resolve_voice(settings.voice, voice_dirs())


def plan(article: Article, origin: str, settings: Settings, output: Path | None = None,
         show_author: str | None = None) -> Plan:
    """Lay out the script and check the voice, ffmpeg and output folder before any work.

    Args:
        show_author: the podcast's author, the artist of a story with no byline and no publisher.
    """
    script, segments, voice = write_script(article, settings)
    _check_language(article, voice, origin)
    outputs = OutputPaths.beside(output or default_output(origin, article))
    return _checked(Plan(article, script, segments, voice, outputs, settings, artists(article, show_author)))


def _check_language(article: Article, voice: VoiceInfo, origin: str) -> None:
    """Refuse to read an article with a voice of another language: an English voice mangles every word of French."""
    wanted, spoken = (code.split("-")[0].lower() for code in (article.language, voice.language))
    if wanted == spoken:
        return
    fitting = [other.name for other in find_voices(voice_dirs()) if other.language.split("-")[0].lower() == wanted]
    hint = f"give --voice {fitting[0]}" if fitting else f"install a Piper voice for {wanted!r} (tts-articles voices lists those found)"
    raise VoiceError(f"{origin} is in {wanted!r} but the voice {voice.name} speaks {spoken!r}; {hint}")


def artists(article: Article, show_author: str | None = None) -> tuple[str, ...]:
    """The byline, else the publisher, else the show's author: players show "Unknown artist" for none."""
    if article.authors:
        return article.authors
    return tuple(name for name in (article.publisher or show_author,) if name)


def plan_digest(show: str, stories: Sequence[Article], published: str, settings: Settings, output: Path) -> Plan:
    """Plan one episode of several stories, a chapter each, with the same checks as plan().

    The stories are separated by the long pause between stories (and the transition sound).
    """
    script = digest_script(show, stories, published, settings.outro)
    segments, voice = speak_script(script, settings)
    article = digest_article(show, stories, published)
    return _checked(Plan(article, script, between_stories(segments), voice, OutputPaths.beside(output), settings,
                         artists(article)))


def _checked(prepared: Plan) -> Plan:
    """Return `prepared` once ffmpeg is found and its output folder is writable."""
    ffmpeg_path()
    check_writable_folder(prepared.outputs.mp3.parent)
    return prepared


def render(plan: Plan, on_clip: Callable[[int], None] | None = None,
           on_stage: Callable[[str], None] | None = None) -> Narration:
    """Synthesise, assemble, tag and write the episode; every file appears complete or not at all.

    Args:
        on_clip: told 1 as each sentence is synthesised.
        on_stage: told each stage's name as it starts: "synthesising", "levelling",
            "encoding" (not when the levelled MP3 comes from the cache), "tagging".
    """
    stage = on_stage or _unheard
    settings = plan.settings
    options = SynthesisOptions(settings.length_scale, settings.noise_scale, settings.noise_w_scale)
    cache = open_cache(settings.cache_dir, settings.use_cache)
    stage("synthesising")
    clips = _reporting(synthesise(plan.segments, plan.voice, options, settings.jobs, cache), on_clip)
    outputs = plan.outputs
    with contextlib.ExitStack() as renames:
        mp3 = renames.enter_context(atomic_path(outputs.mp3, ".mp3"))
        with tempfile.TemporaryDirectory(prefix="tts-articles-") as folder:
            wav = Path(folder) / "programme.wav"  # streamed to disk: memory stays flat however long the article
            timeline = write_programme(clips, plan.script, _pauses(plan), wav)
            encode_levelled(wav, mp3, AudioFormat(settings.bitrate_kbps, settings.target_lufs, settings.true_peak_dbtp),
                            cache, stage)
        stage("tagging")
        write_tags(mp3, episode_tags(plan), timeline)
        renames.enter_context(atomic_path(outputs.transcript)).write_text(webvtt(timeline), encoding="utf-8")
        if timeline.chapters:
            renames.enter_context(atomic_path(outputs.chapters)).write_text(json_chapters(timeline), encoding="utf-8")
    return Narration(outputs, timeline, plan.voice)


def episode_tags(plan: Plan) -> EpisodeTags:
    article = plan.article
    return EpisodeTags(
        title=article.title,
        authors=plan.artists,
        publisher=article.publisher,
        published=article.published,
        description=article.paragraphs[0] if article.paragraphs else None,
        source_url=article.url,
        voice_credit=plan.voice.credit,
        cover_path=Path(plan.settings.cover) if plan.settings.cover else None,
    )


def default_output(origin: str, article: Article) -> Path:
    """Beside a file input with the same stem; for stdin or a URL, a slug of the title here."""
    if origin == STDIN or "://" in origin:
        return Path(f"{slugify(article.title)}.mp3")
    return Path(origin).with_suffix(".mp3")


def _pauses(plan: Plan) -> Pauses:
    settings = plan.settings
    return Pauses(settings.sentence_pause_s, settings.paragraph_pause_s, settings.section_pause_s,
                  transition_pcm=_transition(plan))


def _unheard(stage: str) -> None:
    """No one listens for stages."""


def _transition(plan: Plan) -> bytes:
    """The transition sound at the voice's rate, when the script has pauses between stories."""
    if not plan.settings.transition or all(s.pause_after is not Pause.STORY for s in plan.segments):
        return b""
    return decode_to_pcm(Path(plan.settings.transition), plan.voice.sample_rate)


def _reporting(clips: Iterable[Clip], on_clip: Callable[[int], None] | None) -> Iterator[Clip]:
    for clip in clips:
        if on_clip:
            on_clip(1)
        yield clip
