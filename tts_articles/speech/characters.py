"""Characters a voice cannot say -> transliterated letters, or dropped with a warning."""

import logging
import unicodedata

logger = logging.getLogger(__name__)

# Ukrainian and Russian letters, romanised as Ukrainian news sites do (KMU 2010 style).
_CYRILLIC = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъ",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ie",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "iu",
            "ia",
            "y",
            "e",
            "io",
            "_",
        ],
    )
)
_LATIN_EXTRA = {
    "ł": "l",
    "Ł": "L",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ı": "i",
    "ß": "ss",
    "æ": "ae",
    "Æ": "Ae",
    "œ": "oe",
    "Œ": "Oe",
    "þ": "th",
    "ħ": "h",
}
# Typographic punctuation espeak reads badly or as names; mapped to plain forms.
_PUNCTUATION = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2032": "'",
    "\u2033": '"',
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "\u00ad": "",
    "\u2212": "-",
}
# Latin-1 letters (é, ü, ñ) are read well by espeak-en; others (ń, ř) make it spell the word.
_LAST_LATIN_1 = 0xFF
_DROPPED_CATEGORIES = (
    "C",
    "S",
    "M",
)  # control/format/private use, symbols (emoji), marks
_KEPT_SYMBOLS = frozenset("$€£¥₽₴₩₹₺₦%&+<>=~#@°²³μ^|/*_±×½¼¾⅓⅔⅛")


def transliterate(text: str, language: str = "en") -> str:
    """Make `text` sayable by an English voice; other languages keep their letters.

    Cyrillic is romanised and letters with diacritics outside Latin-1 lose them; emoji, CJK,
    control characters and other symbols are dropped with one warning per call.
    """
    kept: list[str] = []
    dropped: list[str] = []
    for character in text:
        if character in _PUNCTUATION:
            kept.append(_PUNCTUATION[character])
        elif character in "\n\t":
            kept.append(" ")
        elif language.startswith("en") or _is_unsayable(character):
            _english_character(character, kept, dropped)
        else:
            kept.append(character)
    if dropped:
        logger.warning(
            "dropped characters the voice cannot say: %s",
            " ".join(f"U+{ord(character):04X}" for character in dict.fromkeys(dropped)),
        )
    return "".join(kept)


def _is_unsayable(character: str) -> bool:
    category = unicodedata.category(character)
    return category.startswith(("C", "So")) and character not in _KEPT_SYMBOLS


def _english_character(character: str, kept: list[str], dropped: list[str]) -> None:
    if ord(character) < 0x80 or character in _KEPT_SYMBOLS:
        if unicodedata.category(character).startswith("C"):
            dropped.append(character)
        else:
            kept.append(character)
        return
    lower = character.lower()
    if unicodedata.category(character).startswith(("P", "Z")):
        kept.append(
            character if unicodedata.category(character).startswith("P") else " "
        )
    elif lower in _CYRILLIC:
        letters = _CYRILLIC[lower].strip("_")
        kept.append(letters.capitalize() if character != lower else letters)
    elif character in _LATIN_EXTRA:
        kept.append(_LATIN_EXTRA[character])
    elif (
        unicodedata.category(character).startswith("L")
        and ord(character) <= _LAST_LATIN_1
    ):
        kept.append(character)
    elif _stripped(character):
        kept.append(_stripped(character))
    elif (
        unicodedata.category(character).startswith(_DROPPED_CATEGORIES)
        or ord(character) > _LAST_LATIN_1
    ):
        dropped.append(character)
    else:
        kept.append(character)


def _stripped(character: str) -> str:
    """A Latin letter without its marks ("ń" -> "n"), or "" if it has no Latin base."""
    base = "".join(
        part
        for part in unicodedata.normalize("NFKD", character)
        if not unicodedata.combining(part)
    )
    return base if base.isascii() and base.isalpha() else ""
