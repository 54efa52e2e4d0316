"""Titles, abbreviations, initialisms, acronyms and Roman numerals -> words (English)."""

import re

from tts_articles.speech.numbers import cardinal, ordinal
from tts_articles.speech.tables import spoken_table

# Each dotted abbreviation is expanded and its dot dropped: espeak ends a sentence at
# ". " before a capital, so "Gen. Syrskyi" would be read as two sentences.
TITLES = spoken_table("""
Lt. Gen. | Lieutenant General
Lt. Col. | Lieutenant Colonel
Lt. Gov. | Lieutenant Governor
Maj. Gen. | Major General
Brig. Gen. | Brigadier General
Rear Adm. | Rear Admiral
Vice Adm. | Vice Admiral
Gen. | General
Col. | Colonel
Maj. | Major
Capt. | Captain
Lt. | Lieutenant
Sgt. | Sergeant
Cpl. | Corporal
Pvt. | Private
Adm. | Admiral
Cmdr. | Commander
Sen. | Senator
Sens. | Senators
Rep. | Representative
Reps. | Representatives
Gov. | Governor
Pres. | President
Amb. | Ambassador
Atty. | Attorney
Dr. | Doctor
Mr. | Mister
Mrs. | Missus
Ms. | Miz
Prof. | Professor
Rev. | Reverend
Rt. Hon. | Right Honorable
Rt. Rev. | Right Reverend
Fr. | Father
Jr. | Junior
Sr. | Senior
Inc. | Incorporated
Corp. | Corporation
Ltd. | Limited
Co. | Company
Mt. | Mount
Ave. | Avenue
Blvd. | Boulevard
Rd. | Road
Dept. | Department
Univ. | University
vs. | versus
v. | versus
approx. | approximately
etc. | et cetera
e.g. | for example
i.e. | that is
Jan. | January
Feb. | February
Mar. | March
Apr. | April
Jun. | June
Jul. | July
Aug. | August
Sep. | September
Sept. | September
Oct. | October
Nov. | November
Dec. | December
Ph.D. | P H D
Hon. | Honorable
Messrs. | Messieurs
Ln. | Lane
Hwy. | Highway
Pkwy. | Parkway
Sq. | Square
Gov't | Government
JAN. | January
FEB. | February
MAR. | March
APR. | April
JUN. | June
JUL. | July
AUG. | August
SEP. | September
SEPT. | September
OCT. | October
NOV. | November
DEC. | December
""")
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
    """NATO NASA UNESCO UNICEF OPEC AIDS COVID FIFA UEFA ASEAN NAFTA SWIFT OSINT HIMARS ATACMS SCALP IRIS NASDAQ
    LIDAR RADAR CERN FEMA OSHA HAMAS ISIS ISIL SEAL SEALS NORAD PACE MERCOSUR INTERPOL EUROPOL FRONTEX GUR
    SBU NABU PEN ACLU MAGA SARS MERS BRICS DARPA NASCAR SIPRI ACLED ERCOT NEOM GAZPROM""".split()
)
# Spelled letter names: espeak reads a lone "A" between letters as the article "uh".
_LETTER_NAMES = {"A": "eh"}

