"""Commands for one story: narrate, script, voices, lexicon check."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from tts_articles.audio.synthesise import SynthesisOptions, synthesise
from tts_articles.audio.voices import VoiceInfo, find_voices, phonemizer, resolve_voice, voice_dirs
from tts_articles.cli.options import InputType, clock, iso_date, logging_options, narration_options, script_options, settings_from
from tts_articles.pipeline import Narration, Overrides, plan, read_article, render, write_script
from tts_articles.speech.lexicon import bundled_lexicon_paths, check_lexicon, load_lexicons
from tts_articles.speech.listen import listen_lexicon
from tts_articles.speech.review import script_as_dict, script_as_text
from tts_articles.types import Pause, Segment


@click.command()
@click.argument("source", type=InputType())
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="MP3 to write (default: beside the input, same name).")
@click.option("--title", help="Use this headline instead of the one found.")
@click.option("--author", "authors", multiple=True, help="Author name; repeat for several.")
@click.option("--date", callback=iso_date, help="Publication date, YYYY-MM-DD[THH:MM].")
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
    settings = settings_from(config_path, **options)
    quiet = click.get_current_context().obj["quiet"] or as_json
    _announce("extracting", quiet)
    article = read_article(source, settings, Overrides(title, authors, date))
    prepared = plan(article, source, settings, output)
    with contextlib.closing(_Stages(len(prepared.segments), quiet)) as stages:
        narration = render(prepared, stages.clip, stages.start)
    _report(narration, as_json, quiet)


class _Stages:
    """Names each stage on stderr as it starts; synthesis gets a bar with an ETA.

    Off a terminal, click prints the bar's label once and never a carriage return.
    """

    def __init__(self, sentences: int, hidden: bool) -> None:
        self._sentences, self._hidden = sentences, hidden
        self._bar: Any = None

    def start(self, stage: str) -> None:
        self.close()
        if stage == "synthesising":
            self._bar = click.progressbar(length=self._sentences, label="Synthesising", file=sys.stderr,
                                          hidden=self._hidden, show_eta=True)
            self._bar.__enter__()
        else:
            _announce(stage, self._hidden)

    def clip(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _announce(stage: str, quiet: bool) -> None:
    if not quiet:
        click.echo(f"{stage.capitalize()}...", err=True)


def _report(narration: Narration, as_json: bool, quiet: bool) -> None:
    summary = narration.to_dict()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    elif not quiet:
        click.echo(f"Wrote {summary['mp3']} ({clock(summary['duration_s'])}, {len(summary['chapters'])} chapters)")


@click.command()
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


@click.command()
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
    settings = settings_from(config_path, **options)
    article = read_article(source, settings)
    layout, segments, _ = write_script(article, settings)
    if as_json:
        click.echo(json.dumps(script_as_dict(article, layout, segments), ensure_ascii=False, indent=2))
    else:
        click.echo(script_as_text(article, layout, segments, show_dropped, spoken))


@click.group()
def lexicon() -> None:
    """Pronunciation lexicons: respellings or [[ phonemes ]] for words the voice gets wrong."""


@lexicon.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--voice", help="Voice to check with (default: the bundled voice).")
@click.option("--listen", is_flag=True, help="Also say each entry and recognise it with pocketsphinx (slow).")
@logging_options
def lexicon_check(files: tuple[Path, ...], voice: str | None, listen: bool) -> None:
    """Phonemise every entry and report those the voice spells out or reads as "roman".

    With --listen, also say each entry in carrier sentences and report those a recogniser
    takes for a near pronunciation. With no FILES, checks the bundled lexicons. Exits 1
    when any entry has a problem.

    \b
    Example:
        tts-articles lexicon check
        tts-articles lexicon check --listen my-names.toml
    """
    entries = load_lexicons(files or bundled_lexicon_paths())
    found = resolve_voice(voice, voice_dirs())
    phonemize = phonemizer(found)
    problems = check_lexicon(entries, phonemize)
    for problem in problems:
        click.echo(f"{problem.entry.origin}: {problem.entry.word!r} -> {problem.phonemes}: {problem.reason}")
    misheard = listen_lexicon(entries, _repeatable_speaker(found), phonemize) if listen else []
    for hearing in misheard:
        click.echo(f"{hearing.entry.origin}: {hearing.entry.word!r} in {hearing.sentence!r} heard as {hearing.heard}")
    if problems or misheard:
        bad = len({problem.entry for problem in problems} | {hearing.entry for hearing in misheard})
        raise click.ClickException(f"{bad} of {len(entries.entries)} entries need a better respelling")
    click.echo(f"All {len(entries.entries)} entries read well.")


def _repeatable_speaker(voice: VoiceInfo) -> Callable[[str], tuple[bytes, int]]:
    """Say a text with `voice` and no noise, so a listening check gives the same verdict every run."""
    options = SynthesisOptions(noise_scale=0.0, noise_w_scale=0.0)

    def say(text: str) -> tuple[bytes, int]:
        clip = next(synthesise([Segment(0, 0, 0, text, text, Pause.END)], voice, options, jobs=1))
        return clip.pcm, clip.sample_rate

    return say
