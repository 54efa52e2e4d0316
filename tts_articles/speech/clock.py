"""Clock times, race times, scores and dates in display text -> English words."""

import re

from tts_articles.speech.numbers import cardinal, ordinal, year

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
# Every way news copy writes a month, capitals included: "Nov", "Sept", "NOVEMBER".
_MONTH_WRITTEN = {month[:3]: month for month in MONTHS} | {"Sept": "September"} | {month: month for month in MONTHS}
_MONTH_WRITTEN |= {written.upper(): month for written, month in _MONTH_WRITTEN.items()}
_MONTH = rf"({'|'.join(sorted(_MONTH_WRITTEN, key=len, reverse=True))})\b\.?"
_LAST_DAY = 31
_HOURS_PER_DAY = 24
_MINUTES_PER_HOUR = 60

# Regions whose numeric dates put the month first ("12/23/2022"); the rest of the English
# speaking world writes the day first. A bare "en" follows the voice, which is American.
_MONTH_FIRST_REGIONS = frozenset({"", "us", "ph"})

_MONTH_DAY = re.compile(
    rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s?[-–]\s?(\d{{1,2}})(?:st|nd|rd|th)?)?(?![\d:.,]\d|\w)(?:,?\s+(\d{{4}})\b)?"
)
_MONTH_DAY_RANGE = re.compile(rf"(\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)\s?[-–]\s?(?={_MONTH}\s+\d)")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+(\d{{4}})\b)?")

_MERIDIEM = r"(?:\s?([aApP])\.?\s?[mM]\b\.?)"
TIME_ZONES = r"(?:[ECMP][SD]?T|UTC|GMT|BST|CES?T|EES?T|MSK|ET|PT|CT|(?:Kyiv|Moscow|local|London|Washington) time)"
"""Zones that follow a clock time: "10.00 GMT" is a time, "at 9 a.m. EST" one sentence."""
_CLOCK_TIMES = (
    re.compile(rf"\b(\d{{1,2}}):(\d{{2}})(?![\d:]){_MERIDIEM}?"),
    re.compile(rf"\b(\d{{1,2}})\.(\d{{2}}){_MERIDIEM}"),
    re.compile(rf"\b(\d{{1,2}})\.(\d{{2}})()(?=\s{TIME_ZONES}\b)"),
    re.compile(rf"\b(\d{{1,2}})(){_MERIDIEM}"),
)
_RACE_TIME = re.compile(r"(?<![\d:.])(?:(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?|()(\d{1,2}):(\d{2})\.(\d{1,3}))(?![\d:])")
_SCORE = re.compile(r"(?<![\d:.,])(\d{1,2}):(\d)(?![\d:])")


def times(text: str) -> str:
    """Say clock and race times and scores.

    "10:00" -> "ten o'clock", "2.30pm" -> "two thirty p m", "2:05:30" -> "two hours five
    minutes and thirty seconds", "won 2:1" -> "two to one".
    """
    text = _RACE_TIME.sub(_race_time_words, text)
    for pattern in _CLOCK_TIMES:
        text = pattern.sub(_time_words, text)
    return _SCORE.sub(lambda match: f"{cardinal(int(match.group(1)))} to {cardinal(int(match.group(2)))}", text)


def _time_words(match: re.Match[str]) -> str:
    hour, minute_digits, meridiem = int(match.group(1)), match.group(2), (match.group(3) or "").lower()
    minutes = int(minute_digits or 0)
    if minutes >= _MINUTES_PER_HOUR or (meridiem and not 0 < hour <= 12):
        return match.group(0)
    if hour > _HOURS_PER_DAY:  # "28:54" for a 10 km run: minutes and seconds, said as two numbers
        return f"{cardinal(hour)} {_minute_words(minutes)}"
    if hour in (0, _HOURS_PER_DAY) and minutes == 0 and not meridiem:
        return "midnight"
    spoken = cardinal(hour)
    if minutes == 0 and not meridiem and minute_digits:
        spoken += " hundred" if hour > 12 else " o'clock"  # "23:00": "twenty three hundred"
    elif minutes:
        spoken += f" {_minute_words(minutes)}"
    # "eh", not "a": espeak reads a lone "a" as the article.
    return spoken + {"a": " eh m", "p": " p m", "": ""}[meridiem]


