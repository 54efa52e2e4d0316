"""The line rules: furniture scores and reasons, bylines and dates, and batch-level site chrome."""

from __future__ import annotations

import time

import pytest

from tts_articles.reading.byline import Byline, is_person_name, parse_byline
from tts_articles.reading.furniture import judge_line
from tts_articles.reading.site_chrome import drop_recurring_lines
from tts_articles.reading.story_blocks import Block, refine_story
from tts_articles.types import Article, Section

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
    # Issue 3: rows for the rules the second fixture corpus (other outlets' layouts) needed.
    ("Sponsor Message", "advertisement"),
    ("Video Ad Feedback", "advertisement"),
    ("Video Player is loading.", "video player"),
    ("01:12 - Source: CNN", "video player"),
    ("Climate 16 videos", "video player"),
    ("1 of 6", "gallery controls"),
    ("list 2 of 4", "gallery controls"),
    ("end of list", "gallery controls"),
    ("Back to top", "navigation"),
    ("By signing up, you acknowledge and agree to our Privacy Policy and Terms of Service.", "newsletter form"),
    ("Sign up for POLITICO Playbook: Your guide to the most powerful people in politics and policy.", "newsletter form"),
    ("Get the news that moves markets, delivered every weekday morning.", "newsletter form"),
    ("Download the KSAT12 app to get breaking news alerts sent to your phone.", "app promotion"),
    ("Save articles to read later and create your own reading list.", "app promotion"),
    ("Weather: 58°F Partly Cloudy", "weather widget"),
    ("73°", "weather widget"),
    ("Source: Al Jazeera and news agencies", "source credit"),
    ("Media Contact:", "contact details"),
    ("press@acmerobotics.com", "contact details"),
    ("+1 617 555 0142", "contact details"),
    ("Disclosure statement", "disclosure statement"),
    ("University of Galway provides funding as a member of The Conversation UK.", "disclosure statement"),
    ("News provided by", "distributor label"),
    ("CNN —", "wire dateline"),
    ("Posted in Nation/World", "tag list"),
    ("11h ago / 11:42 PM EDT", "timestamp"),
    ("Residents wade through floodwaters in the Mathare area of Nairobi on April 24 [Luis Tato/AFP]", "photo caption"),
    ("Speaker Mike Johnson leaves a meeting at the Capitol on Tuesday. | Francis Chung/POLITICO", "photo caption"),
    ("Blanket bog in Connemara. Siobhán Ní Bhriain, CC BY-SA", "photo caption"),
    ("Enlarge this image", "photo caption"),
    ("Photo - https://mma.prnewswire.com/media/2361234/Acme_Atlas_9.jpg", "photo credit"),
    ("© The Northern Echo-Times 2024", "footer"),
    ("Most Popular News", "related articles"),
    ("Recommended from Medium", "related articles"),
    ("Before you go...", "related articles"),
    ("Share this -", "share buttons"),
    ("Link Copied!", "share buttons"),
    ("X (Twitter)", "share buttons"),
    ("(2 min)", "reading time"),
    ("Listen · 3:52", "reading time"),
    ("Sign up as a reader", "navigation"),
    ("The project, which receives funding from the EU, will run until 2027 in four countries.", None),
    ("Partners in the deal include two Japanese banks and a Dutch pension fund.", None),
    ("Click to share on Twitter (Opens in new window)", "share buttons"),
    ("Close share panel", "share buttons"),
    ("Jane Doe on March 3, 2024 at 4:47 pm said:", "reader comment"),
    ("bikefan99 says:", "reader comment"),
    ("34 responses to “A headline”", "reader comment"),
    ("Top Rated Comments", "reader comment"),
    ("This website uses cookies to improve your experience while you navigate through the website, and "
     "some of them are stored in your browser as they are essential for the basic functions of the site.", "cookie notice"),
    ("Copyright © Example Media Ltd, Media Centre, Example Way", "footer"),
    ("Advertisement:", "advertisement"),
    ("Advertising disclosure: We may receive compensation when you click on links to products.", "disclaimer"),
    ("Follow The Ledger on Twitter and Instagram @TheLedger", "social media links"),
    ("We want to hear what you think about this article.", "reader survey"),
    ("Get the Morning Ledger newsletter", "newsletter form"),
    ("To view the full story, please subscribe to The Ledger.", "subscription offer"),
    ("Next: Five ways to dry out a flooded basement", "read-more link"),
    ("The mayor (left) looks on as the minister cuts the ribbon", "photo caption"),
    ("2 days ago at 07:52 am", "timestamp"),
    ("Image 1 of 5", "gallery controls"),
    ("We do this work every day at no cost to you, but it is far from free. We need your financial support.", "membership appeal"),
    ("Support The Ledger so we continue to pursue the facts.", "membership appeal"),
    ("The house where the poet was born in Leeds.Jane Doe / Reuters file", "photo credit"),
    ("Leia também: Governo anuncia novo plano", "read-more link"),
    ("À lire aussi", "read-more link"),
    ("Lesen Sie auch:", "read-more link"),
    ("Next year the council will vote on the plan again.", None),
    ("The minister said the council had left the plan unchanged, and that it would vote again next year.", None),
    ("Readers said the new bus route had cut their commute by half, according to a survey by the council.", None),
    ("The temperature hit 41°C in Seville on Tuesday, the highest reading ever recorded there in June.", None),
    ("Download speeds in rural areas are still far below the national average, the regulator said.", None),
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
    ("01/16/2024 06:12 PM EST", Byline((), "2024-01-16T18:12")),
    ("Updated 16/01/2024", Byline((), "2024-01-16")),
    ("By Rachel Ramirez, CNN", Byline(("Rachel Ramirez",))),
    ("Author: Marisol Gutiérrez (KSAT12)", Byline(("Marisol Gutiérrez",))),
    ("By AP staff", Byline(("AP staff",))),
    ("By José Álvarez Muñoz and Zoë Søndergaard", Byline(("José Álvarez Muñoz", "Zoë Søndergaard"))),
]


