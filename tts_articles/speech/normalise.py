"""Display text -> spoken text: what Piper should be given for one sentence of an article."""

import logging
import re

from tts_articles.speech import abbreviations, clock, codes, quantities, units
from tts_articles.speech.characters import transliterate
from tts_articles.speech.lexicon import Lexicon
from tts_articles.speech.numbers import cardinal_in

logger = logging.getLogger(__name__)

# Lexicon replacements are parked as private-use characters (which transliterate() has
# already removed from the input) so that no later rule rewrites a respelling or IPA.
_PARKING_START = 0xE000
_PARKED = re.compile("[\ue000-\uf8ff]")

_URL = re.compile(
    r"\b(?:https?://|www\.)(?:www\.)?([\w-]+(?:\.[\w-]+)+)(?:[/?#][^\s]*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b")
_HANDLE = re.compile(r"(?<![\w@])@(\w{2,})")
# A bare domain such as "gov.ua" or "president.gov.ua": lowercase labels ending in a known
# top-level domain, so "e.g." or "U.S." are not taken for one.
_TOP_LEVEL_DOMAINS = "com|org|net|gov|edu|mil|int|info|news|io|ai|tv|ua|uk|us|eu|ru|de|fr|pl|ca|au|in|jp|cn|il|by|md|ge|lt|lv|ee"
_BARE_DOMAIN = re.compile(rf"(?<![\w@./-])((?:[A-Za-z0-9-]+\.)+(?:{_TOP_LEVEL_DOMAINS}))(?![\w-]|\.\w)")
_WORD_DOMAINS = frozenset("com org net gov info news int".split())
_HASHTAG = re.compile(r"(?<![\w&])#([A-Za-z]\w*)")
_CAMEL_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")

_DOTTED_INITIALISM = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}(?!\w)")
# Said before the number rules run, while the amount they qualify is still digits: "~500 km".
_COMPARISON = re.compile(r"([~≈<>≤≥])\s?(?=[\d$€£¥₽₴.])")
_COMPARISON_WORDS = {"~": "about ", "≈": "about ", "<": "less than ", ">": "more than ", "≤": "at most ", "≥": "at least "}
_SYMBOLS = (
    (re.compile(r"(?<=\d)\+(?!\d)"), " plus"),
    (re.compile(r"\s?\+\s?"), " plus "),
    (re.compile(r"\s?±\s?"), " plus or minus "),
    (re.compile(r"(?<=\d)\s?[x×]\s?(?=\d)"), " by "),
    (re.compile(r"\s?=\s?"), " equals "),
    (re.compile(r"\s?&\s?"), " and "),
    (re.compile(r"\b(?:y/y|YoY|yoy)\b"), "year on year"),
    (re.compile(r"\b(?:m/m|MoM)\b"), "month on month"),
    (re.compile(r"\bq/q\b"), "quarter on quarter"),
    (re.compile(r"(?<=[A-Za-z])/(?=[A-Za-z])"), " "),
    (re.compile(r"\s/\s"), ", "),
    (re.compile(r"[*_^|\\]+"), " "),
    (re.compile(r"@"), " at "),
    (re.compile(r"#"), " "),
    (re.compile(r"[~<>]"), " "),
)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s*$")
_PUNCTUATION_AFTER_PHONEMES = re.compile(r"(?<!\s)\s*\]\]([,.;:!?]+)")


def speak(text: str, language: str = "en", lexicon: Lexicon | None = None) -> str:
    """Turn one sentence of display text into the text Piper should say.

    English voices get numbers, dates, money, titles, acronyms and symbols in words and
    no abbreviation dot before a capital; other voices get only the language-neutral
    fixes (ellipses, dashes, abbreviation dots) and their numbers in their own language.
    """
    parked: list[str] = []

    def park(spoken: str) -> str:
        parked.append(spoken)
        return chr(_PARKING_START + len(parked) - 1)

    lexicon = lexicon or Lexicon()
    english = language.lower().startswith("en")
    spoken = lexicon.replace(transliterate(text, language), park)
    spoken = _apply_english_rules(spoken, language) if english else _apply_neutral_rules(spoken, language)
    spoken = lexicon.replace(spoken, park)
    spoken = _PARKED.sub(
        lambda match: parked[ord(match.group(0)) - _PARKING_START], spoken
    )
    return _tidy(spoken, ended=bool(_SENTENCE_END.search(text)))


def _apply_english_rules(text: str, language: str) -> str:
    """The English rules, in an order where each sees digits the earlier ones left alone."""
    for rule in (
        _web_addresses,
        codes.telephone_numbers,
        codes.model_numbers,
        quantities.range_dashes,
        _punctuation,
        _comparisons,
        abbreviations.shouted_words,
        abbreviations.expand_titles,
        _number_signs,
        clock.times,
        lambda text: clock.dates(text, language),
        quantities.money,
        units.measures,
        quantities.ranges,
        quantities.years,
        quantities.ordinals_and_fractions,
        _symbols,
        abbreviations.roman_numerals,
        codes.codes,
        abbreviations.expand_initialisms,
        abbreviations.acronyms,
        quantities.plain_numbers,
    ):
        text = rule(text)
    return text


