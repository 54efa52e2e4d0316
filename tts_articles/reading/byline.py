"""Bylines and date lines as printed on a page -> authors and an ISO 8601 date."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Hand-written rather than dateparser's search_dates: that finds "dates" in ordinary words
# ("may", "sat", "2 min") and we only need the handful of forms news pages print in bylines.
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS_ABROAD = {
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
"""Month names as other languages print them in date lines ("3 marzo 2024", "3. März 2024", "3 de março de 2024")."""
_FOREIGN_MONTH_NUMBERS = {
    name: number for names in _MONTHS_ABROAD.values() for number, name in enumerate(names.split(), start=1)
}
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    re.compile(rf"\b{_YEAR}-(?P<month_number>[01]\d)-(?P<day>[0-3]\d)(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?", re.IGNORECASE),
    re.compile(rf"\b{_MONTH} {_DAY},? {_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY} (?:of )?{_MONTH},? {_YEAR}\b", re.IGNORECASE),
    re.compile(
        rf"\b{_DAY}\.? (?:de )?(?P<foreign_month>{'|'.join(sorted(_FOREIGN_MONTH_NUMBERS, key=len, reverse=True))})"
        rf"(?: de)?,? {_YEAR}\b",
        re.IGNORECASE,
    ),
    # US sites print "01/16/2024"; read month first unless the first number cannot be a month.
    re.compile(rf"\b(?P<first>[0-3]?\d)/(?P<second>[0-3]?\d)/{_YEAR}\b"),
)
_TIME = re.compile(
    r"\b(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)(?: ?(?P<half>[ap])\.? ?m\b\.?)?"
    r"(?: ?(?:[A-Z]{2,4}|UTC[+-]\d+|GMT[+-]\d+))?",
    re.IGNORECASE,
)
_TIME_WINDOW_CHARS = 30
"""How far from a date a time of day may be printed ("Updated 3:15 PM EST, March 3, 2024")."""

_LABELS = re.compile(
    r"\b(first published|last updated|published|updated|posted|modified|on|at|date|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b\.?:?",
    re.IGNORECASE,
)
_READING_TIME = re.compile(r"\b\d+ ?(min|mins|minute|minutes) (read|listen)\b", re.IGNORECASE)
_BY = re.compile(r"^(?:(?:written|words|story|posted|text|photos and words) )?by:? (?=\S)|^(?:authors?|words|text|reporter|writer): ?(?=\S)", re.IGNORECASE)
_RELATIVE_TIME = re.compile(r"\b\d+ (seconds?|mins?|minutes?|hours?|hrs?|days?) ago\b", re.IGNORECASE)
_ROLE_WORDS = (
    r"(?:editor|correspondent|reporter|writer|columnist|contributor|producer|journalist|lecturer|professor|"
    r"fellow|researcher|scientist|economist|analyst|director|candidate)"
)
_NAME_AND_ROLE = re.compile(
    rf"^(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){{1,2}}?),? (?P<role>(?:[A-Za-z]+ ){{0,3}}{_ROLE_WORDS})$"
)
_ROLE_LINE = re.compile(
    rf"^(?:[\w&'’-]+ ){{0,5}}{_ROLE_WORDS}(?: (?:of|in|at|for) [\w&'’ -]{{2,60}})?(?:, [\w&'’ .-]{{2,60}})?$", re.IGNORECASE
)
"""What an author does, under the name: "Lecturer in Environmental Science, University of Galway"."""
_ORGANISATION_WORDS = frozenset(
    [
        "post", "times", "news", "daily", "gazette", "journal", "herald", "independent", "press", "media",
        "tribune", "guardian", "telegraph", "review", "magazine", "agency", "reuters", "bbc", "cnn", "group",
        "network", "radio", "tv", "online", "digital", "weekly",
    ]
)
_INNER_BY = re.compile(r"\bby:? (?=[A-Z])")
_NAME_SEPARATORS = re.compile(r",|;|\||·|•| and | & | with ", re.IGNORECASE)
_ROLE = re.compile(
    r"^(staff|staff (writer|reporter)|(senior |chief |foreign |political |deputy |special |white house |"
    r"washington |business |science |health )?(correspondent|reporter|editor|writer|producer)|"
    r"contributor|columnist|freelance( journalist)?|for .+|in .+)$",
    re.IGNORECASE,
)
_DESK = re.compile(r"^(?P<name>.+?) (news desk|newsroom|desk|staff|editorial board|editors|team)$", re.IGNORECASE)
_NOT_NAMES = frozenset(
    [
        "the", "a", "an", "this", "that", "then", "now", "early", "late", "mid", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december", "christmas",
        "tonight", "today", "tomorrow", "yesterday", "noon", "midnight",
    ]
)
_MAX_NAME_WORDS = 6
_MAX_BYLINE_WORDS = 30
_NAME_PARTICLES = frozenset(
    [
        "de", "da", "di", "del", "della", "dos", "du", "la", "le", "van", "von", "der", "den", "ten", "bin",
        "binti", "al", "el", "ibn", "y", "ní", "nic", "mac", "ó",
    ]
)
"""Lower-case words inside a person's name: "Ursula von der Leyen", "Siobhán ní Bhriain"."""
_NOT_NAME_WORDS = frozenset(
    [
        "key", "points", "breaking", "live", "updates", "news", "latest", "top", "story", "stories", "more",
        "related", "watch", "video", "photos", "gallery", "opinion", "analysis", "editorial", "exclusive",
        "explainer", "sponsored", "share", "follow", "listen", "read", "menu", "search", "subscribe", "home",
    ]
)
"""Words of labels and kickers that look like names when capitalised ("Key Points", "Live Updates")."""
_MAX_LABEL_WORDS = 3
_PERSON_WORDS = (2, 4)
"""A bare line taken for a person's name has two to four words; one word is a section or a brand."""
_AFFILIATION = re.compile(r"\s*\([^)]*\)")
"""An outlet or place in brackets after a name: "Marisol Gutiérrez (KSAT12)"."""


