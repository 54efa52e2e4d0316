"""Mean time to normalise one sentence: the 2,389-word benchmark article and the pattern tables.

Normalising runs once per sentence before synthesis; its budget is 2 ms a
sentence on average. Run from the repository root: `python benchmarks/bench_normalise.py`.
"""

from __future__ import annotations

import argparse
import csv
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from articles import long_article
from common import ROOT, header

from tts_articles.speech.lexicon import bundled_lexicon_paths, load_lexicons
from tts_articles.speech.normalise import speak
from tts_articles.speech.segment import split_sentences

BUDGET_MS = 2.0
CASES = ROOT / "tests" / "cases"


def article_sentences() -> list[str]:
    """Every sentence of the benchmark article, as the segmenter cuts it."""
    return [sentence for paragraph in long_article().split("\n\n") for sentence in split_sentences(paragraph)]


def table_sentences() -> list[str]:
    """Every input of the normaliser's case tables: the densest news patterns we know."""
    sentences = []
    for path in sorted(CASES.glob("normalise*.tsv")):
        with open(path, encoding="utf-8", newline="") as table:
            sentences += [row["input"] for row in csv.DictReader(table, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return sentences


def mean_ms(sentences: list[str], repeats: int) -> float:
    """The median over `repeats` passes of the mean milliseconds per sentence, lexicon loaded."""
    lexicon = load_lexicons(bundled_lexicon_paths(environ={}))
    speak("Warm up the regex cache on Nov. 6.", lexicon=lexicon)
    passes = []
    for _ in range(repeats):
        start = time.perf_counter()
        for sentence in sentences:
            speak(sentence, lexicon=lexicon)
        passes.append((time.perf_counter() - start) * 1000 / len(sentences))
    return statistics.median(passes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    logging.disable(logging.WARNING)  # the tables' emoji rows warn on every pass
    header("normalising")
    worst = 0.0
    for name, sentences in (("article", article_sentences()), ("case tables", table_sentences())):
        ms = mean_ms(sentences, repeats)
        worst = max(worst, ms)
        print(f"{name:12} {len(sentences):5} sentences  {ms:.3f} ms per sentence (budget {BUDGET_MS} ms)")
    print("within budget" if worst < BUDGET_MS else "OVER BUDGET")


if __name__ == "__main__":
    main()
