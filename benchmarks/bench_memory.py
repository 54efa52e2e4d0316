"""Peak resident memory: a ~10,000-word article against the sample article.

Usage: python benchmarks/bench_memory.py [--repeats N]

Each narration runs in a fresh process without the cache, with --raw: the long
article repeats the same paragraphs, which the extractor would otherwise drop as
pull quotes. The figures are the peak
resident set (VmHWM) of the main process and of its largest descendant (a synthesis
worker or ffmpeg); the target is the same peak whatever the article's length.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from statistics import median

from articles import SAMPLES, long_article, word_count
from common import header, load_average, narrate_command, timed

LONG_REPEATS = 4
"""Four copies of the ~2,400-word article: ~9,600 words, ~55 minutes of audio."""
MAX_RATIO = 1.1
MAX_PEAK_MB = 600


def measure(source: Path, folder: Path) -> dict[str, float]:
    wall_s, figures = timed(narrate_command(source, folder / "out.mp3", "--no-cache", "--watch-memory", "--raw"))
    print(f"  {source.name}: main {figures['peak_rss_mb']:.0f} MB, largest child "
          f"{figures['largest_child_rss_mb']:.0f} MB ({figures['largest_child']}), {figures['audio_s'] / 60:.1f} min of audio "
          f"in {wall_s:.0f} s  [load {load_average()}]", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    repeats = parser.parse_args().repeats
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as name:
        folder = Path(name)
        sample = SAMPLES / "kyiv-independent-pow-executions.txt"
        long = folder / "very-long.md"
        long.write_text(long_article(LONG_REPEATS), encoding="utf-8")
        header(f"peak memory: {sample.name} vs a {word_count(long.read_text())}-word article, {repeats} repeats")
        small = [measure(sample, folder) for _ in range(repeats)]
        large = [measure(long, folder) for _ in range(repeats)]
    header("medians")
    for key, label in (("peak_rss_mb", "main process"), ("largest_child_rss_mb", "largest child")):
        ratio = median([r[key] for r in large]) / median([r[key] for r in small])
        peak = median([r[key] for r in large])
        print(f"{label:<14} sample {median([r[key] for r in small]):.0f} MB, long {peak:.0f} MB, "
              f"ratio {ratio:.2f} (target <= {MAX_RATIO}), peak {'<=' if peak <= MAX_PEAK_MB else '>'} {MAX_PEAK_MB} MB")


if __name__ == "__main__":
    main()
