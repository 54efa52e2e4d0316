"""The line rules: furniture scores and reasons, bylines and dates, and batch-level site chrome."""

from __future__ import annotations

import pytest

from tts_articles.article import Article, Section
from tts_articles.byline import Byline, parse_byline
from tts_articles.furniture import judge_line
from tts_articles.site_chrome import drop_recurring_lines

FURNITURE = [
    ("Skip to content", "navigation"),
    ("Home News World Politics Business Sport", "navigation"),
    ("We use cookies to improve your experience on our site.", "cookie notice"),
    ("Accept all", "cookie notice"),
    ("Share on Facebook", "share buttons"),
    ("Facebook Twitter Email Print", "share buttons"),
    ("5 min read", "reading time"),
    ("Listen to this article", "audio notice"),
    ("A man walks past the ruins. (AP Photo/Evan Vucci)", "photo caption"),
    ("Photograph: Nikos Pilos/Alamy", "photo credit"),
    ("Advertisement", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Read more: How to prepare your home for a flood", "read-more link"),
    ("Related Articles", "related articles"),
    ("Tags: flooding, weather", "tag list"),
    ("12 Comments", "comments"),
    ("© 2024 The Daily Ledger. All rights reserved.", "footer"),
    ("Sign up for our Morning Briefing newsletter to get the news delivered to your inbox.", "newsletter form"),
    ("Support independent journalism: become a member today.", "membership appeal"),
    ("Already a subscriber? Log in", "subscription offer"),
    ("The views expressed in this article are the author's own.", "disclaimer"),
    ("Associated Press writer Illia Novikov in Kyiv contributed to this report.", "reporting credits"),
    ("He said the new members of the committee would be named on Friday.", None),
    ("The company updated its privacy policy after the ruling, which critics said went too far.", None),
    ("Supporters of the bill say it will cut costs for households across the country by next year.", None),
    ("By Tuesday, the water had receded.", None),
    ("Subscribers to the service complained about the outage on social media for most of the day.", None),
]


@pytest.mark.parametrize(("line", "reason"), FURNITURE, ids=[line[:40] for line, _ in FURNITURE])
def test_judge_line(line: str, reason: str | None) -> None:
    verdict = judge_line(line)
    assert (verdict.reason if verdict else None) == reason


BYLINES = [
    ("By JOHN LEICESTER and SAMYA KULLAB", Byline(("John Leicester", "Samya Kullab"))),
    ("Updated 3:15 PM EST, March 3, 2024", Byline((), "2024-03-03T15:15")),
    ("Published 19.34 GMT, Wed 6 Nov 2024", Byline((), "2024-11-06T19:34")),
    ("Posted on March 3, 2024 by Jane Doe", Byline(("Jane Doe",), "2024-03-03")),
    ("By Jane Doe, Staff Writer", Byline(("Jane Doe",))),
    ("Sept. 9, 2024, 12:05 a.m. ET", Byline((), "2024-09-09T00:05")),
    ("2024-03-05T08:15", Byline((), "2024-03-05T08:15")),
    ("By the end of the year", None),
    ("By Tuesday, the water had receded.", None),
    ("Kyiv knows of 124 Ukrainian prisoners", None),
]


@pytest.mark.parametrize(("line", "expected"), BYLINES, ids=[line for line, _ in BYLINES])
def test_parse_byline(line: str, expected: Byline | None) -> None:
    assert parse_byline(line) == expected


def _article(title: str, *paragraphs: str) -> Article:
    return Article(title, (Section(None, paragraphs),))


def test_recurring_lines_are_dropped_across_a_batch() -> None:
    chrome = "Our journalism is free thanks to readers like you."
    articles = [_article(f"Story {n}", f"Body of story {n}.", chrome) for n in range(3)]
    cleaned = drop_recurring_lines(articles)
    assert [a.paragraphs for a in cleaned] == [(f"Body of story {n}.",) for n in range(3)]
    assert cleaned[0].dropped[0].text == chrome


def test_recurring_lines_below_the_share_stay() -> None:
    articles = [_article("A", "Shared line.", "One."), _article("B", "Two."), _article("C", "Three."), _article("D", "Four.")]
    assert drop_recurring_lines(articles, min_share=0.75) == tuple(articles)


def test_article_made_only_of_recurring_lines_is_kept_whole() -> None:
    articles = [_article("A", "Same."), _article("B", "Same.", "Other.")]
    cleaned = drop_recurring_lines(articles)
    assert (cleaned[0].paragraphs, cleaned[1].paragraphs) == (("Same.",), ("Other.",))
