"""Raw page text -> Article: find the headline, byline and story among the page furniture.

Scraped page text has one block per line, in page order: menus, appeals, the headline,
the byline, captions, the story, then teasers, feeds and forms. Each line gets a story
score (positive for sentences, negative for furniture and bylines) and the story is the
run of lines with the highest total, the "maximum subarray" idea of Finn, Kushmerick and
Smyth's Body Text Extraction (2001). The headline is the title-like line above that run.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .article import Article, DroppedLine
from .byline import Byline, desk_publisher, is_organisation, is_role_line, parse_byline
from .errors import ExtractionError
from .furniture import Verdict, judge_line
from .story import (
    AGENCIES,
    Block,
    Dropped,
    looks_like_heading,
    refine_story,
    to_sections,
)

logger = logging.getLogger(__name__)

BARRIER_SCORE = -1000.0
"""A line such as "News Feed" or "Comments": the story never runs across it."""
FURNITURE_SCORE = -0.5
"""Small: furniture inside a story (adverts, read-more links) must not cut it short."""
BYLINE_SCORE = -2.0
HEADING_SCORE = -0.5
"""Headings are short; the story may cross them but does not start or end on one."""
SHORT_SENTENCE_SCORE = 0.3
WORDS_PER_POINT = 10
"""A 30-word paragraph scores 3: longer sentences are more likely to be the story."""
MIN_PARAGRAPH_WORDS = 6
MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 30
TITLE_SEARCH_LINES = 6
"""How many non-furniture lines above the byline (or story) a headline may sit."""
HEADER_LINES = 40
"""Bylines without "By" are only believed this near the top of the page."""
MIN_DECK_WORDS = 8
MIN_SWAPPED_TITLE_WORDS = 5
"""A headline above another title-like line has at least this many words (kickers have fewer)."""
MIN_STANDFIRST_WORDS = 15
"""A title-like line this long under another one is a standfirst without a full stop."""
BYLINE_SEARCH_LINES = 15
"""How far above the story its byline may sit (share buttons and captions come between)."""
HARD_WRAP_MIN_CHARS = 50
HARD_WRAP_MAX_CHARS = 100
HARD_WRAP_SPREAD_CHARS = 30
"""Rows of similar length between 50 and 100 characters that break mid-sentence were
wrapped by a text editor (72 or 80 columns), not split by the page."""
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’')\]]*$|[\"”’]$")
_COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?:[-–]\s*\d{4}\s*)?(?P<name>[A-Z][\w&' -]{2,60}?)"
    r"(?= or |[.,|]| all rights|$)", re.IGNORECASE
)
_TITLE_SUFFIX = re.compile(r"^(?P<title>.{10,}?) \| (?P<site>[A-Z][\w&.' -]{2,40})$")
_TITLE_KICKER = re.compile(r"^(?:[A-Z][\w'-]*(?: [\w'-]+)?) ?\| (?=\S)")
_CAPTION_LABEL = re.compile(r"^(image|photo|picture|video)? ?caption[,:]?$", re.IGNORECASE)


@dataclass(frozen=True)
class _Line:
    position: int
    text: str
    verdict: Verdict | None
    byline: Byline | None


def extract_from_page_text(text: str, origin: str) -> Article:
    """Find the story in the text a scraper took from a news page.

    Raises:
        ExtractionError: no line looks like part of a story.
    """
    lines = _judge_lines(_read_lines(text))
    if not lines:
        raise ExtractionError(f"{origin} holds no text to narrate")
    start, end = _story_span(lines, origin)
    title_at = _find_title(lines, start)
    title, title_site = _split_title(lines[title_at].text if title_at is not None else "")
    bylines = [line.byline for line in lines if line.byline]
    authors = next((b.authors for b in bylines if b.authors), ())
    blocks, dropped = _sort_lines(lines, title_at, start, end)
    story = refine_story(blocks, title, authors)
    if title_at is None:
        logger.warning("%s: found no headline above the story", origin)
    return Article(
        title=title,
        sections=to_sections(story.blocks),
        authors=authors,
        published=next((b.published for b in bylines if b.published), None),
        publisher=_publisher(lines, authors, title_site, story.agency),
        dropped=tuple(line for _, line in sorted([*dropped, *story.dropped], key=lambda item: item[0])),
    )


def _read_lines(text: str) -> list[str]:
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
    breaks_mid_sentence = sum(not _SENTENCE_END.search(row) for row in rows[:-1])
    similar = max(lengths) - min(lengths) <= HARD_WRAP_SPREAD_CHARS
    in_range = HARD_WRAP_MIN_CHARS <= min(lengths) and max(lengths) <= HARD_WRAP_MAX_CHARS
    return similar and in_range and breaks_mid_sentence * 2 >= len(rows) - 1


def _judge_lines(texts: list[str]) -> list[_Line]:
    lines: list[_Line] = []
    for position, text in enumerate(texts):
        in_header = position < HEADER_LINES
        byline = parse_byline(text, bare_names=in_header)
        verdict = None if byline else judge_line(text)
        previous = lines[-1] if lines else None
        if previous and not verdict and not byline:
            byline, verdict = _read_in_context(previous, text, in_header)
        lines.append(_Line(position, text, verdict, byline))
    return _names_above_dates(lines)


def _read_in_context(previous: _Line, text: str, in_header: bool) -> tuple[Byline | None, Verdict | None]:
    """A caption after "Image caption,"; an author's job title under the byline."""
    if _CAPTION_LABEL.match(previous.text):
        return None, Verdict("photo caption", 0.0)
    if in_header and previous.byline and previous.byline.authors and is_role_line(text):
        return Byline(), None
    return None, None


