"""Narrate one article exactly as `tts-articles narrate` does, and print timings as JSON.

Usage: narrate_timed.py SOURCE OUTPUT.mp3 [--cache-dir DIR | --no-cache] [--jobs N] [--raw] [--watch-memory]

synthesis_s runs from the start of render() to the last clip received; the rest of
the run (reading, planning, assembling, encoding, tagging) is outside synthesis.
Peak resident memory (VmHWM) is reported for this process and for its largest
descendant (a synthesis worker, the fork server or ffmpeg), polled from /proc: the
workers are children of multiprocessing's fork server, so getrusage cannot see them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import threading
import time
from pathlib import Path

from tts_articles.config import Settings
from tts_articles.pipeline import plan, read_article, render

POLL_S = 0.1


class DescendantPeaks:
    """Polls /proc for the peak resident memory of every process below this one (Linux)."""

    def __init__(self) -> None:
        self.peaks_mb: dict[int, tuple[float, str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def stop(self) -> tuple[float, str]:
        self._stop.set()
        self._thread.join()
        return max(self.peaks_mb.values(), default=(0.0, "none"))

    def _poll(self) -> None:
        while not self._stop.wait(POLL_S):
            for pid in _descendants(os.getpid()):
                peak = _peak_mb(pid)
                if peak is not None and peak > self.peaks_mb.get(pid, (0.0, ""))[0]:
                    self.peaks_mb[pid] = (peak, _name(pid))


def _descendants(root: int) -> list[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            parents[int(entry)] = int(stat[stat.rfind(")") + 2:].split()[1])
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _peak_mb(pid: int) -> float | None:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _name(pid: int) -> str:
    try:
        command = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
    except OSError:
        return "?"
    text = " ".join(part.decode(errors="replace") for part in command[:3])
    return "ffmpeg" if "ffmpeg" in text else ("fork server" if "forkserver" in text else "synthesis worker")


def main() -> None:
    started = time.perf_counter()
    parser = argparse.ArgumentParser()
    parser.add_argument("source")
    parser.add_argument("output", type=Path)
    parser.add_argument("--cache-dir")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--raw", action="store_true", help="keep every paragraph (no furniture removal)")
    parser.add_argument("--watch-memory", action="store_true", help="poll descendants' peak memory")
    arguments = parser.parse_args()
    peaks = DescendantPeaks() if arguments.watch_memory else None
    settings = Settings(cache_dir=arguments.cache_dir, use_cache=not arguments.no_cache, jobs=arguments.jobs,
                        raw=arguments.raw)
    prepared = plan(read_article(arguments.source, settings), arguments.source, settings, arguments.output)
    render_start = time.perf_counter()
    last_clip = [render_start]
    narration = render(prepared, lambda count: last_clip.__setitem__(0, time.perf_counter()))
    finished = time.perf_counter()
    child_mb, child_name = peaks.stop() if peaks else (None, None)
    timeline = narration.timeline
    print(json.dumps({
        "segments": len(prepared.segments),
        "audio_s": timeline.num_samples / timeline.sample_rate,
        "in_process_s": finished - started,
        "synthesis_s": last_clip[0] - render_start,
        "after_synthesis_s": finished - last_clip[0],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "largest_child_rss_mb": child_mb,
        "largest_child": child_name,
    }))


if __name__ == "__main__":
    main()
