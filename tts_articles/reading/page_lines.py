"""Raw page text -> judged lines: furniture, bylines, and the rules that read a line by its neighbours."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tts_articles.reading.byline import Byline, find_date, is_person_name, is_role_line, parse_byline
from tts_articles.reading.furniture import READER_COMMENT, Verdict, judge_line

MIN_PARAGRAPH_WORDS = 6
HEADER_LINES = 40
"""Bylines without "By" are only believed this near the top of the page."""
HARD_WRAP_MIN_CHARS = 50
HARD_WRAP_MAX_CHARS = 100
HARD_WRAP_SPREAD_CHARS = 30
"""Rows of similar length between 50 and 100 characters that break mid-sentence were
wrapped by a text editor (72 or 80 columns), not split by the page."""
SENTENCE_END = re.compile(r"[.!?…:;。！？｡।؟][\"”’')\]]*$|[\"”’]$")
_CAPTION_LABEL = re.compile(
    r"^((image|photo|picture|video)? ?caption[,:]?|enlarge this image|(hide|toggle) caption|((image|photo|picture|slide) )?\d+ ?(of|/|of /) ?\d+)$",
    re.IGNORECASE,
)
"""A line that says the next line is a caption: "Image caption,", NPR's "Enlarge this image", "2 of 6"."""
_CONTEXT_CAPTION = Verdict("photo caption", 0.0)
MAX_CREDIT_WORDS = 6
"""A short line under a caption found by its label is the photographer's credit ("Emily Kask for NPR")."""
_AUTHORS_LABEL = re.compile(r"^(the )?(authors?|about the authors?|contributors?):?$", re.IGNORECASE)
_LABEL_REASONS = ("distributor label", "disclosure statement")
MAX_LABEL_WORDS = 3
"""The line under a short label ("News provided by", "Disclosure statement") belongs to it."""
_INLINE_BOX_HEADING = re.compile(
    r"^(related|recommended|see also|also read|read also|more on this|more from|in case you missed)", re.IGNORECASE
)
"""Boxes set inside a story; "Read next" or "Most read" boxes start the next page, not a break."""
MAX_BOX_LINES = 8
"""A "Related" box set inside a story lists at most this many teaser lines before the story goes on."""
BOX_RESUME_LINES = 2
BOX_RESUME_WINDOW = 4
"""...and is believed to be inside the story only when a full paragraph (not a teaser's question)
follows it, and this many stand among the lines after it (a subheading or an embedded post may sit between)."""
MAX_META_LINE_WORDS = 16
"""A dated line this short with no sentence end is page metadata (a date line, a byline with a time)."""
_NUMERIC_DATE_OR_CLOCK = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2} ?([ap]\.?m\.?|[AP]M)\b")
MIN_LEAD_IN_WORDS = 5
MIN_NUMBERED_ITEMS = 3
NUMBERED_ITEM = re.compile(r"^(\d{1,3})(?:[.)]|ª|º|a|o|st|nd|rd|th) +\S")
"""A numbered item: "1) ...", "2. ...", or an ordinal ("1st", "1ª", "1a etapa"); a bare "1 History" is a contents entry."""
"""A line of this many words ending in a colon introduces a list that belongs to the story."""
MAX_PROMO_WORDS = 25
_PROMO_BUTTON_WORDS = 4
_PROMO_REASONS = ("subscription offer", "newsletter form", "membership appeal", "app promotion")
_PROMO_CUE = re.compile(r"^(get|catch|sign|join|stay|keep|follow|try|download|read|listen|want)\b|\b(your?|our)\b", re.IGNORECASE)


_CAPITALISED_WORD = r"(?:[A-Z0-9‘“'\"][\w'’,.:;?!$&-]*|&)"
_GLUED_TEASER = re.compile(
    rf"^{_CAPITALISED_WORD}(?:\s+(?:{_CAPITALISED_WORD}|[a-z]{{1,3}})){{2,}}\s+"
    r"(?:[A-Z][\w'’-]*[a-z]{4}[A-Z][a-z]*|[\d,]*\d{2}[A-Z][a-z]+|\S*[?!’”][A-Z][a-z]*)\s"
)
"""Three or more capitalised words, then a word glued to the next sentence's first word:
"Death Of U of M-Dearborn Student-AthleteA 24-year-old woman ..." is a teaser link and its summary."""
_GLUED_TEASER_VERDICT = Verdict("related-article teaser", 0.0)


@dataclass(frozen=True)
class PageLine:
    """One line of page text, with what the rules made of it."""

    position: int
    text: str
    verdict: Verdict | None
    byline: Byline | None


