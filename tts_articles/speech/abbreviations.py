"""Titles, abbreviations, initialisms, acronyms and Roman numerals -> words (English)."""

import re

from tts_articles.speech.numbers import cardinal, ordinal

# Each dotted abbreviation is expanded and its dot dropped: espeak ends a sentence at
# ". " before a capital, so "Gen. Syrskyi" would be read as two sentences.
TITLES = {
    "Lt. Gen.": "Lieutenant General",
    "Lt. Col.": "Lieutenant Colonel",
    "Lt. Gov.": "Lieutenant Governor",
    "Maj. Gen.": "Major General",
    "Brig. Gen.": "Brigadier General",
    "Rear Adm.": "Rear Admiral",
    "Vice Adm.": "Vice Admiral",
    "Gen.": "General",
    "Col.": "Colonel",
    "Maj.": "Major",
    "Capt.": "Captain",
    "Lt.": "Lieutenant",
    "Sgt.": "Sergeant",
    "Cpl.": "Corporal",
    "Pvt.": "Private",
    "Adm.": "Admiral",
    "Cmdr.": "Commander",
    "Sen.": "Senator",
    "Sens.": "Senators",
    "Rep.": "Representative",
    "Reps.": "Representatives",
    "Gov.": "Governor",
    "Pres.": "President",
    "Amb.": "Ambassador",
    "Atty.": "Attorney",
    "Dr.": "Doctor",
    "Mr.": "Mister",
    "Mrs.": "Missus",
    "Ms.": "Miz",
    "Prof.": "Professor",
    "Rev.": "Reverend",
    "Fr.": "Father",
    "Jr.": "Junior",
    "Sr.": "Senior",
    "Inc.": "Incorporated",
    "Corp.": "Corporation",
    "Ltd.": "Limited",
    "Co.": "Company",
    "Mt.": "Mount",
    "Ave.": "Avenue",
    "Blvd.": "Boulevard",
    "Rd.": "Road",
    "Dept.": "Department",
    "Univ.": "University",
    "vs.": "versus",
    "v.": "versus",
    "approx.": "approximately",
    "etc.": "et cetera",
    "e.g.": "for example",
    "i.e.": "that is",
    "Jan.": "January",
    "Feb.": "February",
    "Mar.": "March",
    "Apr.": "April",
    "Jun.": "June",
    "Jul.": "July",
    "Aug.": "August",
    "Sep.": "September",
    "Sept.": "September",
    "Oct.": "October",
    "Nov.": "November",
    "Dec.": "December",
}
# British style writes these without a dot; expand only before a capitalised name.
_UNDOTTED_TITLES = {
    "Dr": "Doctor",
    "Mr": "Mister",
    "Mrs": "Missus",
    "Ms": "Miz",
    "Gen": "General",
}

# Acronyms espeak already says as words; every other capitalised run is spelled out.
WORD_ACRONYMS = frozenset(
    [
        "NATO",
        "NASA",
        "UNESCO",
        "UNICEF",
        "OPEC",
        "AIDS",
        "COVID",
        "FIFA",
        "UEFA",
        "ASEAN",
        "NAFTA",
        "SWIFT",
        "OSINT",
        "HIMARS",
        "ATACMS",
        "SCALP",
        "IRIS",
        "NASDAQ",
        "LIDAR",
        "RADAR",
        "CERN",
        "FEMA",
        "OSHA",
        "HAMAS",
        "ISIS",
        "ISIL",
        "SEAL",
        "SEALS",
        "NORAD",
        "PACE",
        "MERCOSUR",
        "INTERPOL",
        "EUROPOL",
        "FRONTEX",
        "GUR",
        "SBU",
        "NABU",
        "OPEC",
        "PEN",
        "ACLU",
    ]
)
# Spelled letter names: espeak reads a lone "A" between letters as the article "uh".
_LETTER_NAMES = {"A": "eh"}

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
# Words after which a Roman numeral is a cardinal ("World War Two", "Phase Two").
_CARDINAL_ROMAN_AFTER = frozenset(
    [
        "War",
        "Part",
        "Chapter",
        "Phase",
        "Title",
        "Act",
        "Section",
        "Stage",
        "Volume",
        "Book",
        "Article",
        "Level",
        "Class",
        "Type",
        "Category",
        "Round",
        "Bowl",
        "Apollo",
        "Vatican",
        "Grade",
        "Tier",
        "Schedule",
    ]
)
_MAX_REGNAL = 89

