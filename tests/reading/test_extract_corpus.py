"""Extraction measured on the labelled corpus in ../shared/extract-corpus (skipped when it is absent).

The floors are pinned a little under what the extractor scores today, in-process and on the
raw page text (the same figures `score.py` prints for the CLI): lower one only on purpose.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter
from typing import Any

import pytest

from conftest import ROOT
from tts_articles.reading.extract import extract_article
from tts_articles.types import Article, Source

CORPUS = ROOT.parent / "shared" / "extract-corpus"
MANIFEST = CORPUS / "data" / "manifest.json"
MIN_BODY_F1 = 0.955
"""Bag-of-words F1 of the story body on the `aeb` pages (score.py's primary figure), raw text."""
MIN_HEADLINE_SHARE = 0.88
"""Share of the `traf` pages whose headline matches the label (difflib ratio >= 0.9), raw text."""
MAX_SPOKEN_WITHOUT = 10
"""`traf` strings labelled as not part of the story that are read aloud anyway, raw text."""
HEADLINE_RATIO = 0.9
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MANIFEST.exists(), reason=f"extraction corpus not found at {CORPUS}"),
]


@pytest.fixture(scope="module")
def extracted() -> list[tuple[dict[str, Any], Article | None]]:
    pages = json.loads(MANIFEST.read_text(encoding="utf-8"))["pages"]
    results = []
    for page in pages:
        path = CORPUS / "data" / page["set"] / f"{page['id']}.txt"
        try:
            article: Article | None = extract_article(Source(path.name, path.read_bytes(), "text/plain"))
        except Exception:  # a failure scores zero for its page, as in score.py
            article = None
        results.append((page, article))
    return results


def test_every_page_extracts(extracted: list[tuple[dict[str, Any], Article | None]]) -> None:
    assert [page["id"] for page, article in extracted if article is None] == []


def test_body_f1_on_raw_text(extracted: list[tuple[dict[str, Any], Article | None]]) -> None:
    precisions, recalls = [], []
    for page, article in extracted:
        if page["set"] != "aeb":
            continue
        gold, found = _bag(page["body"]), _bag(" ".join(_body(article)))
        shared = sum((gold & found).values())
        recalls.append(shared / sum(gold.values()) if gold else 1.0)
        if found:
            precisions.append(shared / sum(found.values()))
    precision, recall = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    assert 2 * precision * recall / (precision + recall) >= MIN_BODY_F1


def test_headlines_on_raw_text(extracted: list[tuple[dict[str, Any], Article | None]]) -> None:
    labelled = [(page["title"], article) for page, article in extracted if page["set"] == "traf" and page.get("title")]
    matched = sum(_same_headline(article.title if article else "", title) for title, article in labelled)
    assert matched >= MIN_HEADLINE_SHARE * len(labelled)


def test_furniture_labelled_on_raw_text_is_not_read(extracted: list[tuple[dict[str, Any], Article | None]]) -> None:
    spoken = [
        (page["id"], text)
        for page, article in extracted
        if page["set"] == "traf"
        for text in page["without"]
        if _normal(text) in _normal(" ".join(_body(article)))
    ]
    assert len(spoken) <= MAX_SPOKEN_WITHOUT, spoken


def _body(article: Article | None) -> list[str]:
    if article is None:
        return []
    return [text for section in article.sections for text in ([section.heading] if section.heading else []) + list(section.paragraphs)]


def _bag(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())


def _same_headline(found: str, label: str) -> bool:
    def key(text: str) -> str:
        return " ".join(re.sub(r"[^\w]+", " ", _normal(text).casefold()).split())

    return bool(key(found)) and difflib.SequenceMatcher(None, key(found), key(label), autojunk=False).ratio() >= HEADLINE_RATIO