def read_lines(text: str) -> list[str]:
    """One entry per page block: blank-line blocks split at line ends unless hard-wrapped."""
    lines: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        rows = [" ".join(row.split()) for row in block.split("\n")]
        rows = [re.sub(r"^(>|[•▪●◦*-]) +", "", row) for row in rows if row]
        if _hard_wrapped(rows):
            lines.append(" ".join(rows))
        else:
            lines.extend(rows)
    return lines


def _hard_wrapped(rows: list[str]) -> bool:
    if len(rows) < 2:
        return False
    lengths = [len(row) for row in rows[:-1]]
    breaks_mid_sentence = sum(not SENTENCE_END.search(row) for row in rows[:-1])
    similar = max(lengths) - min(lengths) <= HARD_WRAP_SPREAD_CHARS
    in_range = HARD_WRAP_MIN_CHARS <= min(lengths) and max(lengths) <= HARD_WRAP_MAX_CHARS
    return similar and in_range and breaks_mid_sentence * 2 >= len(rows) - 1


def judge_lines(texts: list[str]) -> list[PageLine]:
    """Judge each line on its own, then by its neighbours."""
    lines: list[PageLine] = []
    for position, text in enumerate(texts):
        in_header = position < HEADER_LINES
        verdict = judge_line(text)
        comment = verdict is not None and verdict.reason == READER_COMMENT
        byline = None if comment else parse_byline(text, bare_names=in_header)
        verdict = None if byline else verdict or glued_teaser(text)
        previous = lines[-1] if lines else None
        if previous and not verdict and not byline:
            byline, verdict = _read_in_context(previous, text, in_header)
        if not verdict and not byline:
            byline = _dated_meta_line(text)
        lines.append(PageLine(position, text, verdict, byline))
    return _promos_before_buttons(_inline_boxes(_names_above_dates(lines)))


def _dated_meta_line(text: str) -> Byline | None:
    """A short line with a date or a time and no sentence in it: "Reuters November 18, 2019 11:03 PM".

    An embedded post's signature ("— Jane Doe (@jane) May 1, 2024") is part of the quote, not a date line.
    """
    if count_words(text) > MAX_META_LINE_WORDS or re.search(r"[.!?]['\"”’)]*$", text) or text.startswith(("—", "–")):
        return None
    published = find_date(text)
    return Byline((), published) if published or _NUMERIC_DATE_OR_CLOCK.search(text) else None


def glued_teaser(text: str) -> Verdict | None:
    """A teaser's headline and summary run together when a scraper drops the break between links."""
    return _GLUED_TEASER_VERDICT if _GLUED_TEASER.match(text) else None


def _read_in_context(previous: PageLine, text: str, in_header: bool) -> tuple[Byline | None, Verdict | None]:
    """Read a line by the one above it: captions and credits, distributors, authors and their jobs."""
    if _CAPTION_LABEL.match(previous.text):
        return None, _CONTEXT_CAPTION
    if previous.verdict == _CONTEXT_CAPTION and count_words(text) <= MAX_CREDIT_WORDS and not SENTENCE_END.search(text):
        return None, Verdict("photo credit", 0.0)
    label = previous.verdict
    if label and label.reason in _LABEL_REASONS and count_words(previous.text) <= MAX_LABEL_WORDS:
        return None, Verdict(label.reason, 0.0)
    if not in_header:
        return None, None
    if previous.byline and previous.byline.authors and is_role_line(text):
        return Byline(), None
    after_authors = _AUTHORS_LABEL.match(previous.text) or (previous.byline == Byline())
    if after_authors and is_person_name(text):
        return Byline((text,)), None
    return None, None


def _names_above_dates(lines: list[PageLine]) -> list[PageLine]:
    """A bare name ("Sam Okoye") right above a date line near the top is the byline."""
    result = list(lines)
    for index, line in enumerate(lines[: min(HEADER_LINES, len(lines) - 1)]):
        below = lines[index + 1].byline
        if line.verdict or line.byline or not below or below.authors:
            continue
        if is_person_name(line.text):
            result[index] = PageLine(line.position, line.text, None, Byline((line.text,)))
    return result


def _inline_boxes(lines: list[PageLine]) -> list[PageLine]:
    """A "Related" box inside the story: its teasers are dropped, and the story goes on after it."""
    result = list(lines)
    for index, line in enumerate(lines):
        if not (line.verdict and line.verdict.ends_story and _INLINE_BOX_HEADING.match(line.text)):
            continue
        teasers = _box_teasers(lines, index + 1)
        if teasers:
            result[index] = PageLine(line.position, line.text, Verdict(line.verdict.reason, line.verdict.score), None)
            for teaser in teasers:
                result[teaser] = PageLine(teaser, lines[teaser].text, Verdict("related-article teaser", 0.0), None)
    return result


