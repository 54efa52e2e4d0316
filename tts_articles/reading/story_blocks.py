"""Story blocks -> sections: the rules that need a block's neighbours, shared by every input type.

Line-by-line furniture (furniture.py) cannot see that a heading introduces a teaser, that a
short quote repeats a body sentence, or that the last line is the author's biography; these
rules can, because they look at the story as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tts_articles.errors import ExtractionError
from tts_articles.reading.byline import parse_byline
from tts_articles.reading.furniture import fold, judge_line
from tts_articles.reading.page_lines import glued_teaser
from tts_articles.types import DroppedLine, Section

PULL_QUOTE_SHARE = 0.8
"""A block whose word triples appear this much in one longer paragraph is a pull quote."""
MAX_PULL_QUOTE_WORDS = 60
BYLINE_SEARCH_BLOCKS = 4
"""Bylines and date lines are looked for among the first blocks of a story only."""
MAX_HEADING_WORDS = 15
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\- ]{1,40}(?:, [A-Z][A-Za-z.'\- ]{1,30}?)?(?:, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?)"
    r"(?: ?\((?P<agency>AP|Reuters|AFP|UPI|dpa|Bloomberg|CNN|AA|Xinhua|TASS|Ukrinform)\)| ?/(?P<wire>[A-Za-z ]{2,30})/)?"
    r" ?(?:—|–|-{1,2}) ?(?=[A-Z\"“‘'])"
)
_TITLE_CASE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2}, [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2}) (?:—|–) (?=[A-Z\"“‘'])"
)
"""Some sites print the dateline in title case: "Nairobi, Kenya – Floods ..."."""
_SENTENCE_OPENERS = frozenset([
    "in", "at", "on", "the", "but", "and", "still", "yet", "so", "for", "as", "if", "when", "after",
    "before", "while", "then",
])
"""Words that open a sentence, never a place name in a dateline ("In Paris, France – ...")."""
DATELINE_SEARCH_BLOCKS = 2
"""The dateline opens the first paragraph, or the second when a deck comes first."""
AGENCIES = {"AP": "The Associated Press", "Reuters": "Reuters", "AFP": "AFP", "UPI": "UPI", "dpa": "dpa"}
_BIO_VERBS = re.compile(r"^\W*(is|was|has|covers|writes|reports)\b|^, (a|an|the)\b")
_BIO_ROLES = re.compile(
    r"\b(writer|journalist|reporter|correspondent|editor|columnist|author|fellow|professor|"
    r"contributor|analyst|researcher|director|lecturer|founder|novelist|consultant|"
    r"(writes|writing|has written) (about|for|on))\b",
    re.IGNORECASE,
)
_TRAILING_BIO_BLOCKS = 3
MAX_BIO_WORDS = 100
_NAME_THEN_VERB = re.compile(
    r"^([A-Z][\w'.-]+ ){2,3}((is|was) (a|an|the) |(has|had) (been|written|worked)|writes|covers|reports|\w+ed\b)"
)
"""A biography opens with the author's name and a verb: "Ann Lee is a ...", "Ann Lee has been ...", "Ann Lee fell ..."."""
_FROM_AUTHOR = re.compile(r"^(by|from) (\w+'s )?", re.IGNORECASE)
"""Live-blog entry bylines: "From CNN's Mary Gilbert", "By Dennis Romero"."""


@dataclass(frozen=True)
class Block:
    """One paragraph or heading of a story, with its place on the page for review order."""

    position: int
    text: str
    is_heading: bool = False


@dataclass(frozen=True)
class KeptBlocks:
    """What the neighbour-aware block rules kept, and what they left out with a reason."""

    blocks: tuple[Block, ...]
    dropped: tuple[tuple[int, DroppedLine], ...]
    agency: str | None = None
    """The wire agency named in a dateline ("AP"), if any."""


@dataclass(frozen=True)
class CleanStory:
    """A story's blocks after every rule, with its byline and what was left out, in page order."""

    blocks: tuple[Block, ...]
    dropped: tuple[DroppedLine, ...]
    authors: tuple[str, ...]
    """The declared authors if any, else those of a byline among the first blocks."""
    published: str | None
    """The date of a date line among the first blocks, if any."""
    agency: str | None = None
    """The wire agency named in a dateline ("AP"), if any."""


Dropped = list[tuple[int, DroppedLine]]


