"""Shared fixtures: the real voice, ffmpeg readers, a narrated short article."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tts_articles.audio.ffmpeg import ffmpeg_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TESTS = ROOT / "tests"
CASES = TESTS / "cases"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keep the sentence cache (platformdirs' user cache) out of the user's home folder."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def ffmpeg() -> str:
    try:
        return ffmpeg_path()
    except Exception as err:  # any failure to find ffmpeg means the audio tests cannot run
        pytest.skip(f"ffmpeg unavailable: {err}")


def decode(ffmpeg: str, mp3: Path, sample_rate: int = 44_100) -> np.ndarray:
    """Decode an MP3 with ffmpeg (an independent reader) to mono float samples in [-1, 1]."""
    pcm = subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "-"],
        capture_output=True, check=True,
    ).stdout
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768


def ffmpeg_chapters(ffmpeg: str, mp3: Path) -> list[tuple[float, float, str]]:
    """The chapters that `ffmpeg -i` lists: (start s, end s, title)."""
    stderr = subprocess.run([ffmpeg, "-hide_banner", "-i", str(mp3)], capture_output=True, text=True).stderr
    pattern = re.compile(r"Chapter #\d+:\d+: start ([\d.]+), end ([\d.]+)\s+Metadata:\s+title\s+: (.*)")
    return [(float(start), float(end), title.strip()) for start, end, title in pattern.findall(stderr)]


def ebur128(ffmpeg: str, audio: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) as ffmpeg's ebur128 filter reports them."""
    stderr = subprocess.run(
        [ffmpeg, "-hide_banner", "-nostdin", "-i", str(audio), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True,
    ).stderr
    summary = stderr[stderr.rfind("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    return integrated, peak


TIME_TOLERANCE_S = 0.030
"""One MP3 frame (26 ms) plus rounding to whole milliseconds."""


def assert_podcast_mp3(ffmpeg: str, mp3: Path) -> None:
    """The checks every episode must pass, read back with mutagen and ffmpeg."""
    from mutagen.id3 import ID3, CTOCFlags
    from mutagen.mp3 import MP3

    info = MP3(mp3).info
    assert (info.version, info.layer, info.sample_rate, info.channels) == (1, 3, 44_100, 1)
    tags = ID3(mp3)
    assert tags.version == (2, 3, 0)
    (toc,) = tags.getall("CTOC")
    assert toc.flags == CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
    chaps = sorted(tags.getall("CHAP"), key=lambda chap: chap.start_time)
    assert list(toc.child_element_ids) == [chap.element_id for chap in chaps]
    assert chaps[0].start_time == 0
    assert all(a.end_time == b.start_time for a, b in zip(chaps, chaps[1:]))
    samples = decode(ffmpeg, mp3)
    decoded_s = len(samples) / 44_100
    assert abs(decoded_s - int(str(tags["TLEN"])) / 1000) <= TIME_TOLERANCE_S
    assert abs(decoded_s - chaps[-1].end_time / 1000) <= TIME_TOLERANCE_S
    listed = ffmpeg_chapters(ffmpeg, mp3)
    assert [title for _, _, title in listed] == [str(chap.sub_frames["TIT2"]) for chap in chaps]
    integrated, true_peak = ebur128(ffmpeg, mp3)
    assert -17.0 <= integrated <= -15.0 and true_peak <= -1.0
    window = int(0.05 * 44_100)
    for chap in chaps[1:]:
        centre = round(chap.start_time / 1000 * 44_100)
        assert np.abs(samples[centre - window: centre + window]).max() < 0.01, "speech at a chapter start"


def children(pid: int) -> list[int]:
    """The process ids of `pid`'s children, from /proc (empty where there is none)."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie has stopped: it only waits to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(condition: Callable[[], object], timeout_s: float, step_s: float = 0.01) -> bool:
    """Poll `condition` until it holds (True) or `timeout_s` has passed (False)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step_s)
    return True


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/ files from the current output; review the diff.")
