"""The only module that runs ffmpeg: loudness measurement and MP3 encoding."""

from __future__ import annotations

import functools
import logging
import math
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from tts_articles.errors import AudioError

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)

MP3_SAMPLE_RATE = 44_100
"""At Piper's 22,050 Hz libmp3lame writes MPEG-2 Layer III, below Apple Podcasts' minimum."""
LIMITER_OVERSAMPLING = 2
"""The limiter runs at 2x the MP3 rate so it catches inter-sample peaks. Piper's audio
has nothing above 11 kHz, so 88.2 kHz is already 8x its bandwidth: on three articles
the MP3s' true peaks were 0.1-1.2 dB lower than with the limiter at 44.1 kHz and no
higher than at 176.4 kHz, which cost 1.9 s more per 14 minutes of audio (issue 6)."""
LAME_QUALITY = 5
"""LAME's algorithm quality (0 best, 9 fastest), as ffmpeg's default encodes. 7 encoded
14 minutes of speech in 2.9 s instead of 5.3 s, but raised pocketsphinx's word error
rate on the grain-corridor sample from 0.39 to 0.45 (issue 6): not worth it."""
TRUE_PEAK_OVERSAMPLING = 4
"""BS.1770-4 Annex 2: true peak is the peak of the signal upsampled 4x."""
TRUE_PEAK_FLOOR_DBFS = -6.0
"""Inter-sample peaks are searched for only around samples above this level; quieter
programmes report their sample peak, which understates the true peak by < 3 dB."""
_PEAK_HALF_WINDOW = 64
"""Samples either side of a candidate peak used to interpolate it (~0.04 dB error)."""
_DECODE_BLOCK_SAMPLES = 1 << 19
_PEAK_BATCH = 2048


@dataclass(frozen=True)
class Loudness:
    """An EBU R128 / BS.1770 measurement."""

    integrated_lufs: float
    true_peak_dbtp: float | None
    """None when only the integrated loudness was measured."""


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


def measure_loudness(audio_path: Path, true_peak: bool = True) -> Loudness:
    """Measure the integrated loudness and, unless `true_peak` is False, the true peak.

    ffmpeg's 4x-oversampling peak meter is ~80% of the cost (2.9 s of 3.4 s for 14
    minutes of speech), so a measurement that only sets the gain skips it.
    """
    meter = "ebur128=peak=true:framelog=quiet" if true_peak else "ebur128=framelog=quiet"
    stderr = run_ffmpeg(["-i", str(audio_path), "-af", meter, "-f", "null", "-"])
    return _parse_ebur128(stderr, audio_path, true_peak)


def measure_mp3(mp3_path: Path) -> Loudness:
    """Measure an MP3 as players will hear it: decoded once, loudness by ffmpeg, true peak here.

    The decoded samples stream through numpy, which interpolates 4x only around the
    loudest samples: 1.6 s instead of 3.6 s for ffmpeg's meter on 14 minutes of audio.
    """
    command = [
        ffmpeg_path(), "-hide_banner", "-nostdin", "-nostats", "-i", str(mp3_path),
        "-filter_complex", "asplit=2[meter][out];[meter]ebur128=framelog=quiet,anullsink",
        "-map", "[out]", "-f", "s16le", "-ac", "1", "-",
    ]
    logger.debug("running %s", " ".join(command))
    with tempfile.TemporaryFile() as errors:
        try:
            with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors) as process:
                peak = _true_peak(process.stdout)
        except OSError as err:
            raise AudioError(f"cannot run ffmpeg ({command[0]}): {err.strerror}") from err
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise AudioError(f"ffmpeg failed: {(stderr.strip().splitlines() or ['no message'])[-1]}")
    integrated = _parse_ebur128(stderr, mp3_path, true_peak=False).integrated_lufs
    return Loudness(integrated, 20 * math.log10(peak) if peak > 0 else float("-inf"))