def _apply_neutral_rules(text: str, language: str) -> str:
    text = _punctuation(text)
    # Letter names differ by language, so initialisms only lose their dots: "U.S." -> "US".
    text = _DOTTED_INITIALISM.sub(lambda match: match.group(0).replace(".", ""), text)
    # "6. November" is an ordinal in German; only bare integers are turned into words.
    return re.sub(
        r"(?<![\d.,])\d+(?![\d.,]\d|\.\s)",
        lambda match: _integer_in(match.group(0), language),
        text,
    )


def _integer_in(digits: str, language: str) -> str:
    return cardinal_in(int(digits), language) or digits


def _web_addresses(text: str) -> str:
    """Say URLs as their domain, emails and handles with "at", hashtags as words."""
    text = _URL.sub(lambda match: _domain(match.group(1)), text)
    text = _BARE_DOMAIN.sub(lambda match: _domain(match.group(1)), text)
    text = _EMAIL.sub(
        lambda match: f"{_domain(match.group(1))} at {_domain(match.group(2))}", text
    )
    text = _HANDLE.sub(lambda match: f"at {_split_words(match.group(1))}", text)
    return _HASHTAG.sub(lambda match: f"hashtag {_split_words(match.group(1))}", text)


def _domain(address: str) -> str:
    """ "www.president.gov.ua" -> "president dot gov dot U eh": a country code is spelled."""
    address = re.sub(r"^www\.", "", address, flags=re.IGNORECASE)
    parts = [part for part in address.split(".") if part]
    if parts and parts[-1].lower() not in _WORD_DOMAINS and len(parts) > 1:
        parts[-1] = abbreviations.spell(parts[-1])
    return " dot ".join(parts)


def _split_words(name: str) -> str:
    """ "StandWithUkraine" -> "Stand With Ukraine"; "kyiv_independent" -> "kyiv independent"."""
    parts = [
        part
        for chunk in name.split("_")
        for part in (_CAMEL_PARTS.findall(chunk) or [chunk])
    ]
    return " ".join(parts)


_ELLIPSIS = re.compile(r"(?<!\s)\s*(?:\.\s?\.\s?\.|…)+\s*")
_DASH = re.compile(r"(?<!\s)\s*(?:—|--+|\s–\s|\s-\s)\s*")
_BRACKETED = re.compile(r"(?<!\s)\s*[(\[{]\s*([^()\[\]{}]*?)\s*[)\]}]")


def _punctuation(text: str) -> str:
    """Ellipses and dashes become commas (espeak glues words across them); brackets too."""
    text = _ELLIPSIS.sub(", ", text)
    text = _DASH.sub(", ", text)
    return _BRACKETED.sub(
        lambda match: f", {match.group(1)}," if match.group(1) else "", text
    )


_NUMBER_SIGN = re.compile(r"(?:\bNo\.?|#)\s?(?=\d)")
# A case or file number after "No.": its parts are read as written, "1-23/2024" -> "1 dash 23 slash 2024".
_FILE_NUMBER = re.compile(r"(?<=number )\d+(?:[-/]\d+)+\b")
# "mid-1990s", "pre-2022", "under-18s": the prefix is a word of its own before the number.
_PREFIXED_NUMBER = re.compile(r"\b(mid|pre|post|under|over|late|early|sub)-(?=\d)", re.IGNORECASE)


def _number_signs(text: str) -> str:
    text = _PREFIXED_NUMBER.sub(r"\1 ", _NUMBER_SIGN.sub("number ", text))
    return _FILE_NUMBER.sub(lambda match: match.group(0).replace("-", " dash ").replace("/", " slash "), text)


def _comparisons(text: str) -> str:
    return _COMPARISON.sub(lambda match: _COMPARISON_WORDS[match.group(1)], text)


def _symbols(text: str) -> str:
    for pattern, words in _SYMBOLS:
        text = pattern.sub(words, text)
    return text


def _tidy(text: str, ended: bool) -> str:
    """Mend the punctuation the rules leave behind and keep the sentence's final stop."""
    text = _PUNCTUATION_AFTER_PHONEMES.sub(r"\1 ]]", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^[\s,;:]+", "", text)
    text = re.sub(r" ([,;:.!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]+(\s*[.!?])", r"\1", text)
    text = re.sub(r",(\S)", r", \1", text).strip()
    text = re.sub(r"[,;:]+$", "", text).rstrip()
    if ended and text and not _SENTENCE_END.search(text) and not text.endswith("]]"):
        text += "."
    return text