def clean_story(
    blocks: Sequence[Block], title: str, declared_authors: tuple[str, ...], origin: str, set_aside: Dropped | None = None
) -> CleanStory:
    """Run the furniture, byline and story rules over blocks another reader already found.

    Args:
        set_aside: blocks the caller already left out, with their reasons, merged into `dropped`.

    Raises:
        ExtractionError: every block is furniture.
    """
    kept, dropped = drop_furniture(blocks)
    kept, byline_dropped, byline_authors, published = split_bylines(kept)
    authors = declared_authors or byline_authors
    story = refine_story(kept, title, authors)
    if not story.blocks:
        count = f"{len(blocks)} block{'' if len(blocks) == 1 else 's'}"
        raise ExtractionError(
            f"{origin}: every block looked like page furniture ({count} dropped); use --raw to read the whole page"
        )
    all_dropped = sorted([*(set_aside or []), *dropped, *byline_dropped, *story.dropped], key=lambda item: item[0])
    return CleanStory(story.blocks, tuple(line for _, line in all_dropped), authors, published, story.agency)


def drop_furniture(blocks: Sequence[Block]) -> tuple[list[Block], Dropped]:
    """Drop blocks furniture.py recognises, and everything after a block that ends a story."""
    kept: list[Block] = []
    dropped: Dropped = []
    ended_by: str | None = None
    for block in blocks:
        verdict = judge_line(block.text) or glued_teaser(block.text)
        if verdict and verdict.ends_story:
            ended_by = verdict.reason
        reason = verdict.reason if verdict else ended_by
        if reason:
            dropped.append((block.position, DroppedLine(block.text, reason)))
        else:
            kept.append(block)
    return kept, dropped


def refine_story(blocks: Sequence[Block], title: str, authors: Sequence[str]) -> KeptBlocks:
    """Apply the neighbour-aware rules and return what is left to read."""
    kept = list(blocks)
    dropped: Dropped = []
    for rule in (_repeated_title, _repeated_blocks, _teaser_headings, _pull_quotes, _author_bios, _author_names):
        kept, removed = rule(kept, title, authors)
        dropped.extend((block.position, DroppedLine(block.text, reason)) for block, reason in removed)
    kept, dateline = _strip_dateline(kept)
    agency = None
    if dateline:
        position, text, agency = dateline
        dropped.append((position, DroppedLine(text, "wire dateline")))
    kept, removed = _empty_headings(kept)
    dropped.extend((block.position, DroppedLine(block.text, reason)) for block, reason in removed)
    return KeptBlocks(tuple(kept), tuple(sorted(dropped, key=lambda item: item[0])), agency)


def to_sections(blocks: Sequence[Block]) -> tuple[Section, ...]:
    """Group paragraphs under the heading before them."""
    sections: list[Section] = []
    heading: str | None = None
    paragraphs: list[str] = []
    for block in blocks:
        if block.is_heading:
            if paragraphs:
                sections.append(Section(heading, tuple(paragraphs)))
            heading, paragraphs = block.text, []
        else:
            paragraphs.append(block.text)
    if paragraphs:
        sections.append(Section(heading, tuple(paragraphs)))
    return tuple(sections)


def split_bylines(blocks: Sequence[Block]) -> tuple[list[Block], Dropped, tuple[str, ...], str | None]:
    """Take byline and date lines out of the first blocks; return their authors and date."""
    kept: list[Block] = []
    dropped: Dropped = []
    authors: tuple[str, ...] = ()
    published: str | None = None
    for number, block in enumerate(blocks):
        byline = parse_byline(block.text) if number < BYLINE_SEARCH_BLOCKS else None
        if byline is None:
            kept.append(block)
            continue
        dropped.append((block.position, DroppedLine(block.text, "byline" if byline.authors else "date line")))
        authors = authors or byline.authors
        published = published or byline.published
    return kept, dropped, authors, published


def looks_like_heading(text: str) -> bool:
    """A short line with no sentence punctuation at its end."""
    return 0 < len(text.split()) <= MAX_HEADING_WORDS and not re.search(r"[.,;!?…\"”’']$", text)


Removed = list[tuple[Block, str]]


def _repeated_title(blocks: list[Block], title: str, authors: Sequence[str]) -> tuple[list[Block], Removed]:
    folded_title = _word_key(title)
    return _partition(blocks, lambda i: _word_key(blocks[i].text) == folded_title and "repeats the headline")


def _repeated_blocks(blocks: list[Block], title: str, authors: Sequence[str]) -> tuple[list[Block], Removed]:
    seen: set[str] = set()
    repeats: set[int] = set()
    for number, block in enumerate(blocks):
        key = _word_key(block.text)
        if key in seen:
            repeats.add(number)
        seen.add(key)
    return _partition(blocks, lambda i: i in repeats and "repeated line")


