"""The tts-articles command line: a thin shell over the pipeline, the batch and the podcast."""

from __future__ import annotations

import click

from tts_articles import __version__
from tts_articles.cli.options import OneErrorLineGroup
from tts_articles.cli.podcast import batch, episodes, feed, serve
from tts_articles.cli.story import lexicon, narrate, script, voices

__all__ = ["main"]


@click.group(cls=OneErrorLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tts-articles")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn news articles into podcast-ready narrated MP3s with local Piper voices."""
    ctx.ensure_object(dict)  # shared by every subcommand, so the group sees --debug


for _command in (narrate, script, voices, lexicon, batch, feed, episodes, serve):
    main.add_command(_command)
