"""The only module that starts ffmpeg: one runner with a timeout and one error path."""

from __future__ import annotations

import functools
import logging
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
import wave
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, TypeVar, cast

from tts_articles.errors import AudioError

logger = logging.getLogger(__name__)

T = TypeVar("T")

STARTUP_TIMEOUT_S = 30.0
"""What any ffmpeg run may take besides its audio: starting, probing, writing headers."""
TIMEOUT_S_PER_AUDIO_S = 0.25
"""The slowest job, the levelled MP3 encode, runs at ~120x real time here (14 minutes of
speech in 7 s); a run allowed 4x real time has a 30-fold margin for a loaded machine."""
MIN_BYTES_PER_AUDIO_S = 2_000
"""16 kbit/s, below any compressed audio we write or expect: a file's size over this
bounds how long it plays when its header cannot be read as WAV."""
MAX_ERROR_LINES = 3
"""ffmpeg states the cause first, then how the failure spread; three lines hold both."""
_LOG_LINE = re.compile(r"^(?:\[[^\]]+ @ 0x[0-9a-f]+\] )?\[(\w+)\] (.*)$")
"""A line of ffmpeg's log with `-loglevel level+info`: an optional context, then the level."""


FFMPEG_ENV = "TTS_ARTICLES_FFMPEG"
"""Names an ffmpeg to use instead of the bundled one; it must pass the feature probe."""
REQUIRED_FILTER_OPTIONS = {
    "acompressor": ("threshold", "ratio", "attack", "release", "knee"),
    "alimiter": ("limit", "attack", "release", "level"),
    "ebur128": ("framelog",),
    "asplit": (),
    "anullsink": (),
}
"""The filters and options the levelling, encoding and measuring runs use."""
REQUIRED_HELP_TOPICS = {"encoder=libmp3lame": (), "muxer=mp3": ("write_xing",)}
PROBE_TIMEOUT_S = 10.0


def ffmpeg_path(environ: Mapping[str, str] = os.environ) -> str:
    """The bundled ffmpeg, or the one `$TTS_ARTICLES_FFMPEG` names once a probe shows it can do the work.

    An ffmpeg on PATH is never taken on its own: distributions ship versions that lack
    options we pass (Debian 12's 5.1 failed every encode with "Conversion failed!").

    Raises:
        AudioError: the named ffmpeg is missing or lacks a filter, option or encoder
            (the message names them and its version), or the bundled one is missing.
    """
    named = environ.get(FFMPEG_ENV)
    return _checked_ffmpeg(named) if named else _bundled_ffmpeg()


@functools.lru_cache(maxsize=1)
def _bundled_ffmpeg() -> str:
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as err:
        raise AudioError(
            f"the bundled ffmpeg (imageio-ffmpeg) is missing; reinstall tts-articles or set {FFMPEG_ENV} to an ffmpeg"
        ) from err


@functools.lru_cache(maxsize=4)
def _checked_ffmpeg(named: str) -> str:
    executable = shutil.which(named)
    if executable is None:
        raise AudioError(f"{FFMPEG_ENV}={named} is not an executable ffmpeg; fix it or unset it to use the bundled ffmpeg")
    topics = {**{f"filter={name}": options for name, options in REQUIRED_FILTER_OPTIONS.items()}, **REQUIRED_HELP_TOPICS}
    missing: list[str] = []
    for topic, options in topics.items():
        subject = topic.partition("=")[2]
        missing += [f"{subject} option {option}" if option else subject for option in _missing_features(executable, topic, options)]
    if missing:
        raise AudioError(
            f"{FFMPEG_ENV}={named} ({_version(executable)}) cannot do what tts-articles needs: it lacks "
            f"{', '.join(missing)}; unset {FFMPEG_ENV} to use the bundled ffmpeg"
        )
    logger.info("using %s (%s)", executable, _version(executable))
    return executable


def _missing_features(executable: str, topic: str, options: Sequence[str]) -> list[str]:
    """What of `topic` (a filter, encoder or muxer) and its `options` ffmpeg's help does not list.

    An empty string stands for the topic itself; ffmpeg exits 0 even for an unknown one.
    """
    help_text, _ = _run(executable, ["-h", topic], read_all, PROBE_TIMEOUT_S, f"describe {topic}")
    listed = help_text.decode("utf-8", "replace")
    if not re.search(r"^(Filter|Encoder|Muxer) ", listed, re.MULTILINE):
        return [""]
    return [option for option in options if not re.search(rf"^\s+-?{re.escape(option)}\s+<", listed, re.MULTILINE)]


