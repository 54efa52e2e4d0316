"""Raw page text -> Article: find the headline, byline and story among the page furniture.

Scraped page text has one block per line, in page order: menus, appeals, the headline,
the byline, captions, the story, then teasers, feeds and forms. Each line gets a story
score (positive for sentences, negative for furniture and bylines) and the story is the
run of lines with the highest total, the "maximum subarray" idea of Finn, Kushmerick and
Smyth's Body Text Extraction (2001); readers' comments, the copyright footer and teaser
cards below a story end the search. The headline is the line headline.py scores best
around the start of that run, used only when it is sure enough.
"""

from __future__ import annotations

import logging
import re

from tts_articles.errors import ExtractionError
from tts_articles.reading.byline import Byline, desk_publisher, is_person_name
from tts_articles.reading.furniture import READER_COMMENT, fold
from tts_articles.reading.headline import (
    TITLE_KICKER,
    Headline,
    fallback_headline,
    find_headline,
    lead_subject,
    min_confidence,
)
from tts_articles.reading.language import guess_language
from tts_articles.reading.page_lines import (
    MIN_PARAGRAPH_WORDS,
    NUMBERED_ITEM,
    SENTENCE_END,
    PageLine,
    count_words,
    judge_lines,
    listed_items,
    read_lines,
)
from tts_articles.reading.story_blocks import (
    AGENCIES,
    Block,
    Dropped,
    looks_like_heading,
    refine_story,
    to_sections,
)
from tts_articles.types import Article, DroppedLine

logger = logging.getLogger(__name__)

