"""Money, ranges, years, ordinals, fractions and plain numbers in display text -> English words."""

import re

from tts_articles.speech.numbers import NUMBER, cardinal, decade, digit_words, ordinal, parse_number, say_number, serial_number, year
from tts_articles.speech.tables import counted_table, spoken_table
from tts_articles.speech.units import UNITS, VULGAR_FRACTIONS, fraction_words, mixed_number_words, rates, word_after

# Longer symbols first where one contains another ("US$" before "$"); the hryvnia is
# respelled because espeak reads "hryvnia" as "aitch-rivnia" (see voices/lexicon/news.toml).
CURRENCIES = counted_table("""
US$ | U S dollar | U S dollars
HK$ | Hong Kong dollar | Hong Kong dollars
NZ$ | New Zealand dollar | New Zealand dollars
A$ | Australian dollar | Australian dollars
C$ | Canadian dollar | Canadian dollars
S$ | Singapore dollar | Singapore dollars
R$ | real | reais
$ | dollar | dollars
€ | euro | euros
£ | pound | pounds
¥ | yen | yen
₩ | won | won
₹ | rupee | rupees
₺ | lira | lira
₦ | naira | naira
₽ | ruble | rubles
₴ | hrivnya | hrivnyas
UAH | hrivnya | hrivnyas
USD | dollar | dollars
EUR | euro | euros
GBP | pound | pounds
RUB | ruble | rubles
JPY | yen | yen
CNY | yuan | yuan
CHF | Swiss franc | Swiss francs
INR | rupee | rupees
KRW | won | won
""")
# The hundredth part said after the whole units: "$1.20" -> "one dollar twenty cents".
_HUNDREDTHS = {symbol: ("cent", "cents") for symbol in ("$", "US$", "USD", "A$", "C$", "HK$", "NZ$", "S$", "€", "EUR")}
_HUNDREDTHS |= {"£": ("penny", "pence"), "GBP": ("penny", "pence")}
# Words after an amount that show it is not an adjective: "the $5 in cash", "the $5 was".
_NOT_NOUNS = frozenset(
    "in of for to from on at by with and or was were is are has have had will would could a an the that which per each".split()
)
_SCALES = spoken_table("""
thousand | thousand
million | million
billion | billion
trillion | trillion
k | thousand
m | million
mn | million
mln | million
bn | billion
b | billion
tn | trillion
trn | trillion
t | trillion
crore | crore
lakh | lakh
""")
_SCALE_NAMES = "|".join(sorted(_SCALES, key=len, reverse=True))
_SCALE = rf"(?:[\s-]?({_SCALE_NAMES})\b)?"
# "four dollars eighty two cents/dozen": a slash after a price is "per", whatever the word.
_MONEY_WORDS = {name.split()[-1] for names in CURRENCIES.values() for name in names} | {"cent", "cents", "penny", "pence"}
_PRICE_PER = re.compile(rf"\b({'|'.join(sorted(_MONEY_WORDS))})\s?/\s?([a-z]{{2,}})\b(?!/)")
_CURRENCY_SYMBOLS = "|".join(map(re.escape, CURRENCIES))
_CURRENCY_CODES = "|".join(name for name in CURRENCIES if name.isalpha())
_SYMBOL_FIRST = re.compile(rf"({_CURRENCY_SYMBOLS})\s?({NUMBER})(?i:{_SCALE})")
_CODE_AFTER = re.compile(rf"({NUMBER})(?i:{_SCALE})\s?({_CURRENCY_CODES})\b")

# A quantity on either side of a range dash: "$250", "5pm", "10%", "2.5 million", "9:00".
_UNIT_AFTER = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
_SIDE = (
    rf"(?:({_CURRENCY_SYMBOLS})\s?)?(\d{{1,2}}:\d\d(?!\d)|\d{{1,2}}\.\d\d(?=\s?[aApP]\.?[mM])|{NUMBER})"
    rf"((?i:[\s-]?(?:{_SCALE_NAMES})\b)?(?:\s?(?:%|(?i:[ap]\.?m\b\.?)|{_UNIT_AFTER})(?![\w²]))?)"
)
_QUANTITY_RANGE = re.compile(rf"(?<![\w.,/-])(-(?=\d))?{_SIDE}\s?[-–]\s?{_SIDE}(?![\w-]|[.,]\d)")

