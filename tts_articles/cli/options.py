"""What every command shares: one error line per failure, logging flags, input and option groups, settings."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from tts_articles.config import ALLOWED_BITRATES_KBPS, CHAPTER_MODES, Settings, load_settings
from tts_articles.errors import TtsArticlesError
from tts_articles.podcast.channel import CHANNEL_CONFIG_FILE_NAME, ChannelConfig, load_channel_config
from tts_articles.reading.load import STDIN

logger = logging.getLogger("tts_articles")

_Command = TypeVar("_Command", bound=Callable[..., Any])


class OneErrorLineGroup(click.Group):
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


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
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


def channel_for(outdir: Path, config_path: Path | None) -> ChannelConfig:
    """The channel details: `config_path`, else OUTDIR/podcast.toml, else ./podcast.toml, else defaults."""
    folder = outdir if (outdir / CHANNEL_CONFIG_FILE_NAME).is_file() else Path(".")
    return load_channel_config(config_path, folder=folder)


def settings_from(config_path: Path | None, **cli: Any) -> Settings:
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

def clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}:{seconds:02d}"
