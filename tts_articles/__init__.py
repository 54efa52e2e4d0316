"""tts-articles: turn news articles into podcast-ready narrated MP3s with local Piper voices."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tts-articles")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
