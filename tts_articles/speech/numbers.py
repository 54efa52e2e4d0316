"""Number words for the normaliser: digits -> cardinal, ordinal, year and decade words."""

from decimal import Decimal, InvalidOperation

from num2words import CONVERTER_CLASSES, num2words

NUMBER = (
    r"(?:(?<![\d.,])\d{1,3}(?:(?:,|\u00a0|\u202f| )\d{3})+(?:\.\d+)?(?![\d])"
    r"|(?<![\d.,])\d+(?:[.,]\d+)?(?!\d)"
    r"|(?<![\w.,])\.\d+(?!\d))"
)
"""A number as news copy writes it: "1,500", "12 000" (European groups), "3.5", "2,5", ".1"."""
_MAX_SAID_DIGITS = 18
"""Past a quintillion no one says a number as a whole (and num2words cannot): it is read digit by digit."""
_DIGIT_NAMES = ["oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

# num2words writes British "one hundred and five"; American news copy is read without
# the "and", and the commas it puts between groups would add pauses.
_BRITISH_AND = " and "


def _american(words: str) -> str:
    """Drop num2words' "and" and commas, and write compounds apart: "forty nine".

    espeak reads "forty-nine" as one word with one stress (fˈɔːɹtinˈaɪn) and a
    recogniser hears "four nine"; "forty nine" is phonemised exactly as "49" is.
    """
    return words.replace(_BRITISH_AND, " ").replace(",", "").replace("-", " ")


def parse_number(digits: str) -> Decimal:
    """Read "1,500", "12 000", "3.5" or "2,5" (decimal comma) as a Decimal.

    Raises:
        ValueError: the text is not a number.
    """
    text = digits.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in text and "." not in text and _is_decimal_comma(text):
        text = text.replace(",", ".")
    text = text.replace(",", "")
    if text.count(".") > 1:  # 12.000.000: European thousands
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation as err:
        raise ValueError(f"not a number: {digits!r}") from err


def _is_decimal_comma(text: str) -> bool:
    """A single comma followed by other than three digits ("2,5", "0,75") is a decimal comma."""
    _, _, tail = text.partition(",")
    return "," not in tail and len(tail) != 3


def cardinal(value: Decimal | int) -> str:
    """Say a number: 124 -> "one hundred twenty four", 3.5 -> "three point five"."""
    value = Decimal(value)
    if value == value.to_integral_value() and "." not in str(value):
        return _american(num2words(int(value)))
    sign = "minus " if value < 0 else ""
    whole, _, fraction = str(abs(value)).partition(".")
    digits = " ".join(_american(num2words(int(digit))) for digit in fraction)
    return f"{sign}{_american(num2words(int(whole)))} point {digits}"


def say_number(digits: str) -> str:
    """Say a written number: "1,500" -> "one thousand five hundred", ".1" -> "point one"."""
    if sum(character.isdigit() for character in digits) > _MAX_SAID_DIGITS:
        return digit_words(digits)
    spoken = cardinal(parse_number(digits))
    return spoken.removeprefix("zero ") if digits.lstrip("-").startswith(".") else spoken


def digit_words(digits: str) -> str:
    """Say digits one by one, as in telephone numbers and codes: "007" -> "oh oh seven"."""
    return " ".join(_DIGIT_NAMES[int(digit)] for digit in digits if digit.isdigit())


def serial_number(digits: str) -> str:
    """Say a model or code number as people do: "321" -> "three twenty one", "737" -> "seven thirty seven".

    Up to two digits are a cardinal; three are a digit and a pair ("three oh five");
    four are two pairs; longer ones, and any with a leading zero, digit by digit.
    """
    if digits.startswith("0") or len(digits) > 4:
        return digit_words(digits)
    if len(digits) <= 2 or digits.endswith("00"):
        return cardinal(int(digits))
    head, pair = digits[:-2], digits[-2:]
    pair_words = f"oh {cardinal(int(pair))}" if pair.startswith("0") else cardinal(int(pair))
    return f"{cardinal(int(head))} {pair_words}"


def ordinal(value: int) -> str:
    """Say an ordinal: 22 -> "twenty second"."""
    return _american(num2words(value, to="ordinal"))


def year(value: int) -> str:
    """Say a year as a year: 1990 -> "nineteen ninety", 2005 -> "two thousand five"."""
    if 2000 <= value <= 2009 or value < 1000 or value % 1000 == 0:
        return cardinal(value)
    return _american(num2words(value, to="year"))


def plural(words: str) -> str:
    """Pluralise the last number word: "nineteen ninety" -> "nineteen nineties"."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith(("x", "s")):
        return words + "es"
    return words + "s"


def decade(value: int) -> str:
    """Say a decade: 1990 -> "nineteen nineties", 2000 -> "two thousands", 90 -> "nineties"."""
    if value < 100:
        return plural(cardinal(value))
    return plural(year(value))


def cardinal_in(value: int, language: str) -> str | None:
    """Say an integer in `language` ("de", "uk", "pt_BR"), or None if num2words lacks it."""
    code = language if language in CONVERTER_CLASSES else language.split("_")[0]
    if code not in CONVERTER_CLASSES:
        return None
    try:
        words: str = num2words(value, lang=code)
    except NotImplementedError:
        return None
    return words
