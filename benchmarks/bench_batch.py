"""A batch of 20 stories against converting them one after another.

Usage: python benchmarks/bench_batch.py [--repeats N]

The one-after-another figure is the sum of 20 `tts-articles narrate` runs, each a
fresh process; the batch is one `tts-articles batch` run over the same files. Both
run without the sentence cache, so every sentence is synthesised each time.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path
from statistics import median

from articles import long_article
from common import PYTHON, header, load_average, timed

STORIES = 20
PARAGRAPHS_PER_STORY = 2


def write_stories(folder: Path) -> list[Path]:
    """Twenty short stories of two paragraphs each, cut from the long article."""
    paragraphs = [block for block in long_article().split("\n\n") if block and not block.startswith("#")]
    stories = []
    for number in range(STORIES):
        body = paragraphs[number * PARAGRAPHS_PER_STORY:(number + 1) * PARAGRAPHS_PER_STORY]
        first_words = " ".join(re.findall(r"[\w']+", body[0])[:6])
        path = folder / f"story-{number:02d}.md"
        path.write_text(f"# Story {number + 1}: {first_words}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        stories.append(path)
    return stories


def one_repeat(folder: Path, stories: list[Path]) -> tuple[float, float]:
    singles_s = 0.0
    for story in stories:
        wall_s, _ = timed([PYTHON, "-m", "tts_articles", "narrate", str(story), "-o",
                           str(folder / "single" / f"{story.stem}.mp3"), "--no-cache", "-q"])
        singles_s += wall_s
    print(f"  one after another: {singles_s:.1f} s  [load {load_average()}]", flush=True)
    batch_s, _ = timed([PYTHON, "-m", "tts_articles", "batch", str(folder / "stories"), "-o", str(folder / "batch"),
                        "--force", "--no-cache", "-q"])
    print(f"  batch: {batch_s:.1f} s  [load {load_average()}]", flush=True)
    return singles_s, batch_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    repeats = parser.parse_args().repeats
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as name:
        folder = Path(name)
        (folder / "stories").mkdir()
        (folder / "single").mkdir()
        stories = write_stories(folder / "stories")
        header(f"batch of {len(stories)} stories vs one after another, {repeats} repeats")
        runs = [one_repeat(folder, stories) for _ in range(repeats)]
    header("medians")
    singles, batches = median([r[0] for r in runs]), median([r[1] for r in runs])
    print(f"one after another {singles:.1f} s, batch {batches:.1f} s")
    print(f"batch / one after another   {median([b / s for s, b in runs]):.3f}   (target <= 1.0)")


if __name__ == "__main__":
    main()