# Acronyms a reader spells although they could be said: "USAID" is "U S aid".
SPELLED_ACRONYMS = frozenset("USAID OSCE IAEA OHCHR UNHCR UNDP UNSC NSDC".split())
_MIN_WORD_LETTERS = 5
_MIN_SHOUTED_WORDS = 2
_CAPITALS = re.compile(r"(?<![\w'’])[A-Z]{2,}(?:['’]S\b)?\b\.?")
# Short words an all-capitals heading spells out in full; other short capitals are acronyms.
_SHORT_WORDS = frozenset(
    """A AN THE AND OR OF TO IN ON AT BY FOR IS AS IT ITS BE HE WE ME MY NO NOT NEW WAR SAY SAYS SET TOP BIG ALL OUT UP
    OFF OLD HOW WHY WHO BUT WAS HAS HAD CAN MAY ONE TWO SIX TEN DAY WIN WON GET GOT HIT KEY LAW OIL GAS AID ARMY NOW
    YET END LIVE NEWS PART WITH FROM OVER INTO THAN THAT THIS WILL BACK CITY DEAL TALK TIME YEAR WEEK HELP PLAN JUST""".split()
)
_MONTH_ABBREVIATIONS = frozenset("JAN FEB MAR APR JUN JUL AUG SEP SEPT OCT NOV DEC".split())
_ONSETS = frozenset(
    """ b c d f g h j k l m n p q r s t v w x z bl br ch cl cr dr fl fr gl gr kn kr ph pl pr qu sc sh sk sl sm sn sp st sw th
    tr tw wh wr sch scr shr spl spr str thr squ""".split()
) | {""}
_CODAS = frozenset(
    """ b c d f g h k l m n p r s t v w x z ck ct ft ld lf lk lm lp lt mp nd ng nk ns nt pt rb rd rf rg rk rl rm rn rp rs rt
    sh sk sp st th ch tch ts ds ks ls ms ps gs rst nts nds rts rks lts sts cks ngs nch rch rth gn mb ght nth""".split()
) | {""}

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
# Words after which a Roman numeral is a cardinal ("World War Two", "Phase Two").
_CARDINAL_ROMAN_AFTER = frozenset(
    "War Part Chapter Phase Title Act Section Stage Volume Book Article Level Class Type Category Round Bowl Apollo Vatican Grade Tier Schedule".split()
)
_MAX_REGNAL = 89

# Capitalised words that start a sentence rather than name a street: "The St. Louis team".
_NOT_STREET_NAMES = frozenset(
    ["The", "In", "On", "At", "From", "To", "Of", "And", "For", "By", "Near", "With"]
)
DAYS = spoken_table("""
Mon | Monday
Tue | Tuesday
Tues | Tuesday
Wed | Wednesday
Thu | Thursday
Thur | Thursday
Thurs | Thursday
Fri | Friday
Sat | Saturday
Sun | Sunday
""")
_DAY_NAMES = "|".join(sorted(DAYS, key=len, reverse=True))
_DAY_RANGE = re.compile(rf"\b({_DAY_NAMES})\.?\s?[-–]\s?({_DAY_NAMES})\b\.?")
# A lone "Sun." or "Sat." is a day only before a date or a time: "Fri., Jan. 5", "Sat. 10 a.m.".
_DAY = re.compile(rf"\b({_DAY_NAMES})\.(?=,?\s+(?:\d|[A-Z][a-z]{{2}}\.?\s+\d))")
# Street types written without a dot after a street name: "Main St", "Fifth Ave NW".
STREETS = spoken_table("""
Ave | Avenue
Blvd | Boulevard
Rd | Road
Ln | Lane
Hwy | Highway
Pkwy | Parkway
Dr | Drive
Ct | Court
Pl | Place
Sq | Square
""")
_DIRECTIONS = {"NW": "Northwest", "NE": "Northeast", "SW": "Southwest", "SE": "Southeast"}
_STREET = re.compile(rf"(?<= )({'|'.join(STREETS)})\b(?!\.|\s[A-Z][a-z])(?:\s({'|'.join(_DIRECTIONS)})\b)?")
# How far back to look for the name before "St.": a word is shorter, and a bounded look keeps
# a sentence full of "St." linear.
_LOOK_BEHIND_CHARS = 40
_SAINT_OR_STREET = re.compile(r"(?<![\w.])St\.?(?=\s|$|,)( +(?=[A-Z]))?")
_DOTTED_INITIALISM = re.compile(r"(?<![\w.])((?:[A-Za-z]\.)+[A-Za-z]\.?)(?!\w)")
_INITIAL = re.compile(r"(?<![\w.])([A-Z])\.(?=\s+[A-Z])")
_ROMAN = re.compile(r"\b([A-Z][a-z]+) ([IVXL]{1,7})\b(?!['’]?\w)")
_ACRONYM = re.compile(r"(?<![\w'’-])([A-Z][A-Z&]{1,5})(s|['’]s)?(?![\w'’])")


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
    text = _DAY_RANGE.sub(lambda match: f"{DAYS[match.group(1)]} to {DAYS[match.group(2)]}", text)
    text = _DAY.sub(lambda match: DAYS[match.group(1)], text)
    text = _SAINT_OR_STREET.sub(_saint_or_street, text)
    text = _STREET.sub(_street, text)
    text = _TITLE.sub(lambda match: TITLES[re.sub(r"\s+", " ", match.group(1))], text)
    return _UNDOTTED.sub(lambda match: _UNDOTTED_TITLES[match.group(1)], text)