@pytest.mark.parametrize(("line", "expected"), BYLINES, ids=[line for line, _ in BYLINES])
def test_parse_byline(line: str, expected: Byline | None) -> None:
    assert parse_byline(line) == expected


BARE_BYLINES = [
    ("Maria Lopez | March 5, 2024", Byline(("Maria Lopez",), "2024-03-05")),
    ("Mar 12, 2024 - Economy", Byline((), "2024-03-12")),
    ("Nation/World", None),
]


@pytest.mark.parametrize(("line", "expected"), BARE_BYLINES, ids=[line for line, _ in BARE_BYLINES])
def test_parse_byline_near_the_headline(line: str, expected: Byline | None) -> None:
    assert parse_byline(line, bare_names=True) == expected


PERSON_NAMES = [
    ("Emily Peck", True),
    ("Siobhán Ní Bhriain", True),
    ("Ursula von der Leyen", True),
    ("Heard on Morning Edition", False),
    ("The Startup", False),
    ("Kyiv Post", False),
    ("Economy", False),
    ("Emily Kask for NPR", False),
    ("Key Points", False),
    ("Live Updates", False),
]


@pytest.mark.parametrize(("text", "expected"), PERSON_NAMES, ids=[text for text, _ in PERSON_NAMES])
def test_is_person_name(text: str, expected: bool) -> None:
    assert is_person_name(text) is expected


DATELINES = [
    ("KYIV, Ukraine (AP) — Russia launched drones.", "Russia launched drones."),
    ("SAN ANTONIO — Thirty people were forced from their homes.", "Thirty people were forced from their homes."),
    ("Nairobi, Kenya – Floods have killed at least 42 people.", "Floods have killed at least 42 people."),
    ("BOSTON, March 12, 2024 /PRNewswire/ -- Acme Robotics today introduced a robot.", "Acme Robotics today introduced a robot."),
    ("Still, Biden – who had planned to travel – stayed in Washington.", "Still, Biden – who had planned to travel – stayed in Washington."),
    ("In Paris, France – And elsewhere, prices rose.", "In Paris, France – And elsewhere, prices rose."),
]


@pytest.mark.parametrize(("text", "expected"), DATELINES, ids=[text[:30] for text, _ in DATELINES])
def test_dateline_is_not_read(text: str, expected: str) -> None:
    story = refine_story([Block(0, text)], "A headline", ())
    assert story.blocks[0].text == expected


def test_live_blog_entry_byline_is_dropped() -> None:
    blocks = [Block(0, "Power outages top 2 million", True), Block(1, "Dennis Romero"), Block(2, "More than 2 million were without power.")]
    story = refine_story(blocks, "Live updates", ("Phil Helsel", "Dennis Romero"))
    assert [block.text for block in story.blocks] == ["Power outages top 2 million", "More than 2 million were without power."]


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


def test_a_very_long_line_is_judged_in_linear_time() -> None:
    """A quadratic rule takes about half a minute on this line; a linear one a fraction of a second."""
    line = " ".join(["Capitalised"] * 20_000)
    started = time.monotonic()
    judge_line(line)
    assert time.monotonic() - started < 3.0
