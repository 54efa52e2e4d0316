"""The tts-articles command line: a thin shell over pipeline, voices, feed and batch."""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from tts_articles import __version__
from tts_articles.audio.voices import find_voices, phonemizer, resolve_voice, voice_dirs
from tts_articles.config import ALLOWED_BITRATES_KBPS, CHAPTER_MODES, Settings, load_batch_settings, load_settings
from tts_articles.errors import TtsArticlesError
from tts_articles.pipeline import Narration, Overrides, plan, read_article, render, write_script
from tts_articles.podcast.batch import BatchOptions, run_batch
from tts_articles.podcast.channel import CHANNEL_CONFIG_FILE_NAME, ChannelConfig, load_channel_config
from tts_articles.podcast.cluster import open_cluster
from tts_articles.podcast.feed import write_feed
from tts_articles.podcast.manifest import find_stories
from tts_articles.podcast.report import StoryResult
from tts_articles.podcast.serve import serve as serve_episodes
from tts_articles.reading.load import STDIN
from tts_articles.speech.lexicon import bundled_lexicon_paths, check_lexicon, load_lexicons
from tts_articles.speech.review import script_as_dict, script_as_text

logger = logging.getLogger("tts_articles")

_Command = TypeVar("_Command", bound=Callable[..., Any])