_YEAR = r"(?:1[1-9]\d\d|20\d\d)"


def money(text: str) -> str:
    """Say amounts with the unit after them: "$1.5 billion" -> "one point five billion dollars"."""
    text = _SYMBOL_FIRST.sub(lambda match: _amount_in(match, match.group(2), match.group(3), match.group(1)), text)
    text = _CODE_AFTER.sub(lambda match: _amount_in(match, match.group(1), match.group(2), match.group(3)), text)
    return _PRICE_PER.sub(r"\1 per \2", rates(text))


def _amount_in(match: re.Match[str], digits: str, scale: str | None, currency: str) -> str:
    """An amount between an article and a noun is adjectival: "a $1.5 billion loan" -> "... dollar loan"."""
    spoken = _amount(digits, scale, currency)
    before = re.search(r"\b(?:a|an|the|its|this|that|their)\s+$", match.string[max(0, match.start() - 8) : match.start()], re.IGNORECASE)
    after = word_after(match)
    if before and after and after not in _NOT_NOUNS:
        singular, plural_name = CURRENCIES[currency]
        spoken = spoken.removesuffix(plural_name) + singular
    return spoken


def _amount(digits: str, scale: str | None, currency: str) -> str:
    singular, plural_name = CURRENCIES[currency]
    if scale:
        return f"{say_number(digits)} {_SCALES[scale.lower()]} {plural_name}"
    value = parse_number(digits)
    whole, cents = int(value), int((value - int(value)) * 100)
    if cents and value == round(value, 2) and currency in _HUNDREDTHS:
        cent, cents_name = _HUNDREDTHS[currency]
        cent_words = f"{cardinal(cents)} {cent if cents == 1 else cents_name}"
        return f"{cardinal(whole)} {singular if whole == 1 else plural_name} {cent_words}" if whole else cent_words
    return f"{say_number(digits)} {singular if value == 1 else plural_name}"


def range_dashes(text: str) -> str:
    """Say a dash between quantities as "to", the currency once: "$250-$300" -> "250 to $300"."""
    return _QUANTITY_RANGE.sub(_quantity_range, text)


def _quantity_range(match: re.Match[str]) -> str:
    sign, left_currency, left, left_unit, right_currency, right, right_unit = match.groups()
    if not (left_currency or right_currency or left_unit.strip() or right_unit.strip() or ":" in left + right):
        return match.group(0)
    if _same_unit(left_unit, right_unit):
        left_unit = ""
    currency = right_currency or left_currency or ""
    return f"{sign or ''}{left}{left_unit} to {currency}{right}{right_unit}"


def _same_unit(left: str, right: str) -> bool:
    """ "%" and "%", "pm" and " p.m.": said once, after the second number."""
    return bool(left.strip()) and re.sub(r"[\s.]", "", left).lower() == re.sub(r"[\s.]", "", right).lower()


_YEAR_RANGE = re.compile(rf"(?<![\d.,$€£₴/])({_YEAR})(?:\s?[-–—]\s?|/)(\d{{4}}|\d{{2}})(?![\d%/])")
_NUMBER_RANGE = re.compile(rf"({NUMBER})\s?[-–—]\s?({NUMBER})(?![\w%-]|[.,]\d)")


def ranges(text: str) -> str:
    """Say ranges with "to": "2022-2024" -> "twenty twenty two to twenty twenty four"."""
    text = _YEAR_RANGE.sub(_year_range, text)
    return _NUMBER_RANGE.sub(lambda match: f"{say_number(match.group(1))} to {say_number(match.group(2))}", text)


