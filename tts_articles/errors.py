"""Errors a user can act on; cli.py turns each into one line on stderr and exit code 1."""


class TtsArticlesError(Exception):
    """Base class: the message names the problem and says what to do next."""


class SourceError(TtsArticlesError):
    """The input could not be read: missing, unreadable, too big, wrong type."""


class ExtractionError(TtsArticlesError):
    """The input was read but holds no article to narrate."""


class VoiceError(TtsArticlesError):
    """The voice could not be found or loaded."""


class AudioError(TtsArticlesError):
    """ffmpeg is missing or failed, or the audio could not be written."""


class OutputError(TtsArticlesError):
    """An output file or folder cannot be written."""


class FeedError(TtsArticlesError):
    """The podcast feed or its configuration is invalid."""


class ConfigError(TtsArticlesError):
    """A setting or configuration file is invalid."""


class ClusterError(TtsArticlesError):
    """The Dask cluster cannot be reached, or a worker cannot narrate as the client asks."""
