"""Property tests for the pure text stages: any Unicode input is either read or refused cleanly.

Time is not asserted here (that belongs to benchmarks/bench_linear.py); these tests only
show that no input makes extraction, normalising or segmentation raise anything but
the project's own error.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tts_articles.errors import TtsArticlesError
from tts_articles.reading.extract import extract_article
from tts_articles.speech.normalise import speak
from tts_articles.speech.segment import MAX_CHUNK_CHARS, split_sentences
from tts_articles.types import Source

# Characters a scraper really hands us: letters, digits, punctuation, symbols, spaces and
# newlines from every script, plus the controls and odd code points that turn up in pages.
_PAGE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=3_000,
)
_NEWS_LIKE = st.lists(
    st.sampled_from(
        ["Nov. 6", "$1.5 billion", "U.S.", "Gen.", "p.m.", "H5N1", "4 1/2", "12/23/2022", "1-800-273-8255",
         "St.", "Kyiv", "—", "…", "\n", "\n\n", " ", ".", "5 km", "10%-15%", "XIV", "(", ")", "'s", "é", "“", "”"]
    ),
    max_size=200,
).map("".join)
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.one_of(_PAGE_TEXT, _NEWS_LIKE))
def test_speak_never_raises_and_returns_text(text: str) -> None:
    assert isinstance(speak(text), str)


@_SETTINGS
@given(st.one_of(_PAGE_TEXT, _NEWS_LIKE))
def test_sentences_are_non_empty_and_short_enough(text: str) -> None:
    for sentence in split_sentences(text):
        assert sentence.strip() and len(sentence) <= MAX_CHUNK_CHARS


@_SETTINGS
@given(st.one_of(_PAGE_TEXT, _NEWS_LIKE), st.sampled_from(["text/plain", "text/markdown", "application/json", "text/html"]))
def test_extraction_reads_or_refuses_with_one_clear_error(text: str, media_type: str) -> None:
    try:
        article = extract_article(Source("page", text.encode("utf-8", "surrogatepass"), media_type))
    except TtsArticlesError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert article.paragraphs


@_SETTINGS
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
                        ["title", "text", "paragraphs", "author", "authors", "date", "url"]), inner, max_size=5),
                    max_leaves=20))
def test_json_articles_of_any_shape_are_read_or_refused_cleanly(document: object) -> None:
    try:
        extract_article(Source("story.json", json.dumps(document).encode(), "application/json"))
    except TtsArticlesError as err:
        assert str(err) and "\n" not in str(err)


def test_json_nested_past_the_parser_limit_is_refused_in_one_line() -> None:
    try:
        extract_article(Source("story.json", b"[" * 100_000, "application/json"))
    except TtsArticlesError as err:
        assert str(err) == "story.json is not valid JSON (nested too deeply)"
    else:
        raise AssertionError("a JSON document of 100,000 brackets was accepted")