class _Group(click.Group):
    """Turns every TtsArticlesError into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TtsArticlesError as err:
            if _debugging(ctx):
                raise
            raise click.ClickException(str(err)) from err
        except KeyboardInterrupt:
            if _debugging(ctx):
                raise
            click.echo("Interrupted; finished files are complete and nothing half-written was left.", err=True)
            sys.exit(130)


def _debugging(ctx: click.Context) -> bool:
    return bool(ctx.obj and ctx.obj.get("debug"))


def _set_up_logging(ctx: click.Context, verbose: int, quiet: bool, debug: bool) -> None:
    ctx.ensure_object(dict)
    ctx.obj.update(debug=debug or ctx.obj.get("debug", False), quiet=quiet)
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=logging.DEBUG if debug else level, format="%(levelname)s: %(message)s", force=True)


def logging_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """-v/-q/--debug on every command, so they may follow the command name."""

    @click.option("-v", "--verbose", count=True, help="More messages: -v for progress details, -vv for debugging.")
    @click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bar.")
    @click.option("--debug", is_flag=True, help="Show full tracebacks and ffmpeg command lines.")
    @functools.wraps(command)
    def wrapper(*args: Any, verbose: int, quiet: bool, debug: bool, **kwargs: Any) -> Any:
        _set_up_logging(click.get_current_context(), verbose, quiet, debug)
        return command(*args, **kwargs)

    return wrapper


class InputType(click.ParamType[str]):
    """A file path, an http(s) URL, or "-" for standard input; checked before any work."""

    name = "INPUT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        origin = str(value)
        if origin == STDIN or origin.startswith(("http://", "https://")):
            return origin
        path = Path(origin)
        if not path.exists():
            self.fail(f"{origin} does not exist; give the path of an article file, a URL or -", param, ctx)
        if path.is_dir():
            self.fail(f"{origin} is a folder; give the path of an article file", param, ctx)
        return origin


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    return value


def _apply(options: Sequence[Callable[[Any], Any]], command: _Command) -> _Command:
    for option in reversed(options):
        command = option(command)
    return command


def script_options(command: _Command) -> _Command:
    """Options that shape what is read, shared by script, narrate and batch."""
    return _apply([
        click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Settings file (default: ./tts-articles.toml if present)."),
        click.option("--raw", is_flag=True, help="Read everything in the input: no removal of page furniture."),
        click.option("--voice", help="Voice name (see 'tts-articles voices') or path to a .onnx file."),
        click.option("--chapters", type=click.Choice(CHAPTER_MODES), help="How chapters are made (default auto)."),
        click.option("--outro", help='Closing sentence; "" for none. Default: a synthetic-voice disclosure.'),
        click.option("--intro/--no-intro", default=None, help="Read the headline, byline and date first."),
        click.option("--lexicon", "lexicons", multiple=True, type=click.Path(exists=True, dir_okay=False),
                     help="Pronunciation lexicon (TOML) read after the bundled one; repeatable."),
        click.option("--max-input-bytes", type=click.IntRange(1), help="Refuse inputs larger than this (default 10 MB)."),
        click.option("--timeout", "fetch_timeout_s", type=click.FloatRange(0, min_open=True),
                     help="Seconds a URL may take to answer (default 20)."),
    ], command)


def narration_options(command: _Command) -> _Command:
    """Options that shape how it sounds and is encoded, shared by narrate and batch."""
    return _apply([
        click.option("--speed", type=click.FloatRange(0.25, 4.0), help="Speaking speed: 1.0 normal, 1.2 faster."),
        click.option("--bitrate", type=click.Choice([str(b) for b in ALLOWED_BITRATES_KBPS]),
                     help="MP3 bitrate in kbit/s, constant (default 64)."),
        click.option("--cover", type=click.Path(exists=True, dir_okay=False), help="JPEG or PNG cover art."),
        click.option("--sentence-pause", type=float, help="Seconds of silence between sentences."),
        click.option("--paragraph-pause", type=float, help="Seconds of silence between paragraphs."),
        click.option("--section-pause", type=float, help="Seconds after the intro and around headings."),
        click.option("--noise-scale", type=float, help="Piper's noise scale; 0 with --noise-w-scale 0 is repeatable."),
        click.option("--noise-w-scale", type=float, help="Piper's phoneme-length noise."),
        click.option("--jobs", type=click.IntRange(1, 64), help="Synthesis processes (default: one per core)."),
        click.option("--cache-dir", type=click.Path(file_okay=False),
                     help="Sentence cache folder (default: the user cache folder)."),
        click.option("--no-cache", "use_cache", flag_value=False, default=None,
                     help="Neither read nor store synthesised sentences."),
    ], command)


def feed_options(base_url_required: bool) -> Callable[[_Command], _Command]:
    """--base-url, --keep and --max-age, shared by feed and batch (where the feed is optional)."""
    base_url_help = ("Public address OUTDIR is served at, e.g. https://example.org/news." if base_url_required
                     else "Public address of the output folder; writes feed.xml.")
    options = [
        click.option("--base-url", required=base_url_required, help=base_url_help),
        click.option("--keep", type=click.IntRange(1), help="List only the newest N episodes in the feed."),
        click.option("--max-age", type=click.FloatRange(0, min_open=True), help="List only episodes newer than DAYS."),
    ]

    def decorate(command: _Command) -> _Command:
        return _apply(options, command)

    return decorate


def _channel(outdir: Path, config_path: Path | None) -> ChannelConfig:
    """The channel details: `config_path`, else OUTDIR/podcast.toml, else ./podcast.toml, else defaults."""
    folder = outdir if (outdir / CHANNEL_CONFIG_FILE_NAME).is_file() else Path(".")
    return load_channel_config(config_path, folder=folder)


def _settings(config_path: Path | None, **cli: Any) -> Settings:
    """Command-line options over the config file over the defaults."""
    speed = cli.pop("speed", None)
    bitrate = cli.pop("bitrate", None)
    settings = load_settings(config_path)
    cli["lexicons"] = settings.lexicons + cli["lexicons"] if cli["lexicons"] else None
    cli["raw"] = cli["raw"] or None  # an absent flag leaves the config file's choice
    return settings.with_overrides(
        length_scale=1 / speed if speed else None,
        bitrate_kbps=int(bitrate) if bitrate else None,
        sentence_pause_s=cli.pop("sentence_pause", None),
        paragraph_pause_s=cli.pop("paragraph_pause", None),
        section_pause_s=cli.pop("section_pause", None),
        **cli,
    )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tts-articles")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn news articles into podcast-ready narrated MP3s with local Piper voices."""
    ctx.ensure_object(dict)  # shared by every subcommand, so the group sees --debug


