"""Intro, outro and chapter grouping."""

from __future__ import annotations

from tts_articles.speech.script import (
    INTRO_TITLE,
    MAX_CHAPTER_TITLE_CHARS,
    build_script,
    chapter_title,
    join_names,
)
from tts_articles.types import Article, Section

WORDS_20_S = " ".join(["word"] * 60)  # 60 words at 2.7 words/s: 22 s


def _article(*sections: Section, **fields) -> Article:
    return Article(title="Headline", sections=sections, **fields)


def test_intro_reads_headline_byline_and_date() -> None:
    article = _article(Section(None, ("Body.",)), authors=("Kateryna Denisova", "The Kyiv Independent news desk"),
                       published="2024-11-06T19:34", publisher="The Kyiv Independent")
    intro = build_script(article).chapters[0]
    assert intro.title == INTRO_TITLE
    assert [p.text for p in intro.paragraphs] == [
        "Headline",
        "By Kateryna Denisova and The Kyiv Independent news desk.",
        "Published by The Kyiv Independent on November 6, 2024.",
    ]


def test_intro_without_byline_or_date_is_just_the_headline() -> None:
    intro = build_script(_article(Section(None, ("Body.",)))).chapters[0]
    assert [p.text for p in intro.paragraphs] == ["Headline"]


def test_unparseable_date_is_left_out() -> None:
    intro = build_script(_article(Section(None, ("Body.",)), published="last Tuesday")).chapters[0]
    assert [p.text for p in intro.paragraphs] == ["Headline"]


def test_no_intro_and_outro_appended_to_last_chapter() -> None:
    script = build_script(_article(Section(None, ("Body.",))), intro=False, outro="Read by a synthetic voice.")
    assert not script.has_intro
    assert [p.text for p in script.chapters[-1].paragraphs] == ["Body.", "Read by a synthetic voice."]


def test_auto_chapters_follow_headings() -> None:
    article = _article(Section(None, ("Lead.",)), Section("Background", ("A.", "B.")), Section("Outlook", ("C.",)))
    script = build_script(article)
    assert [c.title for c in script.chapters] == [INTRO_TITLE, "Lead.", "Background", "Outlook"]
    assert script.chapters[2].paragraphs[0].is_heading


def test_auto_chapters_group_paragraphs_to_at_least_20_seconds() -> None:
    short = "Short paragraph of five words."
    article = _article(Section(None, (WORDS_20_S, short, short, WORDS_20_S, short)))
    chapters = build_script(article).chapters[1:]
    # 22 s | 2 + 2 + 22 s | a 2 s remainder joins the chapter before it
    assert [len(c.paragraphs) for c in chapters] == [1, 4]


def test_paragraph_mode_gives_one_chapter_per_paragraph() -> None:
    article = _article(Section(None, ("One.", "Two.")), Section("Head", ("Three.",)))
    script = build_script(article, chapter_mode="paragraph")
    assert [c.title for c in script.chapters] == [INTRO_TITLE, "One.", "Two.", "Head"]


def test_none_mode_is_unmarked() -> None:
    assert not build_script(_article(Section(None, ("One.",))), chapter_mode="none").marked


def test_chapter_title_cuts_at_a_word_within_60_characters() -> None:
    title = chapter_title("Kyiv knows of 124 Ukrainian prisoners of war (POWs) who were executed by Russian forces")
    assert title == "Kyiv knows of 124 Ukrainian prisoners of war (POWs) who…"
    assert len(title) <= MAX_CHAPTER_TITLE_CHARS


def test_join_names() -> None:
    assert join_names(("A",)) == "A"
    assert join_names(("A", "B")) == "A and B"
    assert join_names(("A", "B", "C")) == "A, B and C"
