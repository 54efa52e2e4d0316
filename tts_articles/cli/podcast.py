"""Commands for a podcast: batch, feed, episodes, serve."""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any

import click

from tts_articles.cli.options import channel_for, clock, feed_options, logging_options, narration_options, script_options, settings_from
from tts_articles.config import load_batch_settings
from tts_articles.podcast.batch import BatchOptions, run_batch
from tts_articles.podcast.catalogue import FeedOptions, list_episodes, remove_and_republish
from tts_articles.podcast.cluster import open_cluster
from tts_articles.podcast.feed import write_feed
from tts_articles.podcast.feed_check import check_feed, describe_results, required_failures
from tts_articles.podcast.manifest import find_stories
from tts_articles.podcast.preview import preview_stories, previews_as_dicts, previews_as_text
from tts_articles.podcast.report import StoryResult
from tts_articles.podcast.serve import serve as serve_episodes


@click.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@feed_options(base_url_required=True)
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Channel details (default: OUTDIR/podcast.toml, else ./podcast.toml).")
@click.option("--check", is_flag=True, help="Then list the Apple and Podcasting 2.0 rules the feed meets; exit 1 if it breaks a required one.")
@logging_options
def feed(outdir: Path, base_url: str, config_path: Path | None, keep: int | None, max_age: float | None, check: bool) -> None:
    """Write OUTDIR/feed.xml, a podcast RSS feed of the episodes in OUTDIR/episodes.

    \b
    Example:
        tts-articles feed out/ --base-url https://news.example.org/podcast
    """
    path = write_feed(outdir, base_url, channel_for(outdir, config_path), keep=keep, max_age_days=max_age)
    click.echo(f"Wrote {path}")
    if check:
        results = check_feed(outdir)
        click.echo("\n".join(describe_results(results)))
        if failed := required_failures(results):
            raise click.ClickException(f"the feed breaks {len(failed)} required rules; see NOT MET above")


@click.group()
def episodes() -> None:
    """The episodes in an output folder: list them, or remove one for good."""


@episodes.command("list")
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print every episode's metadata as JSON.")
@logging_options
def episodes_list(outdir: Path, as_json: bool) -> None:
    """List the episodes in OUTDIR, newest first: date, length, file stem and title.

    \b
    Example:
        tts-articles episodes list podcast/
    """
    rows = list_episodes(outdir)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(f"No episodes in {outdir}", err=True)
    for row in rows:
        corrected = f"  (corrected {row['lastmod'][:10]})" if row["lastmod"] else ""
        click.echo(f"{row['published'][:10]}  {clock(row['duration_s']):>6}  {row['stem']}  {row['title']}{corrected}")


@episodes.command("remove")
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("episode", metavar="GUID|STEM")
@feed_options(base_url_required=False)
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Channel details (default: OUTDIR/podcast.toml, else ./podcast.toml).")
@logging_options
def episodes_remove(outdir: Path, episode: str, base_url: str | None, keep: int | None, max_age: float | None,
                    config_path: Path | None) -> None:
    """Delete one episode's audio, sidecars and metadata; the index, feed and pages follow.

    The feed, if OUTDIR has one, is rewritten at the address it was published at
    (--base-url gives another); give the same --keep and --max-age as when it was written.

    \b
    Example:
        tts-articles episodes remove podcast/ 2024-11-06-storm-hits-the-coast
    """
    removal = remove_and_republish(outdir, episode, channel_for(outdir, config_path), FeedOptions(base_url, keep, max_age))
    click.echo(f"Removed {removal.title!r} ({removal.guid}): {len(removal.files)} files")
    click.echo(f"Rewrote {removal.feed}" if removal.feed else
               f"No feed in {outdir}; to publish one: tts-articles feed {outdir} --base-url URL")


@click.command()
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


@click.command()
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
@click.option("--story-timeout", "story_timeout_s", type=click.FloatRange(0, min_open=True),
              help="Seconds one story may take before it is stopped and failed (default: 300 + 0.1 a character).")
@click.option("--wait", type=click.FloatRange(0), default=0,
              help="If another batch is writing to OUTDIR, wait up to SECONDS for it (default: fail at once).")
@click.option("--scheduler", help="Run on a Dask cluster: its scheduler (tcp://HOST:8786), or 'local' to start one of --jobs workers.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--dry-run", is_flag=True, help="Only extract: print each story's headline (with source and confidence), "
              "byline, date, words and dropped lines; write nothing.")
@logging_options
def batch(inputs: tuple[str, ...], outdir: Path, force: bool, digest: bool, transition: str | None,
          base_url: str | None, dry_run: bool, wait: float, scheduler: str | None,
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
    settings = settings_from(config_path, transition=transition, **options)
    if dry_run:
        previews = preview_stories(find_stories(inputs), settings)
        click.echo(json.dumps(previews_as_dicts(previews), ensure_ascii=False, indent=2) if as_json else previews_as_text(previews))
        return
    run = BatchOptions(outdir, settings.jobs or os.cpu_count() or 1, force, digest, base_url,
                       channel_for(outdir, podcast_config), keep, max_age, wait)
    stories = find_stories(inputs)
    quiet = click.get_current_context().obj["quiet"] or as_json
    scheduler = scheduler or load_batch_settings(config_path).scheduler
    with open_cluster(scheduler, run.jobs) if scheduler else contextlib.nullcontext() as cluster:
        if cluster and not quiet:
            click.echo(cluster.describe(), err=True)
        if not quiet:
            click.echo(f"Reading {len(stories)} stories", err=True)
        report = run_batch(stories, settings, run, _BatchProgress(len(stories) + digest, quiet).done, cluster)
    if as_json:
        click.echo(report.report_path.read_text(encoding="utf-8"), nl=False)
    elif not quiet:
        click.echo(f"{len(report.results) - report.failed} of {len(report.results)} stories ready in {outdir}"
                   + (f"; feed: {report.feed_path}" if report.feed_path else ""))
    if report.failed:
        raise click.ClickException(f"{report.failed} stories failed; reasons in {report.report_path}")


class _BatchProgress:
    """One line per story as it finishes: stories done of the total, and an ETA from those converted so far.

    Plain lines, never a carriage return, so the log of a batch run by cron or CI reads cleanly.
    """

    def __init__(self, total: int, quiet: bool) -> None:
        self._total, self._quiet = total, quiet
        self._done = self._worked = 0
        self._started = time.monotonic()

    def done(self, result: StoryResult) -> None:
        self._done += 1
        self._worked += result.status != "skipped"
        if self._quiet:
            return
        detail = result.reason or (f"{result.duration_s:.0f} s of audio" if result.duration_s else "")
        click.echo(f"[{self._done}/{self._total}] {result.status:<9} {result.title or result.origin}: {detail}"
                   f"{self._eta()}", err=True)

    def _eta(self) -> str:
        left = self._total - self._done
        if not left or not self._worked:
            return ""
        seconds = (time.monotonic() - self._started) / self._worked * left
        return f" (about {clock(seconds)} left)" if seconds >= 1 else ""

