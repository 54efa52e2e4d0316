"""Decoding: byte-order marks, declared and guessed character sets, mojibake, Unicode clean-up."""

from __future__ import annotations

import pytest

from tts_articles.reading.decode import decode_text
from tts_articles.reading.extract import extract_article
from tts_articles.types import Source

RUSSIAN = (
    "Морозы в Сибири\n\nВ понедельник температура в Якутии опустилась до минус пятидесяти двух градусов, "
    "сообщили синоптики. Школы в нескольких районах перешли на дистанционное обучение.\n"
)
FRENCH = (
    "Grève à Marseille\n\nLes éboueurs de Marseille ont entamé une grève illimitée ce lundi, réclamant "
    "une hausse de salaire et de meilleures conditions de travail. Les ordures s'accumulent déjà.\n"
)


@pytest.mark.parametrize(
    ("data", "media_type", "charset", "expected"),
    [
        (RUSSIAN.encode("utf-8"), "text/plain", None, RUSSIAN),
        (b"\xef\xbb\xbf" + RUSSIAN.encode("utf-8"), "text/plain", None, RUSSIAN),
        (RUSSIAN.encode("utf-16"), "text/plain", None, RUSSIAN),
        (RUSSIAN.encode("utf-16-le"), "text/plain", None, RUSSIAN),
        (RUSSIAN.encode("utf-16-be"), "text/plain", None, RUSSIAN),
        (RUSSIAN.encode("cp1251"), "text/plain", None, RUSSIAN),
        (RUSSIAN.encode("cp1251"), "text/plain", "windows-1251", RUSSIAN),
        (FRENCH.encode("latin-1"), "text/plain", None, FRENCH),
        (FRENCH.encode("latin-1"), "text/plain", "iso-8859-1", FRENCH),
        (b'<meta charset="koi8-r"><p>' + "Привет, мир".encode("koi8_r"), "text/html", None, '<meta charset="koi8-r"><p>Привет, мир'),
    ],
    ids=[
        "utf-8", "utf-8 bom", "utf-16 bom", "utf-16-le no bom", "utf-16-be no bom", "cp1251 guessed",
        "cp1251 declared by server", "latin-1 guessed", "latin-1 declared", "koi8-r declared in html",
    ],
)
def test_encodings_decode_right(data: bytes, media_type: str, charset: str | None, expected: str) -> None:
    assert decode_text(data, "x", media_type, charset) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayorâ€™s office said", "The mayor’s office said"),
        ("CafÃ© culture", "Café culture"),
        ("zero\u200bwidth\u2060joined\ufeff", "zerowidthjoined"),
        ("soft\u00adhyphen", "softhyphen"),
        ("Cafe\u0301", "Café"),
        ("line\r\nends\rhere", "line\nends\nhere"),
    ],
    ids=["mojibake quote", "mojibake accent", "zero-width", "soft hyphen", "nfc", "line ends"],
)
def test_text_is_repaired_and_normalised(text: str, expected: str) -> None:
    assert decode_text(text.encode("utf-8"), "x", "text/plain") == expected


def test_cp1251_page_text_extracts() -> None:
    article = extract_article(Source("x.txt", RUSSIAN.encode("cp1251"), "text/plain"), raw=True)
    assert article.title == "Морозы в Сибири"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Café", "cp1252"),
        ("Muñoz said the plan was fine.", "cp1252"),
        ("Café au lait in the city, the mayor said.", "latin-1"),
        ("“Grüße aus München”, sagte der Bürgermeister – 5 €.", "cp1252"),
        ("Le café de Paris a fermé ses portes après vingt ans, a déclaré le propriétaire.", "latin-1"),
        ("Zażółć gęślą jaźń, powiedział burmistrz Gdańska.", "cp1250"),
        ("Привет, мир. Это новости из Сибири.", "cp1251"),
    ],
)
def test_short_single_byte_texts_decode_right(text: str, encoding: str) -> None:
    assert decode_text(text.encode(encoding), "story.txt", "text/plain") == text