def _names_above_dates(lines: list[_Line]) -> list[_Line]:
    """A bare name ("Sam Okoye") right above a date line near the top is the byline."""
    result = list(lines)
    for index, line in enumerate(lines[: min(HEADER_LINES, len(lines) - 1)]):
        below = lines[index + 1].byline
        if line.verdict or line.byline or not below or below.authors:
            continue
        named = parse_byline(f"By {line.text}")
        if named and len(line.text.split()) <= 4 and not is_organisation(line.text):
            result[index] = _Line(line.position, line.text, None, named)
    return result


def _story_score(line: _Line) -> float:
    if line.verdict:
        return BARRIER_SCORE if line.verdict.ends_story else FURNITURE_SCORE
    if line.byline:
        return BYLINE_SCORE
    words = len(line.text.split())
    if not _SENTENCE_END.search(line.text):
        return HEADING_SCORE if words < 2 * MIN_PARAGRAPH_WORDS else words / (2 * WORDS_PER_POINT)
    if words < MIN_PARAGRAPH_WORDS:
        return SHORT_SENTENCE_SCORE
    return words / WORDS_PER_POINT


def _story_span(lines: list[_Line], origin: str) -> tuple[int, int]:
    """The run of lines with the highest total story score (Kadane's algorithm)."""
    best_total, best_span = 0.0, None
    total, start = 0.0, 0
    for index, line in enumerate(lines):
        if total <= 0:
            total, start = 0.0, index
        total += _story_score(line)
        if total > best_total:
            best_total, best_span = total, (start, index + 1)
    if best_span is None:
        raise ExtractionError(
            f"{origin}: every line looked like page furniture ({len(lines)} line{'' if len(lines) == 1 else 's'} dropped); "
            "use --raw to read the whole text"
        )
    return best_span


def _find_title(lines: list[_Line], start: int) -> int | None:
    """The headline: above the first byline before the story, over a deck if there is one."""
    anchor = _header_anchor(lines, start)
    candidates = _candidates_above(lines, anchor)
    if not candidates:
        return None
    nearest = candidates[0]
    above = candidates[1] if len(candidates) > 1 else None
    if _is_deck(lines[nearest].text) and not _title_like(lines[nearest].text):
        return above if above is not None and _words(lines[above].text) <= MAX_TITLE_WORDS else None
    if not _title_like(lines[nearest].text):
        return next((index for index in candidates if _title_like(lines[index].text)), None)
    standfirst_below = _words(lines[nearest].text) >= MIN_STANDFIRST_WORDS
    if standfirst_below and above is not None and _title_like(lines[above].text):
        return above if MIN_SWAPPED_TITLE_WORDS <= _words(lines[above].text) < _words(lines[nearest].text) else nearest
    return nearest