# Capitalised words that start a sentence rather than name a street: "The St. Louis team".
_NOT_STREET_NAMES = frozenset(
    ["The", "In", "On", "At", "From", "To", "Of", "And", "For", "By", "Near", "With"]
)
# How far back to look for the name before "St.": a word is shorter, and a bounded look keeps
# a sentence full of "St." linear.
_LOOK_BEHIND_CHARS = 40
_SAINT_OR_STREET = re.compile(r"(?<![\w.])St\.?(?=\s|$|,)( +(?=[A-Z]))?")
_DOTTED_INITIALISM = re.compile(r"(?<![\w.])((?:[A-Za-z]\.)+[A-Za-z]\.?)(?!\w)")
_INITIAL = re.compile(r"(?<![\w.])([A-Z])\.(?=\s+[A-Z])")
_ROMAN = re.compile(r"\b([A-Z][a-z]+) ([IVXL]{1,7})\b(?!['’]?\w)")
_ACRONYM = re.compile(r"(?<![\w'’-])([A-Z][A-Z&]{1,5})(s|['’]s)?(?![\w'’])")
_LETTERS_DIGITS = re.compile(r"(?<![\w-])([A-Za-z]{1,4})-?(\d+)(?![\w.,]\d|\w)")


def _title_pattern() -> re.Pattern[str]:
    keys = sorted(TITLES, key=len, reverse=True)
    alternatives = "|".join(re.escape(key).replace(r"\ ", r"\s+") for key in keys)
    return re.compile(rf"(?<![\w.])({alternatives})(?=\s|$|[,;:)\"'’”])")


_TITLE = _title_pattern()
_UNDOTTED = re.compile(rf"\b({'|'.join(_UNDOTTED_TITLES)})(?= [A-Z][a-z])")


def spell(letters: str) -> str:
    """Spell a run of capitals letter by letter: "IAEA" -> "I eh E eh"."""
    return " ".join(
        _LETTER_NAMES.get(letter, letter)
        for letter in letters.upper()
        if letter.isalpha()
    )


def expand_titles(text: str) -> str:
    """Expand titles and dotted abbreviations ("Lt. Col.", "Nov.", "vs.") and drop their dots."""
    text = _SAINT_OR_STREET.sub(_saint_or_street, text)
    text = _TITLE.sub(lambda match: TITLES[re.sub(r"\s+", " ", match.group(1))], text)
    return _UNDOTTED.sub(lambda match: _UNDOTTED_TITLES[match.group(1)], text)


def _saint_or_street(match: re.Match[str]) -> str:
    """St. before a name is Saint ("St. Petersburg"); after a name it is Street ("Main St.")."""
    before = match.string[max(0, match.start() - _LOOK_BEHIND_CHARS) : match.start()].rstrip()
    previous = re.search(r"(?:\b[A-Z][a-z]+|\d(?:st|nd|rd|th))$", before)
    after_name = previous is not None and previous.group(0) not in _NOT_STREET_NAMES
    if match.group(1) and not after_name:
        return "Saint "
    if after_name:
        return "Street" + (match.group(1) or "")
    return match.group(0)


def expand_initialisms(text: str) -> str:
    """Say dotted initialisms as letters ("U.S." -> "U S") and drop dots after initials."""
    text = _DOTTED_INITIALISM.sub(lambda match: spell(match.group(1)), text)
    return _INITIAL.sub(r"\1", text)


def roman_numerals(text: str) -> str:
    """Say Roman numerals after names and wars: "World War II" -> "World War Two"."""
    return _ROMAN.sub(_roman_words, text)


def _roman_words(match: re.Match[str]) -> str:
    name, numeral = match.group(1), match.group(2)
    value = _roman_value(numeral)
    if name in _CARDINAL_ROMAN_AFTER and value:
        return f"{name} {cardinal(value).title()}"
    # A lone I, V, X or L is more often a pronoun or a letter ("Malcolm X") than a number.
    if value is None or len(numeral) == 1 or value > _MAX_REGNAL:
        return match.group(0)
    return f"{name} the {ordinal(value).title()}"


def _roman_value(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral, or None ("IIII", "VX")."""
    total = 0
    for index, letter in enumerate(numeral):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total if _to_roman(total) == numeral else None


def _to_roman(value: int) -> str:
    parts = []
    for amount, symbol in (
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, value = divmod(value, amount)
        parts.append(symbol * count)
    return "".join(parts)


def acronyms(text: str) -> str:
    """Spell capitalised runs letter by letter ("IAEA", "POWs" -> "P O W's") unless said as words."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    shouted = len(words) >= 3 and sum(word.isupper() for word in words) * 2 > len(words)
    if shouted:
        return text
    return _ACRONYM.sub(_acronym_words, text)


def _acronym_words(match: re.Match[str]) -> str:
    letters, suffix = match.group(1), match.group(2) or ""
    if letters in WORD_ACRONYMS or "&" in letters and len(letters) > 3:
        return match.group(0)
    # "'s" keeps the letters apart: espeak reads "P O Ws" as "double-u ess".
    return spell(letters) + ("'s" if suffix else "")


def letters_with_digits(text: str) -> str:
    """Say model names and codes: "F-16" -> "F sixteen", "G7" -> "G seven"."""
    return _LETTERS_DIGITS.sub(_letters_digits_words, text)


def _letters_digits_words(match: re.Match[str]) -> str:
    letters, digits = match.group(1), match.group(2)
    spoken_letters = letters
    if letters.isupper() and letters not in WORD_ACRONYMS:
        spoken_letters = spell(letters)
    return f"{spoken_letters} {cardinal(int(digits))}"
