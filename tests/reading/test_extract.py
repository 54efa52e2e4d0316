"""Extraction: the seed sample, the corpus of page texts, HTML pages, --raw and the error paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, GOLDEN, ROOT
from tts_articles.errors import ExtractionError, SourceError
from tts_articles.reading.extract import extract_article
from tts_articles.reading.load import article_to_dict, load_source
from tts_articles.types import Source

SAMPLE = ROOT / "samples" / "kyiv-independent-pow-executions.txt"
PAGES = sorted((FIXTURES / "pages").glob("*.txt"))
HTML = FIXTURES / "html"
GOLDEN_ARTICLE = GOLDEN / "kyiv-independent-pow-executions.article.json"
FIELDS = ("title", "authors", "published", "publisher", "paragraphs", "headings")


def _extract(path: Path, raw: bool = False) -> dict:
    return article_to_dict(extract_article(load_source(str(path)), raw=raw))


def _spoken(article: dict) -> list[str]:
    return [article["title"], *article["authors"], *article["paragraphs"], *article["headings"]]


@pytest.mark.parametrize("path", [SAMPLE, *PAGES], ids=lambda path: path.stem)
def test_page_text_extracts_to_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    article = _extract(path)
    assert {field: article[field] for field in FIELDS} == {field: expected[field] for field in FIELDS}


@pytest.mark.parametrize("path", [SAMPLE, *PAGES], ids=lambda path: path.stem)
def test_page_furniture_is_not_spoken(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    spoken = _spoken(_extract(path))
    assert [text for text in expected["must_not_speak"] if any(text in line for line in spoken)] == []


HTML_PAGES = sorted(path.with_name(path.name.replace(".expected.json", ".html")) for path in HTML.glob("*.expected.json"))


@pytest.mark.parametrize("path", HTML_PAGES, ids=lambda path: path.stem)
def test_html_page_extracts_to_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    article = _extract(path)
    assert {field: article[field] for field in FIELDS} == {field: expected[field] for field in FIELDS}


@pytest.mark.parametrize("path", HTML_PAGES, ids=lambda path: path.stem)
def test_html_furniture_is_not_spoken(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    spoken = _spoken(_extract(path))
    assert [text for text in expected["must_not_speak"] if any(text in line for line in spoken)] == []


def test_corpus_has_ten_pages() -> None:
    assert len(PAGES) >= 10 and len(HTML_PAGES) >= 3


def test_sample_golden_with_reasons(request: pytest.FixtureRequest) -> None:
    article = _extract(SAMPLE)
    if request.config.getoption("--update-golden", default=False):
        GOLDEN_ARTICLE.write_text(json.dumps(article, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert article == json.loads(GOLDEN_ARTICLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Skip to content", "navigation"),
        ("Become a member Gift membership", "membership appeal"),
        ("by Kateryna Denisova and The Kyiv Independent news desk November 6, 2024 7:34 PM 2 min read", "byline"),
        ("This audio is created with AI assistance", "audio notice"),
        ("Enter your email to subscribe", "newsletter form"),
        ("News Feed", "news feed"),
        ("visa masterCard americanExpress", "payment options"),
    ],
    ids=lambda value: value[:30],
)
def test_sample_dropped_lines_have_reasons(text: str, reason: str) -> None:
    dropped = {line.text: line.reason for line in extract_article(load_source(str(SAMPLE))).dropped}
    assert dropped[text] == reason


def test_sample_caption_is_a_photo_caption() -> None:
    dropped = extract_article(load_source(str(SAMPLE))).dropped
    assert [line.reason for line in dropped if line.text.startswith("Graves of Ukrainian")] == ["photo caption"]


def test_html_keeps_headings_and_metadata_and_leaves_out_captions() -> None:
    article = _extract(HTML / "storm-gazette.html")
    assert (article["title"], article["authors"], article["published"], article["publisher"]) == (
        "Storm floods coastal towns as river bursts its banks",
        ["Maria Lopez", "Tom Reed"],
        "2024-03-05T08:15",
        "The Harbour Gazette",
    )
    assert article["headings"] == ["Warnings ignored", "What happens next"]
    assert "We have never seen water rise so fast in this valley." in article["paragraphs"]
    assert not [p for p in article["paragraphs"] if "Residents wade" in p or "Advertisement" in p or "Read more" in p]


def test_html_in_cp1251_reads_right() -> None:
    article = _extract(HTML / "siberia-cp1251.html")
    assert article["title"] == "В Сибири ударили морозы до минус пятидесяти градусов"
    assert (article["language"], article["headings"]) == ("ru", ["Прогноз"])


def test_raw_plain_text_reads_everything() -> None:
    article = _extract(SAMPLE, raw=True)
    assert article["title"] == "Three years of reporting, funded by our readers — become a member now and help us prepare for 2025."
    assert article["dropped"] == []
    assert any("Skip to content" in p for p in article["paragraphs"])


def test_raw_html_reads_every_block() -> None:
    article = _extract(HTML / "storm-gazette.html", raw=True)
    assert article["title"] == "Storm floods coastal towns | The Harbour Gazette"
    assert "Residents wade through water in Portview on Tuesday. (Photo: Jane Doe/Gazette)" in article["paragraphs"]


def test_markdown_is_cleaned_unless_raw() -> None:
    text = "# Title here\n\nBy Ann Lee\n\nThe first paragraph of the story is here.\n\nAdvertisement\n\nThe end of it.\n"
    source = Source("story.md", text.encode(), "text/markdown")
    assert extract_article(source).paragraphs == ("The first paragraph of the story is here.", "The end of it.")
    assert extract_article(source).authors == ("Ann Lee",)
    assert len(extract_article(source, raw=True).paragraphs) == 4


def test_article_to_dict_keys() -> None:
    assert list(_extract(SAMPLE)) == [
        "title", "title_source", "title_confidence", "authors", "published", "publisher", "url", "language",
        "sections", "paragraphs", "headings", "dropped",
    ]


@pytest.mark.parametrize(
    ("name", "data", "media_type", "error", "message"),
    [
        ("png", b"\x89PNG\r\n\x1a\nrest", "text/plain", SourceError, "x is a PNG image, not an article; give a text, HTML or JSON file"),
        ("pdf", b"%PDF-1.7\n...", "text/plain", SourceError, "x is a PDF document, not an article; give a text, HTML or JSON file"),
        ("nul bytes", bytes(range(256)) * 8, "text/plain", SourceError, "x looks like a binary file, not text; give a text, HTML or JSON file"),
        ("empty", b"  \n", "text/plain", ExtractionError, "x is empty; give a file with an article in it"),
        (
            "all furniture", b"Skip to content\nSubscribe\nMenu\nAdvertisement\n", "text/plain", ExtractionError,
            "x: every line looked like page furniture (4 lines dropped); use --raw to read the whole text",
        ),
        (
            "html without article", (HTML / "no-article.html").read_bytes(), "text/html", ExtractionError,
            "x: every block looked like page furniture (1 block dropped); use --raw to read the whole page",
        ),
        (
            "html with nothing", b"<html><head><title>t</title></head><body></body></html>", "text/html",
            ExtractionError, "x: found no article in this HTML page; use --raw to read all its text",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 25 else "",
)
def test_errors_are_one_clear_line(name: str, data: bytes, media_type: str, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        extract_article(Source("x", data, media_type))
    assert str(raised.value) == message


def test_a_link_that_is_not_http_or_mail_is_not_kept() -> None:
    document = b'{"title": "Council votes", "url": "javascript:alert(1)", "text": "The council voted on Monday to fund roads."}'
    assert extract_article(Source("story.json", document, "application/json")).url is None
