"""Headlines (raw page text and HTML) and the page rules that find where a story starts and ends."""

from __future__ import annotations

import logging

import lxml.html
import pytest

from tts_articles.pipeline import Overrides, apply_overrides
from tts_articles.reading.extract import extract_article
from tts_articles.reading.headline import fallback_headline
from tts_articles.reading.html_title import declared_headline
from tts_articles.reading.language import guess_language
from tts_articles.reading.page_lines import judge_lines, listed_items, read_lines
from tts_articles.types import Article, Source

STORY = [
    "The city council voted on Tuesday to turn the old rail yard into a park with a wetland and a cycle path.",
    "Work on the wetland starts in the spring, and the first paths should open to walkers by the end of next year.",
    "Residents had asked for a park on the site for more than a decade, the council's planning chair said.",
    "The plan also keeps the yard's brick engine shed, which will house a cafe and a small museum of the line.",
]


def _page(*lines: str) -> Article:
    return extract_article(Source("storm-report.txt", "\n".join(lines).encode(), "text/plain"))


def _body(article: Article) -> list[str]:
    return [text for section in article.sections for text in ([section.heading] if section.heading else []) + list(section.paragraphs)]


@pytest.mark.parametrize(
    "header",
    [
        ["Close share panel", "Old rail yard will become a park with a wetland", "By Jane Doe", "March 3, 2024"],
        ["Click to share on Twitter (Opens in new window)", "Old rail yard will become a park with a wetland", "Jane Doe, Staff Writer"],
        ["Old rail yard will become a park with a wetland", "Jane Doe, Staff Writer, City Desk", "Updated 21:22, 6 Mar 2024"],
        ["News", "Local", "Old rail yard will become a park with a wetland", "The council's vote ends a decade of argument.", "March 3, 2024"],
    ],
    ids=["share panel above", "share link above", "byline with job below", "deck below"],
)
def test_headline_is_never_a_control_or_byline(header: list[str]) -> None:
    assert _page(*header, *STORY).title == "Old rail yard will become a park with a wetland"