@dataclass(frozen=True)
class Byline:
    """What one byline or date line says."""

    authors: tuple[str, ...] = ()
    published: str | None = None
    """"2024-11-06" or "2024-11-06T19:34", as printed (no time-zone conversion)."""


def parse_byline(text: str, bare_names: bool = False) -> Byline | None:
    """Read authors and a date from a byline ("By A and B, Nov. 6, 2024 7:34 PM").

    Args:
        text: one line of page text.
        bare_names: also accept names with no "By" when the line carries a date
            ("Jane Doe | March 3, 2024"); only safe near the headline.
    Returns:
        None when the line is not a byline or a date line.
    """
    if len(text.split()) > _MAX_BYLINE_WORDS or not text.strip():
        return None
    published, residue = _take_date(text)
    residue = _RELATIVE_TIME.sub(" ", _READING_TIME.sub(" ", residue))
    role = _NAME_AND_ROLE.match(residue.strip()) if bare_names else None
    if role and _looks_like_name(role["name"]) and not is_organisation(role["name"]):
        return Byline((role["name"],), published)
    names_text = _names_part(residue, bare_names and published is not None)
    if names_text is not None and not _BY.match(residue.strip(" ,;|·•—–-:")) and _bare_and_unlike_names(names_text):
        # "Mar 12, 2024 - Economy": a date beside a section label, not beside a name.
        return Byline((), published) if len(names_text.split()) <= _MAX_LABEL_WORDS else None
    if names_text is None:
        if published and _is_leftover(residue):
            return Byline((), published)
        return None
    authors = _split_names(names_text)
    if authors is None:
        return None
    return Byline(authors, published)


def split_authors(value: object) -> tuple[str, ...]:
    """The names in an author field: a list, or one string with names joined by "; " as trafilatura writes it."""
    if not value:
        return ()
    names = value.split(";") if isinstance(value, str) else value if isinstance(value, (list, tuple)) else [value]
    return tuple(str(name).strip() for name in names if str(name).strip())


def is_role_line(text: str) -> bool:
    """True for a line that only says what the author does: "BBC Scotland environment correspondent"."""
    return bool(_ROLE_LINE.match(text.strip()))


def is_person_name(text: str) -> bool:
    """True for a line that is only a person's name ("Emily Peck"), with no "By" before it."""
    words = text.split()
    if not _PERSON_WORDS[0] <= len(words) <= _PERSON_WORDS[1] or is_organisation(text):
        return False
    if any(word.lower() in _NOT_NAME_WORDS for word in words):
        return False
    if words[0].lower() in _NOT_NAMES or not re.fullmatch(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)*", text):
        return False
    return all(word[0].isupper() or word.lower() in _NAME_PARTICLES for word in words)


def is_organisation(name: str) -> bool:
    """True when a name has a word that names a publication ("Kyiv Post"), not a person."""
    return any(word.lower() in _ORGANISATION_WORDS for word in name.split())


