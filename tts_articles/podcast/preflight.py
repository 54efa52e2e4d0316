"""A batch's options -> checked before the first story is converted; the written feed -> one warning if Apple would refuse it.

A typo in the base URL or a wrong cover should cost seconds, not the hours of a whole run.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from tts_articles.audio.ffmpeg import ffmpeg_path
from tts_articles.config import Settings
from tts_articles.pipeline import choose_voice
from tts_articles.podcast.artwork import prepare_artwork
from tts_articles.podcast.feed import check_limits, normalise_base_url
from tts_articles.podcast.feed_check import check_feed, required_failures

if TYPE_CHECKING:
    from tts_articles.podcast.batch import BatchOptions

logger = logging.getLogger(__name__)


def check_batch_options(settings: Settings, options: BatchOptions) -> None:
    """Check the voice, ffmpeg and, when a feed is to be written, its address, limits and artwork.

    The show's artwork is drawn now if podcast.toml names none, as the feed would.

    Raises:
        TtsArticlesError: the first problem found, in one line.
    """
    choose_voice(settings)
    ffmpeg_path()
    if options.base_url is not None:
        normalise_base_url(options.base_url)
        check_limits(options.keep, options.max_age_days)
        prepare_artwork(options.outdir, options.channel)


def warn_if_apple_would_refuse(outdir: Path) -> None:
    """Log one warning naming the required Apple and Podcasting 2.0 rules OUTDIR/feed.xml breaks, if any."""
    failed = required_failures(check_feed(outdir))
    if failed:
        logger.warning("the feed breaks %d required rules (%s); see 'tts-articles feed %s --base-url URL --check'",
                       len(failed), ", ".join(result.rule for result in failed), outdir)