def _teaser_headings(blocks: list[Block], title: str, authors: Sequence[str]) -> tuple[list[Block], Removed]:
    """A heading-like line before a truncated excerpt is the teaser's headline."""

    def teaser(i: int) -> str | bool:
        following = blocks[i + 1].text if i + 1 < len(blocks) else ""
        verdict = judge_line(following)
        return (
            looks_like_heading(blocks[i].text)
            and verdict is not None
            and verdict.reason == "related-article teaser"
            and "related-article teaser"
        )

    return _partition(blocks, teaser)


def _pull_quotes(blocks: list[Block], title: str, authors: Sequence[str]) -> tuple[list[Block], Removed]:
    triples = [_triples(block.text) for block in blocks]

    def repeats_body(i: int) -> str | bool:
        mine = triples[i]
        if not mine or len(blocks[i].text.split()) > MAX_PULL_QUOTE_WORDS:
            return False
        for j, theirs in enumerate(triples):
            longer = len(blocks[j].text) > len(blocks[i].text)
            if j != i and longer and len(mine & theirs) >= PULL_QUOTE_SHARE * len(mine):
                return "pull quote repeating the story"
        return False

    return _partition(blocks, repeats_body)


def _author_bios(blocks: list[Block], title: str, authors: Sequence[str]) -> tuple[list[Block], Removed]:
    """A line that starts with an author's name and says what they do; or, at the end, any bio."""
    names = [name for name in authors if len(name.split()) >= 2]

    def bio(i: int) -> str | bool:
        text = blocks[i].text
        for name in names:
            if text.startswith(name) and _BIO_VERBS.search(text[len(name):]):
                return "author bio"
        near_end = i >= len(blocks) - _TRAILING_BIO_BLOCKS and i > 0
        starts_with_name = _NAME_THEN_VERB.match(text)
        if near_end and starts_with_name and _BIO_ROLES.search(text[:200]) and len(text.split()) < MAX_BIO_WORDS:
            return "author bio"
        return False

    return _partition(blocks, bio)


def _author_names(blocks: list[Block], title: str, authors: Sequence[str]) -> tuple[list[Block], Removed]:
    """A line that only names one of the authors ("Dennis Romero" over a live-blog entry) is a byline."""
    names = {_word_key(name) for name in authors}
    return _partition(blocks, lambda i: _word_key(_FROM_AUTHOR.sub("", blocks[i].text)) in names and "byline")


def _empty_headings(blocks: list[Block]) -> tuple[list[Block], Removed]:
    def empty(i: int) -> str | bool:
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        return blocks[i].is_heading and (following is None or following.is_heading) and "heading with no text under it"

    return _partition(blocks, empty)


def _strip_dateline(blocks: list[Block]) -> tuple[list[Block], tuple[int, str, str | None] | None]:
    """Take "KYIV, Ukraine (AP) —" off the first paragraph: a dateline is not read aloud."""
    paragraphs = [number for number, block in enumerate(blocks) if not block.is_heading][:DATELINE_SEARCH_BLOCKS]
    for number in paragraphs:
        block = blocks[number]
        match = _dateline(block.text)
        if not match:
            continue
        rest = block.text[match.end():]
        shortened = Block(block.position, rest[:1].upper() + rest[1:], block.is_heading)
        return blocks[:number] + [shortened] + blocks[number + 1:], (block.position, match.group(0).strip(), match.groupdict().get("agency"))
    return blocks, None


def _dateline(text: str) -> re.Match[str] | None:
    """The dateline at the start of a paragraph: a place in capitals, or any place with an agency."""
    match = _DATELINE.match(text)
    if match and (match["agency"] or match["wire"] or match["place"].split(",")[0].isupper()):
        return match
    match = _TITLE_CASE_DATELINE.match(text)
    return match if match and text.split()[0].lower() not in _SENTENCE_OPENERS else None


def _partition(blocks: list[Block], reason_for: Callable[[int], str | bool]) -> tuple[list[Block], Removed]:
    kept: list[Block] = []
    removed: Removed = []
    for number, block in enumerate(blocks):
        reason = reason_for(number)
        if reason:
            removed.append((block, str(reason)))
        else:
            kept.append(block)
    return kept, removed


def _word_key(text: str) -> str:
    """The folded words of `text`, space-separated: equal for lines that differ only in case and punctuation."""
    return " ".join(re.findall(r"\w+", fold(text)))


def _triples(text: str) -> set[tuple[str, ...]]:
    words = _word_key(text).split()
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}