def _minute_words(minutes: int) -> str:
    return f"oh {cardinal(minutes)}" if minutes < 10 else cardinal(minutes)


def _race_time_words(match: re.Match[str]) -> str:
    """ "2:05:30" or "3:43.13": hours (if any), minutes and seconds, each with its unit."""
    hours = match.group(1) or "0"
    minutes = int(match.group(2) or match.group(6))
    seconds = int(match.group(3) or match.group(7))
    fraction = match.group(4) or match.group(8)
    if seconds >= _MINUTES_PER_HOUR or (minutes >= _MINUTES_PER_HOUR and int(hours)):
        return match.group(0)
    parts = [_counted(int(hours), "hour")] if int(hours) else []
    if minutes:
        parts.append(_counted(minutes, "minute"))
    second_words = cardinal(seconds) + (" point " + " ".join(cardinal(int(digit)) for digit in fraction) if fraction else "")
    parts.append(f"{second_words} {'second' if second_words == 'one' else 'seconds'}")
    return " ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]


def _counted(value: int, unit: str) -> str:
    return f"{cardinal(value)} {unit}{'' if value == 1 else 's'}"


def dates(text: str, language: str = "en") -> str:
    """Say dates: "Nov. 6" -> "November sixth", "12/23/2022" -> "December twenty third, twenty twenty two".

    Numeric dates follow the convention of `language` ("en-US" month first, "en-GB" day first).
    """
    text = _ISO_DATE.sub(_iso_date, text)
    month_first = _region(language) in _MONTH_FIRST_REGIONS
    text = _NUMERIC_DATE.sub(lambda match: _numeric_date(match, month_first), text)
    text = _MONTH_DAY_RANGE.sub(r"\1 to ", text)
    text = _MONTH_DAY.sub(_month_day, text)
    return _DAY_MONTH.sub(_day_month, text)


def _region(language: str) -> str:
    _, _, region = language.replace("_", "-").partition("-")
    return region.lower()


def _month_day(match: re.Match[str]) -> str:
    day = int(match.group(2))
    if not 1 <= day <= _LAST_DAY:
        return match.group(0)
    spoken = f"{_MONTH_WRITTEN[match.group(1)]} {ordinal(day)}"
    if match.group(3):
        spoken += f" to {ordinal(int(match.group(3)))}"
    return spoken + (f", {year(int(match.group(4)))}" if match.group(4) else "")


def _day_month(match: re.Match[str]) -> str:
    day = int(match.group(1))
    if not 1 <= day <= _LAST_DAY:
        return match.group(0)
    spoken = f"the {ordinal(day)} of {_MONTH_WRITTEN[match.group(2)]}"
    return spoken + (f" {year(int(match.group(3)))}" if match.group(3) else "")


_ISO_DATE = re.compile(r"(?<![\d.,/-])(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?![\d./-]?\d)")
_NUMERIC_DATE = re.compile(r"(?<![\d.,/-])(\d{1,2})([-./])(\d{1,2})\2(\d{4}|\d{2})(?![\d./-]?\d)")


def _iso_date(match: re.Match[str]) -> str:
    return _said_date(int(match.group(1)), int(match.group(3)), int(match.group(4)), month_first=True) or match.group(0)


def _numeric_date(match: re.Match[str], month_first: bool) -> str:
    first, second, digits = int(match.group(1)), int(match.group(3)), match.group(4)
    full_year = int(digits) if len(digits) == 4 else 2000 + int(digits)
    if match.group(2) == "." or first > len(MONTHS):
        month_first = False  # dotted dates are European; a first number over 12 is a day
    elif second > len(MONTHS):
        month_first = True
    month, day = (first, second) if month_first else (second, first)
    if len(digits) == 2 and match.group(2) != "/":
        return match.group(0)  # "3-4-25" is more likely a score or a code than a date
    return _said_date(full_year, month, day, month_first) or match.group(0)


def _said_date(year_value: int, month: int, day: int, month_first: bool) -> str | None:
    if not (1 <= month <= len(MONTHS) and 1 <= day <= _LAST_DAY):
        return None
    if month_first:
        return f"{MONTHS[month - 1]} {ordinal(day)}, {year(year_value)}"
    return f"the {ordinal(day)} of {MONTHS[month - 1]} {year(year_value)}"