def _header_anchor(lines: list[_Line], start: int) -> int:
    """The first byline or date line in the lines just above the story."""
    anchor = start
    for index in range(start - 1, max(-1, start - 1 - BYLINE_SEARCH_LINES), -1):
        if lines[index].byline:
            anchor = index
    return anchor


def _candidates_above(lines: list[_Line], anchor: int) -> list[int]:
    """Non-furniture lines of three or more words above `anchor`, nearest first.

    Lines that end a story do not stop the search: a "Comments" count sits in many headers.
    """
    found = []
    for index in range(anchor - 1, -1, -1):
        line = lines[index]
        if len(found) == TITLE_SEARCH_LINES:
            break
        if not line.verdict and not line.byline and _words(line.text) >= MIN_TITLE_WORDS:
            found.append(index)
    return found


def _title_like(text: str) -> bool:
    return MIN_TITLE_WORDS <= _words(text) <= MAX_TITLE_WORDS and not re.search(r"[.,;:]$", text)


def _words(text: str) -> int:
    return len(text.split())


def _split_title(text: str) -> tuple[str, str | None]:
    """Split "Headline | Site Name" into the headline and the site; drop an "Opinion |" kicker."""
    text = _TITLE_KICKER.sub("", text)
    match = _TITLE_SUFFIX.match(text)
    return (match["title"], match["site"]) if match else (text, None)


def _sort_lines(lines: list[_Line], title_at: int | None, start: int, end: int) -> tuple[list[Block], Dropped]:
    """Keep the story's lines (and a deck between headline and story); drop the rest with a reason."""
    blocks: list[Block] = []
    dropped: Dropped = []
    ended_by: str | None = None
    for line in lines:
        if line.position == title_at:
            continue
        if line.verdict and line.verdict.ends_story:
            ended_by = line.verdict.reason if line.position >= start else None
        keep, reason = _keep_or_reason(line, title_at, start, end, ended_by)
        if not keep and not line.verdict and _introduces_teaser(lines, line.position):
            reason = "related-article teaser"
        if keep:
            blocks.append(keep)
        else:
            dropped.append((line.position, DroppedLine(line.text, reason)))
    return blocks, dropped


def _keep_or_reason(line: _Line, title_at, start: int, end: int, ended_by: str | None) -> tuple[Block | None, str]:
    if line.verdict:
        return None, line.verdict.reason
    if line.byline:
        return None, "date line" if line.byline.published and not line.byline.authors else "byline"
    if start <= line.position < end:
        return Block(line.position, line.text, _is_heading(line.text)), ""
    after_title = title_at is not None and title_at < line.position < start
    if after_title and (_is_deck(line.text) or (line.position == start - 1 and looks_like_heading(line.text))):
        return Block(line.position, line.text, not _is_deck(line.text)), ""
    if line.position < (title_at if title_at is not None else start):
        return None, "before the headline"
    return None, ended_by or ("after the story" if line.position >= end else "label near the headline")


def _introduces_teaser(lines: list[_Line], position: int) -> bool:
    following = lines[position + 1].verdict if position + 1 < len(lines) else None
    return following is not None and following.reason == "related-article teaser"


def _is_heading(text: str) -> bool:
    return looks_like_heading(text) and len(text.split()) < 2 * MIN_PARAGRAPH_WORDS


def _is_deck(text: str) -> bool:
    """A summary between the headline and the story is read as its first paragraph."""
    return _words(text) >= MIN_DECK_WORDS or (_words(text) >= MIN_PARAGRAPH_WORDS and bool(_SENTENCE_END.search(text)))


def _publisher(lines: list[_Line], authors: tuple[str, ...], title_site: str | None, agency: str | None) -> str | None:
    """The site's name, from a desk byline, a copyright line, the title or a wire dateline."""
    for author in authors:
        desk = desk_publisher(author)
        if desk:
            return desk
    for line in lines:
        if line.verdict and line.verdict.reason == "footer":
            match = _COPYRIGHT_HOLDER.search(line.text)
            if match:
                return match["name"].strip()
    return title_site or AGENCIES.get(agency or "")