@main.command()
@click.argument("source", type=InputType())
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="MP3 to write (default: beside the input, same name).")
@click.option("--title", help="Use this headline instead of the one found.")
@click.option("--author", "authors", multiple=True, help="Author name; repeat for several.")
@click.option("--date", callback=_iso_date, help="Publication date, YYYY-MM-DD[THH:MM].")
@script_options
@narration_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout.")
@logging_options
def narrate(source: str, output: Path | None, title: str | None, authors: tuple[str, ...],
            date: str | None, as_json: bool, config_path: Path | None, **options: Any) -> None:
    """Narrate one article into an MP3 with chapters, a transcript and JSON chapters.

    SOURCE is a .txt, .md, .json or .html file, an http(s) URL, or - for stdin.

    \b
    Example:
        tts-articles narrate story.txt
        tts-articles narrate story.md -o episode.mp3 --voice en_US-joe-medium --speed 1.1
    """
    settings = _settings(config_path, **options)
    article = read_article(source, settings, Overrides(title, authors, date))
    prepared = plan(article, source, settings, output)
    quiet = click.get_current_context().obj["quiet"] or as_json
    with click.progressbar(length=len(prepared.segments), label="Synthesising", file=sys.stderr,
                           hidden=quiet) as bar:
        narration = render(prepared, bar.update)
    _report(narration, as_json, quiet)


def _report(narration: Narration, as_json: bool, quiet: bool) -> None:
    summary = narration.to_dict()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    elif not quiet:
        minutes, seconds = divmod(round(summary["duration_s"]), 60)
        click.echo(f"Wrote {summary['mp3']} ({minutes}:{seconds:02d}, {len(summary['chapters'])} chapters)")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@logging_options
def voices(as_json: bool) -> None:
    """List the voices found: the bundled one, ./voices and $TTS_ARTICLES_VOICES.

    \b
    Example:
        tts-articles voices
    """
    found = find_voices(voice_dirs())
    if as_json:
        rows = [{"name": v.name, "language": v.language, "quality": v.quality, "sample_rate": v.sample_rate,
                 "origin": v.origin, "model_path": str(v.model_path), "licence": v.licence} for v in found]
        click.echo(json.dumps(rows, indent=2))
        return
    for voice in found:
        click.echo(f"{voice.name:<28} {voice.language:<6} {voice.quality:<7} {voice.sample_rate:>6} Hz  {voice.origin}")


@main.command()
@click.argument("source", type=InputType())
@script_options
@click.option("--show-dropped", is_flag=True, help="Also list each line left out, with the reason.")
@click.option("--spoken", is_flag=True, help="Show what the voice will say under each sentence it rewrites.")
@click.option("--json", "as_json", is_flag=True, help="Print the script as JSON.")
@logging_options
def script(source: str, show_dropped: bool, spoken: bool, as_json: bool, config_path: Path | None,
           **options: Any) -> None:
    """Print what will be read: headline, byline, date, chapters and paragraphs.

    \b
    Example:
        tts-articles script samples/kyiv-independent-pow-executions.txt --show-dropped
        tts-articles script story.html --spoken
    """
    settings = _settings(config_path, **options)
    article = read_article(source, settings)
    layout, segments, _ = write_script(article, settings)
    if as_json:
        click.echo(json.dumps(script_as_dict(article, layout, segments), ensure_ascii=False, indent=2))
    else:
        click.echo(script_as_text(article, layout, segments, show_dropped, spoken))


@main.group()
def lexicon() -> None:
    """Pronunciation lexicons: respellings or [[ phonemes ]] for words the voice gets wrong."""