def _parse_ebur128(stderr: str, audio_path: Path, true_peak: bool) -> Loudness:
    summary = stderr[stderr.rfind("Summary:"):]
    integrated = re.search(r"\bI:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"\bPeak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated or (true_peak and not peak):
        raise AudioError(f"ffmpeg could not measure the loudness of {audio_path.name}")
    return Loudness(float(integrated.group(1)), float(peak.group(1)) if true_peak else None)


def _true_peak(stream: IO[bytes]) -> float:
    """The BS.1770 true peak (linear, full scale 1.0) of mono s16le PCM read from `stream`.

    Blocks overlap by two half-windows so that a peak near a block edge is interpolated
    with context on both sides; memory stays one block however long the audio.
    """
    import numpy as np

    halo = _PEAK_HALF_WINDOW
    floor = 10 ** (TRUE_PEAK_FLOOR_DBFS / 20)
    peak = 0.0
    carried = np.zeros(0, dtype=np.float32)
    first = True
    while True:
        data = stream.read(2 * _DECODE_BLOCK_SAMPLES)
        last = len(data) < 2 * _DECODE_BLOCK_SAMPLES
        samples = np.concatenate([carried, np.frombuffer(data[: len(data) // 2 * 2], "<i2") / 32768.0])
        start = 0 if first else halo
        stop = len(samples) if last else len(samples) - halo
        peak = max(peak, _block_true_peak(samples, start, stop, floor))
        carried, first = samples[-2 * halo:], False
        if last:
            return peak


def _block_true_peak(samples: np.ndarray, start: int, stop: int, floor: float) -> float:
    """The largest sample or interpolated inter-sample peak centred in samples[start:stop].

    Only local maxima above `floor` are interpolated (a true peak lies beside a sample
    peak), in batches so that memory stays small for a loud programme.
    """
    import numpy as np

    if stop <= start:
        return 0.0
    magnitude = np.abs(samples[max(start - 1, 0): stop + 1])
    offset = max(start - 1, 0)
    peak = float(magnitude[start - offset: stop - offset].max())
    rising = magnitude[1:-1] >= magnitude[:-2]
    falling = magnitude[1:-1] >= magnitude[2:]
    candidates = np.flatnonzero(rising & falling & (magnitude[1:-1] >= floor)) + offset + 1
    candidates = candidates[(candidates >= start) & (candidates < stop)]
    halo = _PEAK_HALF_WINDOW
    windows = np.lib.stride_tricks.sliding_window_view(np.pad(samples, halo), 2 * halo)
    centre, reach = halo * TRUE_PEAK_OVERSAMPLING, 2 * TRUE_PEAK_OVERSAMPLING
    for batch in range(0, len(candidates), _PEAK_BATCH):
        spectrum = np.fft.rfft(windows[candidates[batch: batch + _PEAK_BATCH]], axis=1)
        upsampled = np.fft.irfft(spectrum, n=2 * halo * TRUE_PEAK_OVERSAMPLING, axis=1)
        peak = max(peak, float(np.abs(upsampled[:, centre - reach: centre + reach]).max()) * TRUE_PEAK_OVERSAMPLING)
    return peak


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
        "-compression_level", str(LAME_QUALITY),
        "-map_metadata", "-1", "-write_xing", "1",
        "-f", "mp3", str(mp3_path),
    ])


def decode_to_pcm(audio_path: Path, sample_rate: int) -> bytes:
    """Decode any audio file ffmpeg reads into mono 16-bit PCM at `sample_rate`.

    Raises:
        AudioError: the file is missing or is not audio ffmpeg can decode.
    """
    command = [ffmpeg_path(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(audio_path),
               "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "-"]
    logger.debug("running %s", " ".join(command))
    completed = subprocess.run(command, capture_output=True)
    if completed.returncode != 0 or not completed.stdout:
        reason = (completed.stderr.decode(errors="replace").strip().splitlines() or ["no audio in it"])[-1]
        raise AudioError(f"cannot read the sound {audio_path}: {reason}")
    return completed.stdout
