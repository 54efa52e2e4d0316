"""The only module that runs ffmpeg: loudness measurement and MP3 encoding."""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import AudioError

logger = logging.getLogger(__name__)

MP3_SAMPLE_RATE = 44_100
"""At Piper's 22,050 Hz libmp3lame writes MPEG-2 Layer III, below Apple Podcasts' minimum."""
LIMITER_OVERSAMPLING = 4
"""The limiter runs at 4x the sample rate so it catches true (inter-sample) peaks."""


@dataclass(frozen=True)
class Loudness:
    """An EBU R128 / BS.1770 measurement."""

    integrated_lufs: float
    true_peak_dbtp: float


@dataclass(frozen=True)
class Mp3Encoding:
    """How to level and encode a programme."""

    compressor_threshold_db: float
    gain_db: float
    """Applied after the compressor, so changing it does not change the compression."""
    ceiling_dbtp: float
    bitrate_kbps: int


@functools.lru_cache(maxsize=1)
def ffmpeg_path() -> str:
    """ffmpeg from PATH, else the binary that imageio-ffmpeg ships.

    Raises:
        AudioError: neither is available.
    """
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as err:
        raise AudioError("ffmpeg not found; install ffmpeg or the imageio-ffmpeg package") from err


def run_ffmpeg(arguments: list[str]) -> str:
    """Run ffmpeg with `arguments` and return what it wrote to stderr.

    Raises:
        AudioError: ffmpeg failed; the message carries its last line.
    """
    command = [ffmpeg_path(), "-hide_banner", "-nostdin", "-y", *arguments]
    logger.debug("running %s", " ".join(command))
    try:
        completed = subprocess.run(command, capture_output=True, text=True, errors="replace")
    except OSError as err:
        raise AudioError(f"cannot run ffmpeg ({command[0]}): {err.strerror}") from err
    if completed.returncode != 0:
        last_line = (completed.stderr.strip().splitlines() or ["no message"])[-1]
        raise AudioError(f"ffmpeg failed: {last_line}")
    return completed.stderr


def measure_loudness(audio_path: Path) -> Loudness:
    """Measure the integrated loudness and true peak of a WAV or MP3 file."""
    stderr = run_ffmpeg(
        ["-i", str(audio_path), "-af", "ebur128=peak=true:framelog=quiet", "-f", "null", "-"]
    )
    summary = stderr[stderr.rfind("Summary:"):]
    integrated = re.search(r"\bI:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"\bPeak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated or not peak:
        raise AudioError(f"ffmpeg could not measure the loudness of {audio_path.name}")
    return Loudness(float(integrated.group(1)), float(peak.group(1)))


def encode_mp3(audio_path: Path, mp3_path: Path, encoding: Mp3Encoding) -> None:
    """Level `audio_path` and encode it as 44.1 kHz mono CBR MP3 at `mp3_path`.

    A compressor, one gain for the whole programme, then a true-peak limiter.
    `mp3_path` must be a seekable file, not a pipe: only then does ffmpeg write the
    Xing/LAME info frame that makes decoders strip the encoder delay.
    """
    limit = 10 ** (encoding.ceiling_dbtp / 20)
    filters = ",".join([
        f"acompressor=threshold={encoding.compressor_threshold_db:.1f}dB:ratio=4:attack=2:release=60:knee=4",
        f"volume={encoding.gain_db:.2f}dB",
        f"aresample={MP3_SAMPLE_RATE * LIMITER_OVERSAMPLING}",
        f"alimiter=limit={limit:.4f}:attack=0.5:release=10:level=disabled",
        f"aresample={MP3_SAMPLE_RATE}",
    ])
    run_ffmpeg([
        "-i", str(audio_path), "-af", filters,
        "-ar", str(MP3_SAMPLE_RATE), "-ac", "1",
        "-c:a", "libmp3lame", "-b:a", f"{encoding.bitrate_kbps}k",
        "-map_metadata", "-1", "-write_xing", "1",
        "-f", "mp3", str(mp3_path),
    ])