@lexicon.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--voice", help="Voice to check with (default: the bundled voice).")
@logging_options
def lexicon_check(files: tuple[Path, ...], voice: str | None) -> None:
    """Phonemise every entry and report those the voice spells out or reads as "roman".

    With no FILES, checks the bundled lexicons. Exits 1 when any entry has a problem.

    \b
    Example:
        tts-articles lexicon check
        tts-articles lexicon check my-names.toml
    """
    entries = load_lexicons(files or bundled_lexicon_paths())
    problems = check_lexicon(entries, phonemizer(resolve_voice(voice, voice_dirs())))
    for problem in problems:
        click.echo(f"{problem.entry.origin}: {problem.entry.word!r} -> {problem.phonemes}: {problem.reason}")
    if problems:
        raise click.ClickException(f"{len(problems)} of {len(entries.entries)} entries need a better respelling")
    click.echo(f"All {len(entries.entries)} entries read well.")


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@feed_options(base_url_required=True)
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Channel details (default: OUTDIR/podcast.toml, else ./podcast.toml).")
@logging_options
def feed(outdir: Path, base_url: str, config_path: Path | None, keep: int | None, max_age: float | None) -> None:
    """Write OUTDIR/feed.xml, a podcast RSS feed of the episodes in OUTDIR/episodes.

    \b
    Example:
        tts-articles feed out/ --base-url https://news.example.org/podcast
    """
    path = write_feed(outdir, base_url, _channel(outdir, config_path), keep=keep, max_age_days=max_age)
    click.echo(f"Wrote {path}")


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 for the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@logging_options
def serve(outdir: Path, host: str, port: int) -> None:
    """Serve OUTDIR's feed and episodes over HTTP, with byte ranges for podcast apps.

    \b
    Example:
        tts-articles serve out/ --host 0.0.0.0 --port 8000
    """
    serve_episodes(outdir, host, port, ready=lambda url: click.echo(f"Serving {url} (Ctrl-C to stop)", err=True))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for episodes/, episodes.json, report.json and feed.xml (created if missing).")
@click.option("--force", is_flag=True, help="Convert every story again, even those up to date.")
@click.option("--digest", is_flag=True, help="Also make one episode of all the stories, a chapter each.")
@click.option("--transition", type=click.Path(exists=True, dir_okay=False),
              help="A short sound played between the stories of the digest.")
@feed_options(base_url_required=False)
@click.option("--podcast-config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Channel details for the feed and digest (default: OUTDIR/podcast.toml, else ./podcast.toml).")
@script_options
@narration_options
@click.option("--scheduler", help="Run on a Dask cluster: its scheduler (tcp://HOST:8786), or 'local' to start one of --jobs workers.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@logging_options
def batch(inputs: tuple[str, ...], outdir: Path, force: bool, digest: bool, transition: str | None,
          base_url: str | None, scheduler: str | None,
          podcast_config: Path | None, keep: int | None, max_age: float | None, as_json: bool,
          config_path: Path | None, **options: Any) -> None:
    """Convert many articles, one episode each, several at once; skip those already done.

    INPUTS are article files, folders of them, or manifests (.jsonl or .csv) with a
    path or url per story and optional title, authors, date, voice and guid.
    One failed story never stops the others; the exit code is 1 if any failed.

    \b
    Example:
        tts-articles batch today/ -o podcast/ --digest --base-url https://news.example.org/podcast
    """
    settings = _settings(config_path, transition=transition, **options)
    outdir.mkdir(parents=True, exist_ok=True)
    run = BatchOptions(outdir, settings.jobs or os.cpu_count() or 1, force, digest, base_url, _channel(outdir, podcast_config), keep, max_age)
    stories = find_stories(inputs)
    quiet = click.get_current_context().obj["quiet"] or as_json
    scheduler = scheduler or load_batch_settings(config_path).scheduler
    with open_cluster(scheduler, run.jobs) if scheduler else contextlib.nullcontext() as cluster:
        if cluster and not quiet:
            click.echo(cluster.describe(), err=True)
        with click.progressbar(length=len(stories) + digest, label="Converting", file=sys.stderr, hidden=quiet,
                               show_eta=True) as bar:
            report = run_batch(stories, settings, run, lambda result: _story_done(result, bar, quiet), cluster)
    if as_json:
        click.echo(report.report_path.read_text(encoding="utf-8"), nl=False)
    elif not quiet:
        click.echo(f"{len(report.results) - report.failed} of {len(report.results)} stories ready in {outdir}"
                   + (f"; feed: {report.feed_path}" if report.feed_path else ""))
    if report.failed:
        raise click.ClickException(f"{report.failed} stories failed; reasons in {report.report_path}")


def _story_done(result: StoryResult, bar: Any, quiet: bool) -> None:
    if not quiet:
        detail = result.reason or (f"{result.duration_s:.0f} s of audio" if result.duration_s else "")
        click.echo(f"\r{result.status:<11} {result.title or result.origin}: {detail}", err=True)
    bar.update(1)
