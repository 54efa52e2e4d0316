"""Dates, times, money, measures and plain numbers in display text -> English words."""

import re

from tts_articles.speech.numbers import cardinal, decade, ordinal, parse_number, year

# A number as news copy writes it: "1,500", "12 000" (European groups), "3.5", "2,5".
NUMBER = r"(?:(?<![\d.,])\d{1,3}(?:(?:,|\u00a0|\u202f| )\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.,])\d+(?:[.,]\d+)?(?!\d))"

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_SHORT = {month[:3]: month for month in MONTHS} | {"Sept": "September"}
_MONTH = rf"({'|'.join(MONTHS)}|{'|'.join(_MONTH_SHORT)})\.?"
_LAST_DAY = 31

_MONTH_DAY = re.compile(
    rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s?[-–]\s?(\d{{1,2}})(?:st|nd|rd|th)?)?(?![\d:.,]\d|\w)(?:,?\s+(\d{{4}})\b)?"
)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+(\d{{4}})\b)?")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

_TIME = re.compile(
    r"\b(\d{1,2}):(\d{2})(?!\d)(?:\s?([aApP])\.?\s?[mM]\b\.?)?|\b(\d{1,2})\s?([aApP])\.?\s?[mM](?:\b\.|\b)"
)
_HOURS_PER_DAY = 24

_CURRENCY_NAMES = {
    "US$": ("U S dollar", "U S dollars"),
    "$": ("dollar", "dollars"),
    "€": ("euro", "euros"),
    "£": ("pound", "pounds"),
    "¥": ("yen", "yen"),
    "₽": ("ruble", "rubles"),
    # Respelled: espeak reads "hryvnia" as "aitch-rivnia" (see voices/lexicon/news.toml).
    "₴": ("hrivnya", "hrivnyas"),
    "UAH": ("hrivnya", "hrivnyas"),
    "USD": ("dollar", "dollars"),
    "EUR": ("euro", "euros"),
    "GBP": ("pound", "pounds"),
    "RUB": ("ruble", "rubles"),
}
# Words after an amount that show it is not an adjective: "the $5 in cash", "the $5 was".
_NOT_NOUNS = frozenset(
    [
        "in",
        "of",
        "for",
        "to",
        "from",
        "on",
        "at",
        "by",
        "with",
        "and",
        "or",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "a",
        "an",
        "the",
        "that",
        "which",
        "per",
        "each",
    ]
)
_SCALES = {
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
    "k": "thousand",
    "m": "million",
    "mn": "million",
    "bn": "billion",
    "b": "billion",
    "tn": "trillion",
    "trn": "trillion",
}
_SCALE = rf"(?:[\s-]?({'|'.join(sorted(_SCALES, key=len, reverse=True))})\b)?"
_CURRENCIES = "|".join(map(re.escape, _CURRENCY_NAMES))  # in table order: "US$" is tried before "$"
_CURRENCY_CODES = "|".join(name for name in _CURRENCY_NAMES if name.isalpha())
_SYMBOL_FIRST = re.compile(rf"({_CURRENCIES})\s?({NUMBER}){_SCALE}")
_CODE_AFTER = re.compile(rf"({NUMBER}){_SCALE}\s?({_CURRENCY_CODES})\b")