def _saint_or_street(match: re.Match[str]) -> str:
    """St. before a name is Saint ("St. Petersburg"); after a name it is Street ("Main St.")."""
    after_name = _after_name(match)
    if match.group(1) and not after_name:
        return "Saint "
    if after_name:
        return "Street" + (match.group(1) or "")
    return match.group(0)


def _street(match: re.Match[str]) -> str:
    """ "Main St", "Fifth Ave NW": a street type after a name; elsewhere "Dr" or "Ct" is left alone."""
    if not _after_name(match):
        return match.group(0)
    direction = f" {_DIRECTIONS[match.group(2)]}" if match.group(2) else ""
    return STREETS[match.group(1)] + direction


def _after_name(match: re.Match[str]) -> bool:
    before = match.string[max(0, match.start() - _LOOK_BEHIND_CHARS) : match.start()].rstrip()
    previous = re.search(r"(?:\b[A-Z][a-z]+|\d(?:st|nd|rd|th))$", before)
    return previous is not None and previous.group(0) not in _NOT_STREET_NAMES


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
    return _ACRONYM.sub(_acronym_words, text)


def _acronym_words(match: re.Match[str]) -> str:
    letters, suffix = match.group(1), match.group(2) or ""
    if letters in WORD_ACRONYMS or "&" in letters and len(letters) > 3 or _reads_as_word(letters):
        return match.group(0)
    # "'s" keeps the letters apart: espeak reads "P O Ws" as "double-u ess".
    return spell(letters) + ("'s" if suffix else "")


def shouted_words(text: str) -> str:
    """In an all-capitals heading, write words in title case so they are read as words.

    "PART XL" -> "Part XL" (then "Part Forty"), "JAN. 15 2020" -> "Jan. 15 2020"; acronyms,
    Roman numerals and unpronounceable runs ("FBI", "NAACP") keep their capitals.
    """
    words = re.findall(r"[A-Za-z]{2,}", text)
    if len(words) < _MIN_SHOUTED_WORDS or sum(word.isupper() for word in words) * 2 <= len(words):
        return text
    return _CAPITALS.sub(lambda match: _heading_word(match.group(0)), text)


def _heading_word(word: str) -> str:
    letters = re.sub(r"['’]S$", "", word.rstrip("."))
    spoken_as_word = len(letters) > 3 and letters not in SPELLED_ACRONYMS and _pronounceable(letters)
    if letters not in WORD_ACRONYMS and (letters in _SHORT_WORDS or letters in _MONTH_ABBREVIATIONS or spoken_as_word):
        return word.capitalize().replace("'S", "'s").replace("’S", "’s")
    return word


def _reads_as_word(letters: str) -> bool:
    """True for capitals a reader says as a word ("UPDATE", "BRICS"), not letter by letter ("NAACP").

    Four letters or fewer are too often acronyms ("OSCE", "IAEA"); longer runs are words when
    they start, join and end their syllables the way English words do.
    """
    return len(letters) >= _MIN_WORD_LETTERS and letters not in SPELLED_ACRONYMS and _pronounceable(letters)


def _pronounceable(letters: str) -> bool:
    # Doubled letters say one sound ("STALLS"); a plural s may follow any ending.
    word = re.sub(r"(.)\1", r"\1", letters.lower())
    word = word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word
    if not re.search("[aeiouy]", word):
        return False
    onset = re.match("[^aeiouy]*", word)
    coda = re.search("[^aeiouy]*$", word)
    clusters = re.findall("[^aeiouy]+", word)
    return (
        (onset is None or onset.group(0) in _ONSETS)
        and (coda is None or coda.group(0) in _CODAS)
        and all(len(cluster) <= 3 for cluster in clusters)
    )