def _box_teasers(lines: list[PageLine], first: int) -> list[int]:
    """The headline lines of a box starting at `first`, if full paragraphs follow it; else []."""
    teasers: list[int] = []
    index = first
    while index < len(lines) and index - first < MAX_BOX_LINES:
        line = lines[index]
        if line.verdict and line.verdict.ends_story:
            return []
        if not line.verdict and not line.byline and not is_paragraph(line.text):
            teasers.append(index)
        elif not line.verdict:
            break
        index += 1
    following = [line for line in lines[index:] if not (line.verdict and not line.verdict.ends_story)]
    paragraphs = [not line.verdict and not line.byline and _is_full_paragraph(line.text) for line in following[:BOX_RESUME_WINDOW]]
    resumes = bool(paragraphs) and paragraphs[0] and sum(paragraphs) >= BOX_RESUME_LINES
    return teasers if teasers and resumes else []


def _is_full_paragraph(text: str) -> bool:
    """A paragraph too long to be a teaser's question ("Can Diet Treat It?")."""
    return is_paragraph(text) and count_words(text) >= 2 * MIN_PARAGRAPH_WORDS


def _promos_before_buttons(lines: list[PageLine]) -> list[PageLine]:
    """The pitch above a "Subscribe" or "Sign up" button is part of the same promotion."""
    result = list(lines)
    for index, line in enumerate(lines[1:], start=1):
        button = line.verdict
        if not button or button.reason not in _PROMO_REASONS or count_words(line.text) > _PROMO_BUTTON_WORDS:
            continue
        for above in (index - 1, index - 2):
            pitch = result[above] if above >= 0 else None
            quoted = re.search("[\"“”]", pitch.text) if pitch else None
            if not pitch or pitch.verdict or pitch.byline or quoted or count_words(pitch.text) > MAX_PROMO_WORDS:
                break
            if above == index - 1 and not _PROMO_CUE.search(pitch.text):
                break
            if above == index - 2 and is_paragraph(pitch.text):
                break
            result[above] = PageLine(pitch.position, pitch.text, Verdict(button.reason, 0.0), None)
    return result


def listed_items(lines: list[PageLine]) -> set[int]:
    """The positions of list items: short lines under a lead-in ending in a colon ("Tour dates:"), and numbered runs.

    Furniture between numbered items (a link, an advert) is in the set too: it does not break the list.
    """
    return _lead_in_items(lines) | _numbered_items(lines)


def _numbered_items(lines: list[PageLine]) -> set[int]:
    """Lines numbered in sequence ("1) ...", "2) ...", "3) ..."), furniture between them skipped."""
    items: set[int] = set()
    run: list[int] = []
    for index, line in enumerate(lines):
        if line.verdict and not line.verdict.ends_story:
            run += [index] if run else []
            continue
        match = NUMBERED_ITEM.match(line.text)
        number = int(match.group(1)) if match and not line.verdict else None
        if number is not None and run and number == _count_numbered(lines, run) + 1:
            run.append(index)
            continue
        if _count_numbered(lines, run) >= MIN_NUMBERED_ITEMS:
            items.update(run)
        run = [index] if number == 1 else []
    if _count_numbered(lines, run) >= MIN_NUMBERED_ITEMS:
        items.update(run)
    return items


def _count_numbered(lines: list[PageLine], run: list[int]) -> int:
    return sum(not lines[index].verdict for index in run)


def _lead_in_items(lines: list[PageLine]) -> set[int]:
    items: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        lead_in = not line.verdict and not line.byline and line.text.endswith(":") and count_words(line.text) >= MIN_LEAD_IN_WORDS
        while lead_in and index < len(lines) and len(items) < len(lines):
            item = lines[index]
            if item.byline or (item.verdict and item.verdict.ends_story) or is_paragraph(item.text):
                break
            if not item.verdict:
                items.add(index)
            index += 1
    return items


def is_paragraph(text: str) -> bool:
    """True for a line that reads as a paragraph: six or more words ending like a sentence."""
    return count_words(text) >= MIN_PARAGRAPH_WORDS and bool(SENTENCE_END.search(text))


def count_words(text: str) -> int:
    """The number of space-separated words in `text`."""
    return len(text.split())