# (singular, plural); adjectival use takes the singular: "a 155-millimeter shell".
UNITS = {
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"),
    "mph": ("mile per hour", "miles per hour"),
    "m/s": ("meter per second", "meters per second"),
    "km²": ("square kilometer", "square kilometers"),
    "km2": ("square kilometer", "square kilometers"),
    "sq km": ("square kilometer", "square kilometers"),
    "m²": ("square meter", "square meters"),
    "sq mi": ("square mile", "square miles"),
    "km": ("kilometer", "kilometers"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "m": ("meter", "meters"),
    "kg": ("kilogram", "kilograms"),
    "g": ("gram", "grams"),
    "mi": ("mile", "miles"),
    "ft": ("foot", "feet"),
    "lbs": ("pound", "pounds"),
    "lb": ("pound", "pounds"),
    "ha": ("hectare", "hectares"),
    "kWh": ("kilowatt-hour", "kilowatt-hours"),
    "MWh": ("megawatt-hour", "megawatt-hours"),
    "GWh": ("gigawatt-hour", "gigawatt-hours"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "bcm": ("billion cubic meters", "billion cubic meters"),
    "ml": ("milliliter", "milliliters"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
}
# Without a space, "5m" is five million in British copy, not five meters.
_NEEDS_SPACE = frozenset({"m", "g", "mi", "ha"})
_UNIT = re.compile(
    rf"((?:(?<![\w-])-(?=\d))?{NUMBER})(\s|-)?({'|'.join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))})(?![\w/²])"
)
# Nouns after a measure that make it adjectival: "155mm shells", "a 10 km stretch".
_MEASURED_NOUNS = frozenset(
    [
        "shell",
        "shells",
        "round",
        "rounds",
        "gun",
        "guns",
        "howitzer",
        "howitzers",
        "artillery",
        "ammunition",
        "mortar",
        "mortars",
        "rocket",
        "rockets",
        "missile",
        "missiles",
        "cannon",
        "rifle",
        "rifles",
        "bomb",
        "bombs",
        "stretch",
        "radius",
        "zone",
        "buffer",
        "march",
        "journey",
        "trip",
        "race",
        "walk",
        "run",
        "drive",
        "line",
        "front",
        "corridor",
        "pipe",
    ]
)

_YEAR = r"(?:1[1-9]\d\d|20\d\d)"
_YEAR_RANGE = re.compile(
    rf"(?<![\d.,$€£₴])({_YEAR})\s?[-–—]\s?(\d{{4}}|\d{{2}})(?![\d%])"
)
_NUMBER_RANGE = re.compile(rf"({NUMBER})\s?[-–—]\s?({NUMBER})(?![\w%-]|[.,]\d)")
_DECADE = re.compile(r"(?<![\d.,])(1[1-9]\d0|20\d0|[2-9]0)s\b|['’]([0-9]0)s\b")
_BARE_YEAR = re.compile(rf"(?<![\d.,$€£₴-])({_YEAR})(?![\d%]|[.,]\d)")
_PERCENT = re.compile(rf"({NUMBER})\s?%")
_ORDINAL = re.compile(r"(?<![\d.,])(\d+)(?:st|nd|rd|th)\b")
_FRACTION = re.compile(r"(?<![\d./])(\d+)/(\d+)(?![\d/])")
_VULGAR = {"½": (1, 2), "¼": (1, 4), "¾": (3, 4), "⅓": (1, 3), "⅔": (2, 3), "⅛": (1, 8)}
_VULGAR_FRACTION = re.compile(rf"(?:(\d+)\s?)?([{''.join(_VULGAR)}])")
_PLAIN = re.compile(rf"((?<![\w-])-(?=\d))?({NUMBER})")
_MAX_DENOMINATOR = 10


def _say_number(digits: str) -> str:
    return cardinal(parse_number(digits))


def dates(text: str) -> str:
    """Say dates: "Nov. 6" -> "November sixth", "6 November 2024" -> "the sixth of November ..."."""
    text = _ISO_DATE.sub(_iso_date, text)
    text = _MONTH_DAY.sub(_month_day, text)
    return _DAY_MONTH.sub(_day_month, text)


def _month_name(written: str) -> str:
    return _MONTH_SHORT.get(written, written)


def _month_day(match: re.Match[str]) -> str:
    day = int(match.group(2))
    if not 1 <= day <= _LAST_DAY:
        return match.group(0)
    spoken = f"{_month_name(match.group(1))} {ordinal(day)}"
    if match.group(3):
        spoken += f" to {ordinal(int(match.group(3)))}"
    return spoken + (f", {year(int(match.group(4)))}" if match.group(4) else "")


def _day_month(match: re.Match[str]) -> str:
    day = int(match.group(1))
    if not 1 <= day <= _LAST_DAY:
        return match.group(0)
    spoken = f"the {ordinal(day)} of {_month_name(match.group(2))}"
    return spoken + (f" {year(int(match.group(3)))}" if match.group(3) else "")


def _iso_date(match: re.Match[str]) -> str:
    month, day = int(match.group(2)), int(match.group(3))
    if not (1 <= month <= len(MONTHS) and 1 <= day <= _LAST_DAY):
        return match.group(0)
    return f"{MONTHS[month - 1]} {ordinal(day)}, {year(int(match.group(1)))}"


def times(text: str) -> str:
    """Say clock times: "10:00" -> "ten o'clock", "7:05" -> "seven oh five", "5 p.m." -> "five p m"."""
    return _TIME.sub(_time_words, text)


def _time_words(match: re.Match[str]) -> str:
    hour = int(match.group(1) or match.group(4))
    minutes = int(match.group(2) or 0)
    meridiem = (match.group(3) or match.group(5) or "").lower()
    if hour > _HOURS_PER_DAY or minutes >= 60:
        return match.group(0)
    spoken = cardinal(hour)
    if minutes == 0 and not meridiem and match.group(2):
        spoken += " o'clock"
    elif 0 < minutes < 10:
        spoken += f" oh {cardinal(minutes)}"
    elif minutes:
        spoken += f" {cardinal(minutes)}"
    # "eh", not "a": espeak reads a lone "a" as the article.
    return spoken + {"a": " eh m", "p": " p m", "": ""}[meridiem]


def money(text: str) -> str:
    """Say amounts with the unit after them: "$1.5 billion" -> "one point five billion dollars"."""
    text = _SYMBOL_FIRST.sub(
        lambda match: _amount_in(match, match.group(2), match.group(3), match.group(1)),
        text,
    )
    return _CODE_AFTER.sub(
        lambda match: _amount_in(match, match.group(1), match.group(2), match.group(3)),
        text,
    )


def _amount_in(
    match: re.Match[str], digits: str, scale: str | None, currency: str
) -> str:
    """An amount between an article and a noun is adjectival: "a $1.5 billion loan" -> "... dollar loan"."""
    spoken = _amount(digits, scale, currency)
    before = re.search(
        r"\b(?:a|an|the|its|this|that|their)\s+$",
        match.string[: match.start()],
        re.IGNORECASE,
    )
    after = re.match(r"\s+([a-z]+)", match.string[match.end() :])
    if before and after and after.group(1) not in _NOT_NOUNS:
        singular, plural_name = _CURRENCY_NAMES[currency]
        spoken = spoken.removesuffix(plural_name) + singular
    return spoken


def _amount(digits: str, scale: str | None, currency: str) -> str:
    singular, plural_name = _CURRENCY_NAMES[currency]
    value = parse_number(digits)
    if scale:
        return f"{cardinal(value)} {_SCALES[scale.lower()]} {plural_name}"
    whole, cents = int(value), int((value - int(value)) * 100)
    name = singular if whole == 1 else plural_name
    if cents and value == round(value, 2) and currency in ("$", "US$", "USD"):
        return f"{cardinal(whole)} {name} {cardinal(cents)} cents"
    return f"{cardinal(value)} {singular if value == 1 else plural_name}"


def measures(text: str) -> str:
    """Say units and percentages: "5 km" -> "five kilometers", "155mm shells" -> "... millimeter shells"."""
    text = _PERCENT.sub(lambda match: f"{_say_number(match.group(1))} percent", text)
    return _UNIT.sub(_measure_words, text)


def _measure_words(match: re.Match[str]) -> str:
    digits, gap, unit = match.group(1), match.group(2), match.group(3)
    if unit in _NEEDS_SPACE and not gap:
        return match.group(0)
    value = parse_number(digits.replace("−", "-"))
    following = re.match(r"\s+([a-z]+)", match.string[match.end() :])
    adjectival = gap == "-" or bool(following and following.group(1) in _MEASURED_NOUNS)
    singular, plural_name = UNITS[unit]
    name = singular if adjectival or abs(value) == 1 else plural_name
    return f"{cardinal(value)} {name}"


def ranges(text: str) -> str:
    """Say ranges with "to": "2022-2024" -> "twenty twenty-two to twenty twenty-four"."""
    text = _YEAR_RANGE.sub(_year_range, text)
    return _NUMBER_RANGE.sub(
        lambda match: f"{_say_number(match.group(1))} to {_say_number(match.group(2))}", text
    )


def _year_range(match: re.Match[str]) -> str:
    start, end_digits = int(match.group(1)), match.group(2)
    end = (
        int(end_digits)
        if len(end_digits) == 4
        else start // 100 * 100 + int(end_digits)
    )
    if end <= start:
        return match.group(0)
    return f"{year(start)} to {year(end)}"


def years(text: str) -> str:
    """Say years and decades: "1990" -> "nineteen ninety", "the 1990s" -> "the nineteen nineties"."""
    text = _DECADE.sub(
        lambda match: decade(int(match.group(1) or match.group(2))), text
    )
    return _BARE_YEAR.sub(lambda match: year(int(match.group(1))), text)


def ordinals_and_fractions(text: str) -> str:
    """Say "22nd" -> "twenty-second", "3/4" -> "three quarters", "24/7" -> "twenty-four seven"."""
    text = _ORDINAL.sub(lambda match: ordinal(int(match.group(1))), text)
    text = _VULGAR_FRACTION.sub(_vulgar_words, text)
    return _FRACTION.sub(_fraction_words, text)


def _fraction(numerator: int, denominator: int) -> str:
    name = {2: "half", 4: "quarter"}.get(denominator) or ordinal(denominator)
    if numerator != 1:
        name = "halves" if name == "half" else name + "s"
    return (
        f"{cardinal(numerator)} {name}"
        if numerator != 1 or denominator != 2
        else "one half"
    )


def _vulgar_words(match: re.Match[str]) -> str:
    numerator, denominator = _VULGAR[match.group(2)]
    part = _fraction(numerator, denominator)
    if not match.group(1):
        return part
    article = "a half" if denominator == 2 else part.replace("one ", "a ", 1)
    return f"{cardinal(int(match.group(1)))} and {article}"


def _fraction_words(match: re.Match[str]) -> str:
    numerator, denominator = int(match.group(1)), int(match.group(2))
    if 0 < numerator < denominator <= _MAX_DENOMINATOR:
        return _fraction(numerator, denominator)
    # "24/7", "9/11": said as two numbers.
    return f"{cardinal(numerator)} {cardinal(denominator)}"


def plain_numbers(text: str) -> str:
    """Say every number left: "1,500" -> "one thousand five hundred", "-5" -> "minus five"."""
    return _PLAIN.sub(
        lambda match: ("minus " if match.group(1) else "") + _say_number(match.group(2)),
        text,
    )
