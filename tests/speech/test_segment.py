"""Sentence segmentation, long-sentence splits and pause placement."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tts_articles.speech.segment import MAX_CHUNK_CHARS, split_long, split_script, split_sentences
from tts_articles.types import Chapter, Paragraph, Pause, Script


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Officials spoke on Nov. 6. They said more.", ["Officials spoke on Nov. 6.", "They said more."]),
        ("The U.S. Army arrived. It left.", ["The U.S. Army arrived.", "It left."]),
        ("Gen. Valerii Zaluzhnyi spoke. Then Lt. Col. Smith.", ["Gen. Valerii Zaluzhnyi spoke.", "Then Lt. Col. Smith."]),
        ("Dr. Smith met Mr. Jones at 5 p.m. on Monday.", ["Dr. Smith met Mr. Jones at 5 p.m. on Monday."]),
        ('"We will win," he said. "Soon."', ['"We will win," he said.', '"Soon."']),
        ('He said: "Stop. Now." Then he left.', ['He said: "Stop. Now."', "Then he left."]),
        ("Is it over? No! It goes on.", ["Is it over?", "No!", "It goes on."]),
        ("It cost $1.5 billion in 2024.", ["It cost $1.5 billion in 2024."]),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_split_sentences_keeps_abbreviations_and_quotes_inside(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


LONG_SENTENCE = (
    "Some 80% of the cases of executions of Ukrainian POWs were recorded in 2024, but the trend began "
    "to appear in November 2023, when \"there were changes in the attitude of Russian military personnel "
    "towards our prisoners of war for the worse,\" said Yurii Belousov, a senior representative of the "
    "Prosecutor General's Office, who spoke on national television; he gave no further details."
)


def test_long_sentence_is_split_at_clause_boundaries_under_the_limit() -> None:
    chunks = split_long(LONG_SENTENCE)
    assert len(chunks) >= 2
    assert all(len(chunk) <= MAX_CHUNK_CHARS for chunk in chunks)
    assert " ".join(chunks) == LONG_SENTENCE
    assert chunks[0].endswith((";", ",", "2023,", "Office,"))


def test_semicolon_is_preferred_over_commas() -> None:
    sentence = "a, b, c " * 20 + "; " + "d, e, f " * 20
    head, tail = split_long(sentence.strip(), max_chars=200)
    assert head.endswith(";")


def test_unbroken_text_is_cut_to_the_limit() -> None:
    chunks = split_long("x" * 650, max_chars=300)
    assert [len(chunk) for chunk in chunks] == [300, 300, 50]


def test_short_sentence_is_left_alone() -> None:
    assert split_long("A short sentence.") == ["A short sentence."]


def _script() -> Script:
    return Script(
        title="T",
        chapters=(
            Chapter("Introduction", (Paragraph("Headline"), Paragraph("By A."))),
            Chapter("Body", (Paragraph("One. Two."), Paragraph("Three."))),
            Chapter("Next part", (Paragraph("Next part", is_heading=True), Paragraph("Four."))),
        ),
    )


def test_pauses_grow_from_sentence_to_paragraph_to_section() -> None:
    segments = split_script(_script())
    assert [(s.written, s.pause_after) for s in segments] == [
        ("Headline", Pause.PARAGRAPH),
        ("By A.", Pause.SECTION),  # end of the intro
        ("One.", Pause.SENTENCE),
        ("Two.", Pause.PARAGRAPH),
        ("Three.", Pause.SECTION),  # before a heading
        ("Next part", Pause.SECTION),  # after a heading
        ("Four.", Pause.END),
    ]


def test_segments_remember_their_chapter_and_paragraph() -> None:
    segments = split_script(_script())
    assert [s.chapter for s in segments] == [0, 0, 1, 1, 1, 2, 2]
    assert [s.paragraph for s in segments] == [0, 1, 2, 2, 3, 4, 5]
    assert [s.index for s in segments] == list(range(7))
    assert all(s.spoken == s.written for s in segments)


def test_threads_splitting_at_once_lose_no_sentence() -> None:
    paragraphs = [f"Story {n} begins here. The council met on Nov. {n % 28 + 1} in the U.S. embassy. "
                  f"It ended at {n} p.m. and nobody left early." for n in range(400)]
    expected = [split_sentences(paragraph) for paragraph in paragraphs]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(split_sentences, paragraphs)) == expected