MIN_STORY_SCORE_ABOVE_END = 3.0
"""About 30 words of sentences: a run worth this much above readers' comments or the copyright
footer is the story, however long the comments below it run."""
MIN_STORY_LINES_ABOVE_END = 2
"""...and holds two lines or more: one long line above a footer is a legal notice in the header."""
_PAGE_END_REASONS = (READER_COMMENT, "footer")
CARD_LINES = 12
MIN_CARD_BYLINES = 3
MIN_STORY_SCORE_ABOVE_CARDS = 15.0
"""Below a long story, three bylines or date lines within this many lines are teaser cards
(headline, author, date, summary), not a second story; a story's own byline and date are two."""
BARRIER_SCORE = -1000.0
"""A line such as "News Feed" or "Comments": the story never runs across it."""
FURNITURE_SCORE = -0.5
"""Small: furniture inside a story (adverts, read-more links) must not cut it short."""
BYLINE_SCORE = -2.0
HEADING_SCORE = -0.5
"""Headings are short; the story may cross them but does not start or end on one."""
SHORT_SENTENCE_SCORE = 0.3
LIST_ITEM_SCORE = 0.1
"""An item of a list under a lead-in ("Tour dates:") adds a little: the story runs on through it."""
NUMBERED_ITEM_WORDS_PER_POINT = 10
"""A numbered item ("3. ...", "3a etapa: ...") in a run of them adds as much as a sentence of its
length: a story that is mostly such a list (a race calendar, a ranking) outweighs the teaser rail
under it. Lead-in items stay at LIST_ITEM_SCORE: a colon line above a menu is no rarer than above a list."""
WORDS_PER_POINT = 10
"""A 30-word paragraph scores 3: longer sentences are more likely to be the story."""
UNPUNCTUATED_WORDS_PER_POINT = 40
"""A long line with no closing punctuation is as often a teaser headline as a paragraph: it counts
a quarter as much (measured on the extraction corpus: 10 and 20 let teaser rails join the story)."""
MIN_DECK_WORDS = 8
"""A line this long between the headline and the story is its deck, read as the first paragraph."""
MAX_DECK_DISTANCE = 3
"""...if it stands within this many lines under the headline (a kicker or a byline may sit between)."""
MIN_TITLE_LINE_WORDS = 3
"""A first line of one or two words is a site's or section's name, not a plain file's title."""
BYLINE_SEARCH_LINES = 15
"""How many lines, furniture not counted, above the story its byline may sit."""
_COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?:[-–]\s*\d{4}\s*)?,?\s*(?:by\s+)?(?P<name>[A-Z](?:[\w&' -]|\.(?=\w)){2,60}?)"
    r"(?:\s+\d{4})?(?= or |\.(?!\w)|[,|]| all rights|$)", re.IGNORECASE
)
AUTHOR_BLOCK_LINES = 2
"""Bylines this close together are one list of authors (a name, a job title, the next name)."""
MAX_WORDMARK_CHARS = 4
"""A lower-case copyright holder this short is a logo's wordmark ("© 2024 npr"): an acronym."""
_TITLE_SUFFIX = re.compile(r"^(?P<title>.{10,}?) \| (?P<site>[A-Z][\w&.' -]{2,40})$")


def extract_from_page_text(text: str, origin: str) -> Article:
    """Find the story in the text a scraper took from a news page.

    Raises:
        ExtractionError: no line looks like part of a story.
    """
    lines = judge_lines(read_lines(text))
    if not lines:
        raise ExtractionError(f"{origin} holds no text to narrate")
    items = listed_items(lines)
    start, end = _story_span(lines, items, origin)
    headline = _find_title(lines, start, end, _site_names(lines))
    title_at = headline.position
    lines = _name_under_title(lines, title_at, start)
    title, title_site = _split_title(lines[title_at].text if title_at is not None else "")
    bylines = [line.byline for line in lines if line.byline]
    authors = _authors(lines)
    blocks, dropped = _sort_lines(lines, title_at, start, end)
    blocks = [Block(block.position, block.text, block.is_heading and block.position not in items) for block in blocks]
    story = refine_story(blocks, title, authors)
    if title_at is None:
        headline = fallback_headline(origin)
        title = headline.text
        if title:
            logger.warning("%s: found no headline I am sure of; using %r from the file name (give --title)", origin, title)
    return Article(
        title=title,
        title_source=headline.source,
        title_confidence=headline.confidence,
        sections=to_sections(story.blocks),
        authors=authors,
        language=guess_language([block.text for block in story.blocks]),
        published=next((b.published for b in bylines if b.published), None),
        publisher=_publisher(lines, authors, title_site, story.agency),
        dropped=tuple(line for _, line in sorted([*dropped, *story.dropped], key=lambda item: item[0])),
    )


def _authors(lines: list[PageLine]) -> tuple[str, ...]:
    """The names in the first byline, and in any byline a few lines under it (an "Authors" list)."""
    authors: list[str] = []
    last = None
    for line in lines:
        if not (line.byline and line.byline.authors):
            continue
        if last is not None and line.position - last > AUTHOR_BLOCK_LINES:
            break
        authors.extend(name for name in line.byline.authors if name not in authors)
        last = line.position
    return tuple(authors)


def _story_score(line: PageLine, listed: bool) -> float:
    if listed and NUMBERED_ITEM.match(line.text):
        return max(LIST_ITEM_SCORE, count_words(line.text) / NUMBERED_ITEM_WORDS_PER_POINT)
    if listed:
        return LIST_ITEM_SCORE
    if line.verdict:
        return BARRIER_SCORE if line.verdict.ends_story else FURNITURE_SCORE
    if line.byline:
        return BYLINE_SCORE
    words = len(line.text.split())
    if not SENTENCE_END.search(line.text):
        return HEADING_SCORE if words < 2 * MIN_PARAGRAPH_WORDS else words / UNPUNCTUATED_WORDS_PER_POINT
    if words < MIN_PARAGRAPH_WORDS:
        return SHORT_SENTENCE_SCORE
    return words / WORDS_PER_POINT


def _story_span(lines: list[PageLine], items: set[int], origin: str) -> tuple[int, int]:
    """The run of lines with the highest total story score (Kadane's algorithm).

    Readers' comments and the copyright footer end the page: once a run above one of them
    is worth MIN_STORY_SCORE_ABOVE_END, nothing below it can be the story.
    """
    best_total, best_span = 0.0, None
    total, start = 0.0, 0
    for index, line in enumerate(lines):
        if best_span and _is_story(best_total, best_span) and _ends_page(lines, index, best_total):
            break
        if total <= 0:
            total, start = 0.0, index
        total += _story_score(line, index in items)
        if total > best_total:
            best_total, best_span = total, (start, index + 1)
    if best_span is None:
        raise ExtractionError(
            f"{origin}: every line looked like page furniture ({len(lines)} line{'' if len(lines) == 1 else 's'} dropped); "
            "use --raw to read the whole text"
        )
    return best_span


def _is_story(total: float, span: tuple[int, int]) -> bool:
    return total >= MIN_STORY_SCORE_ABOVE_END and span[1] - span[0] >= MIN_STORY_LINES_ABOVE_END


def _ends_page(lines: list[PageLine], index: int, story_total: float) -> bool:
    """Readers' comments, the copyright footer, or (below a long story) cards that each carry a byline or date.

    A comments heading printed again further down is a link to the comments in the page's header, not them.
    """
    verdict = lines[index].verdict
    if verdict is not None and verdict.reason == "comments":
        return verdict.ends_story and all(line.text != lines[index].text for line in lines[index + 1 :])
    if verdict is not None:
        return verdict.ends_story and verdict.reason in _PAGE_END_REASONS
    if lines[index].byline is None or story_total < MIN_STORY_SCORE_ABOVE_CARDS:
        return False
    return sum(line.byline is not None for line in lines[index + 1 : index + CARD_LINES]) >= MIN_CARD_BYLINES - 1


def _find_title(lines: list[PageLine], start: int, end: int, site_names: set[str]) -> Headline:
    """The headline the scorer is confident of, else a plain document's title line; one with no position when neither."""
    headline = find_headline(lines, start, end, _header_anchor(lines, start), site_names)
    if headline.confidence >= min_confidence():
        return headline
    if _is_title_line(lines, start, site_names):
        return Headline(lines[0].text, 0, min_confidence(), "first line")
    return lead_subject(lines, start) or Headline("", None, headline.confidence, headline.source)


def _is_title_line(lines: list[PageLine], start: int, site_names: set[str]) -> bool:
    """A plain text file's title line: the first line, with the story right under it.

    A story too short for the scorer's word overlap ("Storm hits the coast", then one
    sentence) still has its title where README's plain-text format puts it. A scraped
    page never opens this way: its first lines are the site's name and navigation.
    """
    if start != 1 or not lines or lines[0].verdict or lines[0].byline:
        return False
    text = lines[0].text
    return MIN_TITLE_LINE_WORDS <= len(text.split()) and not SENTENCE_END.search(text) and fold(text) not in site_names


def _header_anchor(lines: list[PageLine], start: int) -> int:
    """The first byline or date line among the lines just above the story (furniture not counted)."""
    anchor = start
    counted = 0
    for index in range(start - 1, -1, -1):
        if counted == BYLINE_SEARCH_LINES:
            break
        if lines[index].byline:
            anchor = index
        counted += not lines[index].verdict
    return anchor


def _name_under_title(lines: list[PageLine], title_at: int | None, start: int) -> list[PageLine]:
    """With no byline found, a person's name between the headline and the story is the byline."""
    if title_at is None or any(line.byline and line.byline.authors for line in lines):
        return lines
    for index in range(title_at + 1, start):
        line = lines[index]
        if not line.verdict and not line.byline and is_person_name(line.text):
            return [*lines[:index], PageLine(line.position, line.text, None, Byline((line.text,))), *lines[index + 1:]]
    return lines


def _split_title(text: str) -> tuple[str, str | None]:
    """Split "Headline | Site Name" into the headline and the site; drop an "Opinion |" kicker."""
    text = TITLE_KICKER.sub("", text)
    match = _TITLE_SUFFIX.match(text)
    return (match["title"], match["site"]) if match else (text, None)


def _sort_lines(lines: list[PageLine], title_at: int | None, start: int, end: int) -> tuple[list[Block], Dropped]:
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


def _keep_or_reason(line: PageLine, title_at: int | None, start: int, end: int, ended_by: str | None) -> tuple[Block | None, str]:
    if line.verdict:
        return None, line.verdict.reason
    if line.byline:
        return None, "date line" if line.byline.published and not line.byline.authors else "byline"
    if start <= line.position < end:
        return Block(line.position, line.text, _is_heading(line.text)), ""
    after_title = title_at is not None and title_at < line.position < start
    deck = after_title and _is_deck(line.text, line.position - (title_at or 0))
    if deck or (after_title and line.position == start - 1 and looks_like_heading(line.text)):
        return Block(line.position, line.text, not deck), ""
    if line.position < (title_at if title_at is not None else start):
        return None, "before the headline"
    return None, ended_by or ("after the story" if line.position >= end else "label near the headline")


def _introduces_teaser(lines: list[PageLine], position: int) -> bool:
    following = lines[position + 1].verdict if position + 1 < len(lines) else None
    return following is not None and following.reason == "related-article teaser"


def _is_heading(text: str) -> bool:
    return looks_like_heading(text) and len(text.split()) < 2 * MIN_PARAGRAPH_WORDS


def _is_deck(text: str, below_title: int) -> bool:
    """A summary between the headline and the story is read as its first paragraph.

    One with no full stop must sit right under the headline: further down, a long unpunctuated
    line is a teaser headline in a "More on" box.
    """
    if count_words(text) >= MIN_PARAGRAPH_WORDS and SENTENCE_END.search(text):
        return True
    return count_words(text) >= MIN_DECK_WORDS and below_title <= MAX_DECK_DISTANCE


def _publisher(lines: list[PageLine], authors: tuple[str, ...], title_site: str | None, agency: str | None) -> str | None:
    """The site's name, from a desk byline, a copyright line, the title or a wire dateline."""
    for author in authors:
        desk = desk_publisher(author)
        if desk:
            return AGENCIES.get(desk, desk)
    holders = _copyright_holders(lines)
    return (holders[0] if holders else None) or title_site or AGENCIES.get(agency or "")


def _copyright_holders(lines: list[PageLine]) -> list[str]:
    """The names in the page's copyright lines, in page order."""
    holders = []
    for line in lines:
        match = _COPYRIGHT_HOLDER.search(line.text) if line.verdict and line.verdict.reason == "footer" else None
        if match:
            name = match["name"].strip()
            holders.append(name.upper() if name.islower() and len(name) <= MAX_WORDMARK_CHARS else name)
    return holders


def _site_names(lines: list[PageLine]) -> set[str]:
    """The site's own name, as its copyright lines print it: never the headline."""
    return {fold(name) for name in _copyright_holders(lines)}
