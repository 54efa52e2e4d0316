"""Text stages on a size ladder: time per character must stay flat as the input grows.

Extraction, normalising and sentence splitting are run in this process on pages of 25 kB to
400 kB (one long paragraph, the worst case for per-match context reads, and many ordinary
paragraphs), and each rung's time is printed as a ratio to the smallest rung's time per
character. A linear stage stays near 1.0; a quadratic one doubles with every rung.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from common import header

from tts_articles.reading.extract import extract_article
from tts_articles.speech.normalise import speak
from tts_articles.speech.segment import split_sentences
from tts_articles.types import Source

SENTENCE = (
    "The council voted 7-2 on Nov. 6 to spend $1.5 billion on roads (about 5 km), "
    "said Mr. Smith of the U.S. Army at 3 p.m. in St. Louis, a 10%-15% rise on 2023... "
)
RUNGS_CHARS = (25_000, 50_000, 100_000, 200_000, 400_000)


def _text(num_chars: int) -> str:
    return (SENTENCE * (num_chars // len(SENTENCE) + 1))[:num_chars]


def _page(num_chars: int, one_paragraph: bool) -> bytes:
    body = _text(num_chars)
    if not one_paragraph:
        body = "\n\n".join(body[start : start + 600] for start in range(0, len(body), 600))
    return ("Council votes to spend $1.5 billion on roads\n\n" + body).encode()


def _stages() -> dict[str, Callable[[int], object]]:
    return {
        "extract, one paragraph": lambda n: extract_article(Source("page.txt", _page(n, True), "text/plain")),
        "extract, paragraphs": lambda n: extract_article(Source("page.txt", _page(n, False), "text/plain")),
        "normalise": lambda n: speak(_text(n)),
        "split sentences": lambda n: split_sentences(_text(n)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    header("text stages: seconds per rung, and time per character against the 25 kB rung")
    for name, stage in _stages().items():
        per_char = []
        for num_chars in RUNGS_CHARS:
            best_s = float("inf")
            for _ in range(args.repeats):
                start = time.perf_counter()
                stage(num_chars)
                best_s = min(best_s, time.perf_counter() - start)
            per_char.append(best_s / num_chars)
            print(f"{name:24} {num_chars:>8,} chars  {best_s:7.3f} s  ratio {per_char[-1] / per_char[0]:5.2f}", flush=True)


if __name__ == "__main__":
    main()
