"""Telephone numbers, model names and codes in display text -> English words: "H5N1" -> "H five N one"."""

import re

from tts_articles.speech.abbreviations import WORD_ACRONYMS, spell
from tts_articles.speech.numbers import cardinal, digit_words, plural, serial_number

# "+44 20 7946 0958", "+380 44 123 4567": a plus, a country code, then groups.
_INTERNATIONAL = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?![\w-]|[.,]\d)")
# "1-800-273-8255", "(555) 555-5555", "555.555.5555": the North American plan.
_NORTH_AMERICAN = re.compile(r"(?<![\w(+-])(?:1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}(?![\w-]|[.,]\d)")
# "555-1234" is a phone number only after a word that says so; else it could be a range.
_LOCAL = re.compile(r"(?i:\b(?:call|phone|tel\.?|telephone|hotline|dial|text|fax|number)\s+(?:is\s+|at\s+|on\s+)?)(\d{3}-\d{4})(?![\w-]|[.,]\d)")
# "Call 911", "dial 112", "text 80808": a short number after a word for phoning is said digit by digit.
_SERVICE = re.compile(r"(?i:\b(?:call|calling|dial|dialled|dialed)\s+)(\d{3})(?![\w-]|[.,]\d)|(?i:\btext\s+)(\d{5,6})(?![\w-]|[.,]\d)")
_SERVICE_NUMBERS = frozenset({"911", "999", "112", "988", "101", "111", "211", "311", "411"})
# "0800 123 4567", "020 7946 0958", "0-800-501-701": a national number with its trunk zero.
_NATIONAL = re.compile(r"(?<![\w+-])0(?:\d{2,4}|-\d{3})(?:[ -]\d{3,4}){1,2}(?![\w-]|[.,]\d)")
# Airliner models are said as a digit and a pair: "Boeing 787" -> "Boeing seven eighty seven",
# "737-800" -> "seven thirty seven eight hundred" (not a range).
_AIRLINER = re.compile(r"\b(Boeing|Airbus|Embraer|Tupolev|Ilyushin|Antonov|Sukhoi)\s(\d{3})(?![\d,.-]\d)")
_AIRLINER_VARIANT = re.compile(r"(?<![\w.-])(A3[1-5]0|7[0-8]7)-(\d00)(?![\w-])")
# Variant and version names with dots: "BA.5", "XBB.1.5".
_DOTTED_CODE = re.compile(r"(?<![\w.])([A-Z]{1,4})\.(\d+)((?:\.\d+){0,2})(?![\w]|\.\d)")
_MIN_PHONE_DIGITS = 7
_TOLL_FREE = frozenset({"800", "888", "877", "866", "855", "844", "833"})

# A word mixing letters and digits, maybe hyphenated: "H5N1", "F-16s", "COVID-19", "A321",
# "Su-25", "3D", "4G", "2x". Word parts of two or more lowercase letters ("20-year-old") stay words.
_CODE = re.compile(r"(?<![\w.$€£¥-])(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w-])")
_AMOUNT_WITH_SCALE = re.compile(r"\d+(?:k|m|bn|tn)")
_RUNS = re.compile(r"\d+|[A-Za-z]+")


def telephone_numbers(text: str) -> str:
    """Say telephone numbers digit by digit in their groups: "1-800-273-8255" -> "one, eight hundred, two seven three, ..."."""
    text = _INTERNATIONAL.sub(_telephone_words, text)
    text = _NORTH_AMERICAN.sub(_telephone_words, text)
    text = _NATIONAL.sub(_telephone_words, text)
    text = _LOCAL.sub(lambda match: match.group(0).replace(match.group(1), _telephone_words(match, 1)), text)
    return _SERVICE.sub(_service_number, text)


def _service_number(match: re.Match[str]) -> str:
    """ "call 911" -> "call nine one one", "text 80808" -> digits; "call 300 reservists" stays a count."""
    digits = match.group(1) or match.group(2)
    if match.group(1) and digits not in _SERVICE_NUMBERS:
        return match.group(0)
    return match.group(0).replace(digits, digit_words(digits).replace("oh", "zero"))


def _telephone_words(match: re.Match[str], group: int = 0) -> str:
    """The digits of each group, groups apart by commas (a pause, as a reader gives); a comma
    after the last keeps the next word from running into the number."""
    written = match.group(group)
    groups = re.findall(r"\d+", written)
    if sum(len(digits) for digits in groups) < _MIN_PHONE_DIGITS:
        return written
    spoken = [_phone_group(digits, position) for position, digits in enumerate(groups)]
    return ("plus " if written.startswith("+") else "") + ", ".join(spoken) + ","


def _phone_group(digits: str, position: int) -> str:
    if digits in _TOLL_FREE and position <= 1:
        return digit_words(digits[0]) + " hundred" if digits.endswith("00") else digit_words(digits)
    return digit_words(digits)


def model_numbers(text: str) -> str:
    """Say airliner models as people do, before a dash between them can be taken for a range."""
    text = _AIRLINER_VARIANT.sub(lambda match: f"{_model(match.group(1))} {serial_number(match.group(2))}", text)
    return _AIRLINER.sub(lambda match: f"{match.group(1)} {serial_number(match.group(2))}", text)


def _model(written: str) -> str:
    return f"{spell(written[0])} {serial_number(written[1:])}" if written[0].isalpha() else serial_number(written)


def codes(text: str) -> str:
    """Say words that mix letters and digits part by part: "F-16s" -> "F sixteens", "2x" -> "two times"."""
    text = _DOTTED_CODE.sub(_dotted_code_words, text)
    return _CODE.sub(lambda match: _code_words(match.group(0)), text)


def _dotted_code_words(match: re.Match[str]) -> str:
    """ "BA.5" -> "B eh five"; "XBB.1.5" -> "X B B one point five"."""
    letters, first, rest = match.groups()
    decimals = " ".join(digit_words(part).replace("oh", "zero") for part in rest.split(".") if part)
    return f"{spell(letters)} {cardinal(int(first))}" + (f" point {decimals}" if decimals else "")


def _code_words(code: str) -> str:
    """Letters spelled (unless a word or a word acronym), numbers as a model number is said,
    an "s" after digits a plural ("F sixteens"), an "x" after them "times"."""
    parts = code.split("-")
    if _AMOUNT_WITH_SCALE.fullmatch(code) or any(part.isalpha() and part.islower() and len(part) > 1 for part in parts):
        return code  # "5m", "20-year-old": an amount or a number and words, for later rules
    runs = [run for part in parts for run in _RUNS.findall(part)]
    spoken: list[str] = []
    for index, run in enumerate(runs):
        previous = runs[index - 1] if index else ""
        if run.isdigit():
            spoken.append(serial_number(run) if len(run) > 2 else cardinal(int(run)))
        elif run == "s" and previous.isdigit():
            spoken[-1] = plural(spoken[-1])
        elif run == "x" and previous.isdigit() and index == len(runs) - 1:
            spoken.append("times")
        elif run in WORD_ACRONYMS or _is_word(run):
            spoken.append(run)
        else:
            spoken.append(spell(run))
    return " ".join(spoken)


def _is_word(part: str) -> bool:
    return len(part) > 2 and not part.isupper()