def _version(executable: str) -> str:
    first_line = _run(executable, ["-version"], read_all, PROBE_TIMEOUT_S, "tell its version")[0].decode("utf-8", "replace")
    return " ".join(first_line.split()[:3]) or "version unknown"


def run_ffmpeg(arguments: Sequence[str], read: Callable[[IO[bytes]], T], audio_s: float, action: str) -> tuple[T, str]:
    """Run ffmpeg with `arguments`; return what `read` makes of its stdout, and its log.

    stdout streams to `read` while ffmpeg runs, so a decoded programme never has to
    fit in memory; the log (stderr) goes to a temporary file for the same reason.

    Args:
        audio_s: how many seconds of audio the run processes; it may take
            STARTUP_TIMEOUT_S plus TIMEOUT_S_PER_AUDIO_S for each.
        action: what the run does, for the error message ("encode the MP3").

    Raises:
        AudioError: ffmpeg could not start, failed, or ran out of time; the message
            carries the lines of its log that say what went wrong.
    """
    return _run(ffmpeg_path(), arguments, read, STARTUP_TIMEOUT_S + audio_s * TIMEOUT_S_PER_AUDIO_S, action)


def _run(
    executable: str, arguments: Sequence[str], read: Callable[[IO[bytes]], T], timeout_s: float, action: str
) -> tuple[T, str]:
    command = [executable, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+info", "-y", *arguments]
    logger.debug("running %s (timeout %.0f s)", shlex.join(command), timeout_s)
    with tempfile.TemporaryFile() as log_file:
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log_file)
        except OSError as err:
            raise AudioError(f"cannot run ffmpeg ({command[0]}): {err.strerror}") from err
        output, timed_out = _read_within(process, read, timeout_s)
        log_file.seek(0)
        log = log_file.read().decode("utf-8", "replace")
    if timed_out and process.returncode != 0:
        raise AudioError(f"ffmpeg did not {action} within {timeout_s:.0f} s; is the machine overloaded?")
    if process.returncode != 0:
        raise AudioError(f"ffmpeg could not {action}: {_error_summary(log, process.returncode)}")
    return output, log


def _read_within(process: subprocess.Popen[bytes], read: Callable[[IO[bytes]], T], timeout_s: float) -> tuple[T, bool]:
    """What `read` makes of the process's stdout, and whether it had to be killed for time.

    A timer kills the process, which ends the stream `read` is blocked on; an
    error or Ctrl-C in `read` kills it too, rather than waiting for it to finish.
    """
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        process.kill()

    watchdog = threading.Timer(timeout_s, expire)
    watchdog.start()
    try:
        with process:
            try:
                output = read(cast(IO[bytes], process.stdout))
            except BaseException:
                process.kill()
                raise
    finally:
        watchdog.cancel()
    return output, expired.is_set()


def _error_summary(log: str, returncode: int) -> str:
    """The lines of ffmpeg's log that say what went wrong, not only its last one.

    The last line is usually "Conversion failed!" or a generic "Error opening
    output files"; the cause ("Unrecognized option 'xyz'", "No such file or
    directory", "Invalid data found") is logged earlier, as an error.
    """
    errors: list[str] = []
    for line in log.splitlines():
        match = _LOG_LINE.match(line.strip())
        if match and match.group(1) in ("error", "fatal") and match.group(2) not in errors:
            errors.append(match.group(2))
    if errors:
        return "; ".join(errors[:MAX_ERROR_LINES])
    last_lines = [line.strip() for line in log.splitlines() if line.strip()]
    return last_lines[-1] if last_lines else f"exit status {returncode}"


def read_all(stream: IO[bytes]) -> bytes:
    """A `read` for run_ffmpeg that keeps the whole of stdout."""
    return stream.read()


def audio_seconds(path: Path) -> float:
    """How long the audio at `path` plays: exact for WAV, else an upper bound from its size."""
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() / wav.getframerate()
    except (wave.Error, EOFError, OSError):
        pass
    try:
        return path.stat().st_size / MIN_BYTES_PER_AUDIO_S
    except OSError:
        return 0.0


def decode_to_pcm(audio_path: Path, sample_rate: int) -> bytes:
    """Decode any audio file ffmpeg reads into mono 16-bit PCM at `sample_rate`.

    Raises:
        AudioError: the file is missing or is not audio ffmpeg can decode.
    """
    pcm, _ = run_ffmpeg(
        ["-i", str(audio_path), "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "-"],
        read_all, audio_seconds(audio_path), f"read the sound {audio_path}",
    )
    if not pcm:
        raise AudioError(f"cannot read the sound {audio_path}: no audio in it")
    return pcm