def find_date(text: str) -> str | None:
    """Return the first date in `text` as ISO 8601, with the time of day when printed beside it."""
    return _take_date(text)[0]


def desk_publisher(author: str) -> str | None:
    """Return "The Kyiv Independent" for an author "The Kyiv Independent news desk"."""
    match = _DESK.match(author)
    return match.group("name") if match else None


def _take_date(text: str) -> tuple[str | None, str]:
    """Return the first date (ISO) and the text with every date and time removed."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            break
    else:
        return None, text
    day = _iso_day(match)
    if day is None:
        return None, text
    time_match = _nearby_time(text, match)
    iso = day
    if match.groupdict().get("hour"):
        iso = f"{day}T{match['hour']}:{match['minute']}"
    elif time_match:
        iso = f"{day}T{_clock(time_match)}"
    residue = pattern.sub(" ", text)
    residue = _TIME.sub(" ", residue) if time_match else residue
    return iso, residue


def _iso_day(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("first"):
        first, second = int(groups["first"]), int(groups["second"])
        month, day = (second, first) if first > 12 else (first, second)
        return f"{groups['year']}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
    if groups.get("month_number"):
        month = int(groups["month_number"])
    elif groups.get("foreign_month"):
        month = _FOREIGN_MONTH_NUMBERS[groups["foreign_month"].lower()]
    else:
        month = _MONTH_NUMBERS[groups["month"].lower()[:3]]
    day = int(groups["day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{groups['year']}-{month:02d}-{day:02d}"


_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}


def _nearby_time(text: str, date: re.Match[str]) -> re.Match[str] | None:
    after = _TIME.search(text, date.end(), date.end() + _TIME_WINDOW_CHARS)
    if after and _valid_clock(after):
        return after
    start = max(0, date.start() - _TIME_WINDOW_CHARS)
    before = [m for m in _TIME.finditer(text, start, date.start()) if _valid_clock(m)]
    return before[-1] if before else None


def _valid_clock(match: re.Match[str]) -> bool:
    hour = int(match["hour"])
    limit = 12 if match["half"] else 23
    return hour <= limit


def _clock(match: re.Match[str]) -> str:
    hour = int(match["hour"])
    half = (match["half"] or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{match['minute']}"


def _names_part(residue: str, bare_names: bool) -> str | None:
    """The part of a byline that names people, or None when there is none."""
    text = _LABELS.sub(" ", residue) if bare_names else residue
    text = " ".join(text.split()).strip(" ,;|·•—–-:")
    match = _BY.match(text)
    if match:
        return text[match.end():]
    inner = _INNER_BY.search(text)
    if inner and _is_leftover(text[: inner.start()]):
        return text[inner.end():]
    if bare_names and text:
        return text
    return None


def _bare_and_unlike_names(text: str) -> bool:
    """True when a date line's other words ("Economy", "Nation/World") name no person."""
    parts = [part.strip(" .,:-–—") for part in _NAME_SEPARATORS.split(_LABELS.sub(" ", text))]
    return not any(is_person_name(part) for part in parts if part)


def _split_names(text: str) -> tuple[str, ...] | None:
    names: list[str] = []
    for part in _NAME_SEPARATORS.split(_LABELS.sub(" ", text) if _ends_in_label(text) else text):
        name = " ".join(_AFFILIATION.sub(" ", part).split()).strip(" .,:-–—")
        if not name or _ROLE.match(name) or (names and _is_outlet(name)):
            continue
        if not _looks_like_name(name):
            return None
        names.append(name.title() if name.isupper() and len(name) > 3 else name)
    return tuple(names) or None


def _is_outlet(name: str) -> bool:
    """One word after a name is the outlet, not a second author: "Rachel Ramirez, CNN"."""
    return len(name.split()) == 1 and (name.isupper() or is_organisation(name))


def _ends_in_label(text: str) -> bool:
    return bool(re.search(r"\b(published|updated|posted|on|at)\W*$", text, re.IGNORECASE))


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= _MAX_NAME_WORDS or re.search(r"\d|[.!?]$", name):
        return False
    if words[0].lower() in _NOT_NAMES and not _DESK.match(name):
        return False
    return words[0][:1].isupper() and sum(word[:1].isupper() for word in words) * 2 >= len(words)


def _is_leftover(text: str) -> bool:
    """True when only labels, time zones and separators remain."""
    rest = _LABELS.sub(" ", text)
    rest = re.sub(r"\b([A-Z]{2,4}|UTC|GMT)\b|[\W_]+", " ", rest)
    return not rest.split()