def test_unsure_headline_falls_back_to_the_file_name(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        article = _page("Menu", "Search", *STORY)
    assert article.title == "storm report"
    assert "from the file name" in caplog.text


@pytest.mark.parametrize(
    ("origin", "title"),
    [("storm-report.txt", "storm report"), ("/tmp/a_b c.html", "a b c"), ("https://example.org/news/rail-yard-park", "rail yard park")],
)
def test_fallback_headline_reads_the_name(origin: str, title: str) -> None:
    headline = fallback_headline(origin)
    assert (headline.text, headline.source, headline.confidence) == (title, "file name", 0.0)


@pytest.mark.parametrize(
    ("head", "body", "text", "source"),
    [
        (
            '<meta property="og:title" content="Rail yard to become park | The Ledger">'
            '<meta property="og:site_name" content="The Ledger">',
            "<h1>The Ledger</h1><h1>Old rail yard will become a park, council decides</h1>",
            "Old rail yard will become a park, council decides",
            "h1",
        ),
        (
            '<script type="application/ld+json">{"@graph": [{"headline": "Rail yard to become a park"}]}</script>',
            "<h1>Subscribe today</h1>",
            "Rail yard to become a park",
            "JSON-LD headline",
        ),
        (
            "<title>Ledger Online - Rail yard to become a park - City news</title>",
            "<h2>Rail yard to become a park</h2>",
            "Rail yard to become a park",
            "h2",
        ),
        (
            '<meta property="og:title" content="Why the yard matters">',
            "<h1>Opinion<span>Why the yard matters</span></h1>",
            "Why the yard matters",
            "h1",
        ),
    ],
    ids=["h1 vouched, logo h1 and site name left out", "JSON-LD", "title segment shown as h2", "kicker run into h1"],
)
def test_html_headline_is_the_declared_or_shown_one(head: str, body: str, text: str, source: str) -> None:
    tree = lxml.html.fromstring(f"<html><head>{head}</head><body>{body}<p>Text.</p></body></html>")
    headline = declared_headline(tree, None)
    assert headline is not None and (headline.text, headline.source) == (text, source)


def test_readers_comments_never_outweigh_the_story_above_them() -> None:
    comments = [
        "Ann Lee on March 3, 2024 at 4:47 pm said:",
        *(f"I have walked past that yard every day for {n} years and I think this park is the best news in ages, honestly." for n in range(2, 12)),
    ]
    article = _page("Old rail yard will become a park with a wetland", *STORY[:2], *comments)
    assert _body(article) == STORY[:2]


def test_list_under_a_lead_in_stays_in_the_story() -> None:
    dates = ["June 9 -- Riverside Park, Leeds", "June 10 -- Town Moor, Newcastle", "June 14 -- The Meadows, Edinburgh"]
    article = _page("Band sets a summer tour of open-air shows", *STORY[:2], "The band's summer tour 2024 dates are:", *dates)
    assert _body(article)[-4:] == ["The band's summer tour 2024 dates are:", *dates]


def test_a_story_that_is_a_numbered_list_outweighs_the_teasers_under_it() -> None:
    towns = [("Leeds", "Harrogate"), ("York", "Hull"), ("Hull", "Lincoln"), ("Derby", "Buxton"), ("Buxton", "Leeds")]
    stages = [f"{n}. Stage {n}, {5 * n} June: {a} to {b}, {150 + n} km" for n, (a, b) in enumerate(towns, 1)]
    teasers = [f"Read our column on the {sport} season, with the standings, the results and what comes next." for sport in ("rugby", "cricket")]
    article = _page("Leeds, York and Hull host the 2024 stage race", "March 3, 2024", "Stages", *stages, "Comments", *teasers)
    assert (article.title, _body(article)) == ("Leeds, York and Hull host the 2024 stage race", ["Stages", *stages])


def test_a_wiki_page_title_is_the_subject_of_its_first_paragraph() -> None:
    contents = ["Contents", "1 History", "2 Design", "3 Uses", "4 See also"]
    lead = "The Water Wheel (Noria) is a machine that lifts water from a river into a channel, turned by the flow itself."
    article = _page("Water Wheel", "From the Mill Wiki", "Type", "Machine", "Power", "River flow", *contents, lead, "History", *STORY)
    assert (article.title, article.title_source) == ("Water Wheel", "subject of the first paragraph")


def test_a_page_title_with_its_year_is_not_the_headline() -> None:
    header = ["Council Rail Yard Park Plan | 2024", "Old rail yard will become a park with a wetland", "March 3, 2024 by Jane Doe"]
    assert _page(*header, *STORY).title == "Old rail yard will become a park with a wetland"


def test_a_more_from_box_inside_the_story_is_dropped_and_the_story_goes_on() -> None:
    box = ["More from UK", "Harry Dunn family to meet the foreign secretary over legal costs", "Lottery ticket holder in Leeds wins the jackpot prize"]
    article = _page("Old rail yard will become a park with a wetland", *STORY[:2], *box, STORY[2], "Council statement", STORY[3])
    assert _body(article) == [*STORY[:3], "Council statement", STORY[3]]


def test_the_line_under_a_gallery_counter_is_its_caption() -> None:
    lines = judge_lines(["Image 2 of 5", "An artist's concept of the lander on the moon's surface."])
    assert [line.verdict.reason if line.verdict else None for line in lines] == ["gallery controls", "photo caption"]


def test_listed_items_need_a_lead_in_sentence() -> None:
    lines = judge_lines(["Editions:", "United States", "United Kingdom", "Here are the tour dates for this summer:", "June 9", "June 10"])
    assert listed_items(lines) == {4, 5}


@pytest.mark.parametrize(
    ("line", "reason", "dated"),
    [
        ("Police: 2 In Custody After Death Of U of M-Dearborn Student-AthleteA 24-year-old woman died", "related-article teaser", False),
        ("Is Violence In Sports On The Rise?Violence is part of the game in many sports", "related-article teaser", False),
        ("Charity Navigator Rates GiveDirectly highly for the third year", None, False),
        ("By Jane Doe - 11/18/19 11:04 PM EST", None, True),
    ],
)
def test_page_line_rules(line: str, reason: str | None, dated: bool) -> None:
    (judged,) = judge_lines(read_lines(line))
    assert (judged.verdict.reason if judged.verdict else None) == reason
    assert (judged.byline is not None) == dated


def test_headline_says_where_it_came_from_and_how_sure() -> None:
    found = _page("Old rail yard will become a park with a wetland", "By Jane Doe", *STORY)
    unsure = _page("Menu", "Search", *STORY)
    assert (found.title_source, unsure.title_source, unsure.title_confidence) == ("page text", "file name", 0.0)
    assert found.title_confidence is not None and found.title_confidence >= 0.5


def test_a_given_title_replaces_the_found_one_and_says_so() -> None:
    article = apply_overrides(_page("Menu", "Search", *STORY), Overrides(title="Rail yard park"))
    assert (article.title, article.title_source, article.title_confidence) == ("Rail yard park", "given", 1.0)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The council said that it was not ready to vote on the plan, and that the work is for the next year. " * 3, "en"),
        ("Der Rat sagte, dass die Pläne nicht fertig sind und dass es mit der Abstimmung auch im Herbst zu spät ist. " * 3, "de"),
        ("Il consiglio ha detto che il piano non è pronto e che la votazione per la città sarà anche più tardi. " * 3, "it"),
        ("Рада заявила, що план не готовий і що голосування за нього буде пізніше, але це не остаточно. " * 3, "uk"),
        ("June 9 Riverside Park. June 10 Town Moor.", "en"),
    ],
    ids=["English", "German", "Italian", "Ukrainian", "too few words: the default"],
)
def test_language_is_guessed_from_function_words(text: str, language: str) -> None:
    assert guess_language([text]) == language


def test_raw_page_text_in_another_language_is_extracted_with_its_language() -> None:
    story = [
        "Il consiglio comunale ha deciso martedì di trasformare il vecchio scalo ferroviario in un parco con una zona umida.",
        "I lavori per la zona umida inizieranno in primavera e i primi sentieri dovrebbero aprire entro la fine del prossimo anno.",
        "I residenti chiedevano un parco sul sito da più di dieci anni, ha detto la presidente della commissione urbanistica.",
    ]
    article = _page("Il vecchio scalo ferroviario diventerà un parco con una zona umida", "3 marzo 2024", *story)
    assert (article.language, _body(article)) == ("it", story)