def _year_range(match: re.Match[str]) -> str:
    start, end_digits = int(match.group(1)), match.group(2)
    end = int(end_digits) if len(end_digits) == 4 else start // 100 * 100 + int(end_digits)
    if end <= start:
        return match.group(0)
    return f"{year(start)} to {year(end)}"


_DECADE = re.compile(r"(?<![\w.,])(1[1-9]\d0|20\d0|[2-9]0)s\b|['’]([0-9]0)s\b")
_BARE_YEAR = re.compile(rf"(?<![\w.,$€£₴-])({_YEAR})(?![\d%]|[.,]\d)")


def years(text: str) -> str:
    """Say years and decades: "1990" -> "nineteen ninety", "the 1990s" -> "the nineteen nineties"."""
    text = _DECADE.sub(lambda match: decade(int(match.group(1) or match.group(2))), text)
    return _BARE_YEAR.sub(lambda match: year(int(match.group(1))), text)


_ORDINAL = re.compile(r"(?<![\d.,])(\d+)(?:st|nd|rd|th)\b")
_MIXED_FRACTION = re.compile(r"(?<![\d./])(\d+)(?:\s(\d{1,2}/\d{1,2})|\s?([½¼¾⅓⅔⅛]))(?![\d/])")
_FRACTION = re.compile(r"(?<![\d./])(\d+)/(\d+)(?![\d/])")
_MAX_DENOMINATOR = 10


def ordinals_and_fractions(text: str) -> str:
    """Say "22nd" -> "twenty second", "4 1/2" -> "four and a half", "3/4" -> "three quarters", "24/7" -> "twenty four seven"."""
    text = _ORDINAL.sub(lambda match: ordinal(int(match.group(1))), text)
    text = _MIXED_FRACTION.sub(lambda match: mixed_number_words(match.group(1), match.group(2) or match.group(3)), text)
    text = re.sub(f"[{''.join(VULGAR_FRACTIONS)}]", lambda match: fraction_words(*VULGAR_FRACTIONS[match.group(0)]), text)
    return _FRACTION.sub(_fraction_words, text)


def _fraction_words(match: re.Match[str]) -> str:
    numerator, denominator = int(match.group(1)), int(match.group(2))
    if 0 < numerator < denominator <= _MAX_DENOMINATOR:
        return fraction_words(numerator, denominator)
    # "24/7", "9/11": said as two numbers.
    return f"{cardinal(numerator)} {cardinal(denominator)}"


# ".300" with no unit or scale after it is a sports average, said "three hundred".
_AVERAGE = re.compile(r"(?<![\w.,$€£¥])\.(\d{3})(?![\d%]|\s?(?:thousand|million|billion|trillion)\b)")
_LEADING_ZERO = re.compile(r"(?<![\w.,:/-])(?<!\d )(0\d+)(?![\w.,:/]?\d|\w)")
_PLAIN = re.compile(rf"((?<![\w-])-(?=[\d.]))?({NUMBER})(?:(-(?=[a-z]{{2}}))|(k|m|bn|tn|K|M|B|BN)\b)?")


def plain_numbers(text: str) -> str:
    """Say every number left: "1,500" -> "one thousand five hundred", "-5" -> "minus five", "007" -> "oh oh seven"."""
    text = _AVERAGE.sub(lambda match: serial_number(match.group(1)), text)
    text = _LEADING_ZERO.sub(lambda match: digit_words(match.group(1)), text)
    return _PLAIN.sub(_plain_number, text)


def _plain_number(match: re.Match[str]) -> str:
    """ "-5" -> "minus five"; "20-year-old" -> "twenty year-old"; "5m people" -> "five million people"."""
    sign, digits, hyphen, scale = match.groups()
    spoken = ("minus " if sign else "") + say_number(digits)
    return spoken + (" " if hyphen else "") + (f" {_SCALES[scale.lower()]}" if scale else "")
