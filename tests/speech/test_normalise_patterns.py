"""Tables of news patterns the normaliser must say right, one table per class, and sentence splits.

Each tests/cases/normalise_<class>.tsv row gives an input as news copy writes it, what the
voice should be given, a note, and the article language (numeric dates depend on it).
"""

import csv
import re
import time

import pytest

from conftest import CASES
from tts_articles.speech.normalise import speak
from tts_articles.speech.segment import split_sentences

CLASSES = (
    "ranges", "codes", "rates", "times", "phones", "units", "leading_dot", "numeric_dates",
    "capitals", "mixed", "abbreviations", "leading_zeros", "currencies", "domains",
)
MIN_NEW_CASES = 150
MIN_CASES_PER_CLASS = 7
# A hyphen inside a compound number word makes espeak read it as one word ("forty-nine").
HYPHENATED_NUMBER = re.compile(
    r"\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine|first|second|third)"
)
# Pathological inputs: each must be normalised in about linear time.
MAX_PATHOLOGICAL_S = 2.0
PATHOLOGICAL = ["1" * 5000, "1-" * 3000, "A1-" * 3000, " " * 20000, "1." * 3000, "a-" * 5000, "1:" * 3000, "a@" * 3000,
                "( a " * 3000, "(555) " * 2000, "+1 " * 3000, "a." * 3000 + "com", "ABC " * 3000, "Main St " * 2000]


def _rows(name: str) -> list[dict[str, str]]:
    with open(CASES / name, encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table, delimiter="\t", quoting=csv.QUOTE_NONE))


TABLES = {name: _rows(f"normalise_{name}.tsv") for name in CLASSES}
PATTERN_ROWS = [(name, row) for name, rows in TABLES.items() for row in rows]
ALL_EXPECTED = [row["expected"] for _, row in PATTERN_ROWS] + [row["expected"] for row in _rows("normalise.tsv")]
SPLITS = _rows("sentence_splits.tsv")


def test_tables_are_large_enough():
    assert len(PATTERN_ROWS) >= MIN_NEW_CASES
    assert all(len(rows) >= MIN_CASES_PER_CLASS for rows in TABLES.values())


@pytest.mark.parametrize(("name", "row"), PATTERN_ROWS, ids=[f"{name}: {row['input']}" for name, row in PATTERN_ROWS])
def test_pattern(name, row):
    assert speak(row["input"], language=row["language"]) == row["expected"]


@pytest.mark.parametrize("expected", ALL_EXPECTED)
def test_number_words_are_written_apart(expected):
    assert not HYPHENATED_NUMBER.search(expected)


@pytest.mark.parametrize("row", SPLITS, ids=[row["input"] for row in SPLITS])
def test_sentence_splits(row):
    assert " | ".join(split_sentences(row["input"])) == row["expected"]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=[repr(text[:12]) for text in PATHOLOGICAL])
def test_no_catastrophic_patterns(text):
    start = time.perf_counter()
    speak(text)
    assert time.perf_counter() - start < MAX_PATHOLOGICAL_S
