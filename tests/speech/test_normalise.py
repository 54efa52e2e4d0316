"""Tests for normalise.speak: display text -> the text Piper is given."""

import csv
import logging
import re

import pytest

from conftest import CASES
from tts_articles.speech.lexicon import bundled_lexicon_paths, load_lexicons
from tts_articles.speech.normalise import speak
from tts_articles.speech.numbers import decade, parse_number, year


def _rows(name: str) -> list[dict[str, str]]:
    with open(CASES / name, encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table, delimiter="\t", quoting=csv.QUOTE_NONE))


ENGLISH = _rows("normalise.tsv")
LANGUAGES = _rows("normalise_languages.tsv")
WITH_LEXICON = _rows("normalise_lexicon.tsv")


def test_table_is_large_enough():
    assert len(ENGLISH) >= 200


@pytest.mark.parametrize("row", ENGLISH, ids=[row["input"] for row in ENGLISH])
def test_speak_english(row):
    assert speak(row["input"]) == row["expected"]


@pytest.mark.parametrize("row", LANGUAGES, ids=[row["input"] for row in LANGUAGES])
def test_speak_other_languages(row):
    assert speak(row["input"], language=row["language"]) == row["expected"]


@pytest.mark.parametrize(
    "row", WITH_LEXICON, ids=[row["input"] for row in WITH_LEXICON]
)
def test_speak_with_bundled_lexicon(row):
    lexicon = load_lexicons(bundled_lexicon_paths(environ={}))
    assert speak(row["input"], lexicon=lexicon) == row["expected"]


@pytest.mark.parametrize("row", ENGLISH, ids=[row["input"] for row in ENGLISH])
def test_no_dot_before_a_capital(row):
    # espeak ends a sentence at ". " before a capital or digit.
    assert not re.search(r"\.\s+[A-Z0-9]", row["expected"])


@pytest.mark.parametrize(
    "text", ["", "   ", "\x00\x07", "😀😀", "...", "—", "()", "$", "#", "1/0", "99:99"]
)
def test_odd_input_never_crashes(text):
    assert isinstance(speak(text), str)


def test_dropped_characters_are_logged(caplog):
    with caplog.at_level(logging.WARNING):
        assert speak("Kyiv 😀 stands.") == "Kyiv stands."
    assert "U+1F600" in caplog.text


def test_speak_is_pure():
    text = "Gen. Smith arrived on Nov. 6."
    assert speak(text) == speak(text) == "General Smith arrived on November sixth."


@pytest.mark.parametrize(
    ("digits", "value"),
    [
        ("1,500", "1500"),
        ("12 000", "12000"),
        ("3.5", "3.5"),
        ("2,5", "2.5"),
        ("12.000.000", "12000000"),
        ("0,75", "0.75"),
    ],
)
def test_parse_number(digits, value):
    assert str(parse_number(digits)) == value


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1990, "nineteen ninety"),
        (1905, "nineteen oh five"),
        (2024, "twenty twenty four"),
        (2005, "two thousand five"),
        (2000, "two thousand"),
        (1800, "eighteen hundred"),
    ],
)
def test_year(value, words):
    assert year(value) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [(1990, "nineteen nineties"), (2000, "two thousands"), (60, "sixties")],
)
def test_decade(value, words):
    assert decade(value) == words
