"""Judged page lines -> Headline: score the lines around the story's start and keep the best.

A headline stands just above the byline or date line, or above the story's first paragraph;
it reads like a short clause, not a label, a control, a date or a sentence; and its words
come back in the story. Each candidate line gets a score from those cues (the shallow text
features of Kohlschütter et al.'s boilerpipe, and the title-to-body word overlap that
readability-style extractors use); a best score under MIN_CONFIDENT_SCORE means "not known".
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tts_articles.reading.byline import find_date, is_person_name
from tts_articles.reading.furniture import fold
from tts_articles.reading.page_lines import PageLine

CANDIDATE_LINES_ABOVE = 12
"""How many candidate lines above the byline (or the story) are scored; headers are short."""
CANDIDATE_LINES_INTO_STORY = 1
"""The story's first line is a candidate too: a long headline with no full stop reads like text."""
BODY_WORDS = 1500
"""The story's opening this many words is what a headline's words are looked for in."""
MIN_CONFIDENT_SCORE = 0.6
"""Below this, the best line is a guess: a fallback title is better than a wrong headline."""
CONFIDENT_SCORE = 4.0
"""A score this high or higher is full confidence (1.0)."""


CUE_WEIGHTS: dict[str, float] = {
    name: float(cue["weight"])
    for name, cue in tomllib.loads((Path(__file__).parent / "headline_cues.toml").read_text(encoding="utf-8")).items()
}
"""The weight of each cue that a line is, or is not, a headline (the table, with reasons, is headline_cues.toml)."""

MAX_HEADLINE_WORDS = 18
MIN_COUNTED_WORDS = 3
"""Shorter lines (labels, counters, dots) do not count in a candidate's distance to the byline."""
FULL_OVERLAP_WORDS = 3
"""A line needs this many content words for its overlap with the story to count in full."""
MIN_DECK_WORDS = 8
"""A line under the headline this long is its summary even without a full stop."""
LEAD_LOOKBACK_LINES = 15
"""A wiki's lead paragraph may stand above its table of contents, and so above the story found."""
LEAD_LOOKAHEAD_LINES = 5
LEAD_PARAGRAPHS = 2
"""The first paragraphs near the story's start that may open with the page's subject."""
MIN_LEAD_WORDS = 12
MAX_SUBJECT_WORDS = 8
_AFTER_SUBJECT = frozenset(" [(,")
"""What follows a subject's name in a lead: a verb, a footnote mark, a gloss, an apposition."""
_LEADING_ARTICLE = re.compile(r"^(the|a|an|der|die|das|le|la|les|el|il|lo|o|os|as) ", re.IGNORECASE)
_LEAD_IN_END = re.compile(r"[,;:]$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_NOT_SENTENCE_END = re.compile(r"(\b[A-Z]\.|\.\.\.|…)$")
"""An initial ("U.S.") or an ellipsis at the end does not make a sentence."""
_CODE = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|mp4)\b|\d{5,}|\w+_\w+|[{}<>=]|\b\w+(-\w+){3,}\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_CONTROL_WORDS = (
    "(click|tap) (to|here)", "toggle", "opens? in (a )?new (window|tab)", "close( \\w+)? (panel|menu|window)",
    "dark (theme|mode)", "share (this|on|to|via|with)", "sign (in|up)", "log ?in", "menu", "navigation", "cookies?",
    "advertis\\w*", "guidelines", "newsletters?", "notes and references", "see also", "table of contents",
)
"""Words of buttons, widgets and site sections; a headline is none of them."""
_CONTROLS = re.compile(rf"\b({'|'.join(_CONTROL_WORDS)})\b|^(contents|comments|references)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^\d+(\.\d+)*\.? \S+( \S+){0,2}$")
_SEPARATOR = re.compile(r" [|»›>/] ")
TITLE_KICKER = re.compile(r"^(?:[A-Z][\w'-]*(?: [\w'-]+)?) ?\| (?=\S)")
"""A one- or two-word section label before the headline: "Opinion | ...", "Update | ..."."""
_STOP_WORDS = frozenset(
    "the a an and or but of to in on at for with from by as is are was were be been has have had it its this "
    "that these those into over after about than then their there what when where who why how not no".split()
)


@dataclass(frozen=True)
class Headline:
    """The headline found on a page, how sure we are, and where it came from."""

    text: str
    position: int | None
    """The line it was read from; None when it came from elsewhere or was not found."""
    confidence: float
    """0.0 (no idea) to 1.0 (sure); under `min_confidence()` the headline is not used."""
    source: str
    """Where the headline came from: "page text", "og:title", "file name", ..."""


def fallback_headline(origin: str) -> Headline:
    """A title from the input's name, for a page whose headline is not known: "storm-report.txt" -> "storm report"."""
    name = origin.rstrip("/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return Headline(" ".join(re.split(r"[-_\s]+", stem)).strip(), None, 0.0, "file name")


def min_confidence() -> float:
    """The confidence under which a headline is a guess and a fallback title is used instead."""
    return _confidence(MIN_CONFIDENT_SCORE)


def find_headline(lines: Sequence[PageLine], start: int, end: int, anchor: int, excluded: set[str]) -> Headline:
    """Score the lines above the story (and its first line) and return the most headline-like.

    Args:
        start, end: the story's span of lines.
        anchor: the first byline or date line above the story, or `start`.
        excluded: folded texts that are never the headline (the site's own name).
    """
    body = _body_words(lines, start, end)
    repeats = Counter(fold(line.text) for line in lines)
    best: tuple[float, int] | None = None
    distance = 0
    for index in _candidates(lines, start, anchor, excluded):
        score = _score(lines, index, anchor, body, repeats, start <= index < end) + CUE_WEIGHTS["distance"] * distance
        distance += len(lines[index].text.split()) >= MIN_COUNTED_WORDS
        if best is None or score > best[0]:
            best = (score, index)
    if best is None:
        return Headline("", None, 0.0, "page text")
    return Headline(lines[best[1]].text, best[1], _confidence(best[0]), "page text")


def lead_subject(lines: Sequence[PageLine], start: int) -> Headline | None:
    """The short line above the story that its opening paragraph is about, as a wiki page's title is.

    An encyclopedia-style page opens with its subject: "Penny is a villager ...", "The
    Water-Making Spell (Aguamenti) was a charm ...". The page's title, a few words that
    the scorer reads as a label and that may stand far above the story (an infobox, a
    table of contents between), is the line that paragraph starts with.
    """
    leads = [
        index
        for index in range(max(0, start - LEAD_LOOKBACK_LINES), min(len(lines), start + LEAD_LOOKAHEAD_LINES))
        if _is_lead_paragraph(lines[index])
    ][:LEAD_PARAGRAPHS]
    best: int | None = None
    for lead in leads:
        opening = _LEADING_ARTICLE.sub("", lines[lead].text)
        for index in range(lead):
            text = lines[index].text
            if _eligible(lines[index], set()) and _opens(opening, text) and (best is None or len(text) > len(lines[best].text)):
                best = index
        if best is not None:
            return Headline(lines[best].text, best, _confidence(MIN_CONFIDENT_SCORE), "subject of the first paragraph")
    return None


def _is_lead_paragraph(line: PageLine) -> bool:
    return not line.verdict and not line.byline and len(line.text.split()) >= MIN_LEAD_WORDS


def _opens(opening: str, title: str) -> bool:
    """True when `opening` starts with the short `title` as whole words: "Penny is ..." with "Penny"."""
    if len(title.split()) > MAX_SUBJECT_WORDS or _SENTENCE_END.search(title) or not opening.startswith(title):
        return False
    return opening[len(title) : len(title) + 1] in _AFTER_SUBJECT


def _confidence(score: float) -> float:
    return round(min(1.0, max(0.0, score / CONFIDENT_SCORE)), 2)


def _candidates(lines: Sequence[PageLine], start: int, anchor: int, excluded: set[str]) -> list[int]:
    """Lines that may be the headline, nearest to the anchor first: below it, then above it."""
    found: list[int] = []
    last = min(len(lines), start + CANDIDATE_LINES_INTO_STORY)
    for index in range(anchor, last):
        if _eligible(lines[index], excluded):
            found.append(index)
    above = 0
    for index in range(min(anchor, len(lines)) - 1, -1, -1):
        if above == CANDIDATE_LINES_ABOVE:
            break
        if _eligible(lines[index], excluded):
            found.append(index)
            above += 1
    return sorted(found, key=lambda index: abs(index - anchor) + (0.5 if index > anchor else 0))


def _eligible(line: PageLine, excluded: set[str]) -> bool:
    return not line.verdict and not line.byline and bool(line.text.split()) and fold(line.text) not in excluded


def _score(
    lines: Sequence[PageLine], index: int, anchor: int, body: Counter[str], repeats: Counter[str], in_story: bool
) -> float:
    """The headline score of one candidate line: the sum of the weights of the cues it shows."""
    text = lines[index].text
    words = text.split()
    own = Counter(content_words(text))
    found = [word for word in own if body[word] - (own[word] if in_story else 0) > 0]
    overlap = len(found) / len(own) * min(1.0, len(own) / FULL_OVERLAP_WORDS) if own else 0.0
    next_line = lines[index + 1] if index + 1 < len(lines) else None
    byline = lines[anchor].byline if anchor < len(lines) else None
    cues = {
        "above_byline": next_line is not None and next_line.byline is not None,
        "below_authors": index > anchor and byline is not None and bool(byline.authors),
        "first_line": index == 0,
        "short": len(words) <= 2,
        "lower_start": text[0].islower(),
        "has_date": bool(find_date(text) or _CLOCK.search(text)),
        "has_code": bool(_CODE.search(text)),
        "control": bool(_CONTROLS.search(text)),
        "numbered": bool(_NUMBERED.match(text)),
        "name_first": "," in text and is_person_name(text.split(",")[0]),
        "repeated": repeats[fold(text)] > 1,
        "separators": len(_SEPARATOR.findall(text)) >= 2,
        "pipe": text.count(" | ") == 1 and not TITLE_KICKER.match(text),
        _ending(text): True,
        _deck_cue(lines, index, in_story): True,
    }
    score = CUE_WEIGHTS["overlap"] * overlap + CUE_WEIGHTS["long_word"] * max(0, len(words) - MAX_HEADLINE_WORDS)
    return score + sum(CUE_WEIGHTS.get(name, 0.0) for name, shown in cues.items() if shown)


def _deck_cue(lines: Sequence[PageLine], index: int, in_story: bool) -> str:
    """ "above_deck" for a headline over its deck, "below_shorter" for the deck itself, else ""."""
    next_line = lines[index + 1] if index + 1 < len(lines) else None
    after_next = lines[index + 2] if index + 2 < len(lines) else None
    next_has_deck = after_next is not None and next_line is not None and _is_deck(after_next, next_line)
    if next_line is not None and _is_deck(next_line, lines[index]) and not next_has_deck and not in_story:
        return "above_deck"
    previous = lines[index - 1] if index > 0 else None
    could_head = previous is not None and len(previous.text.split()) >= MIN_COUNTED_WORDS
    return "below_shorter" if previous is not None and could_head and _is_deck(lines[index], previous) else ""


def _ending(text: str) -> str:
    """ "lead_in_end", "sentence_end" or "" for how a line ends."""
    if _LEAD_IN_END.search(text):
        return "lead_in_end"
    if not text.endswith(".") or _NOT_SENTENCE_END.search(text):
        return ""
    return "sentence_end"


def _is_deck(line: PageLine, above: PageLine) -> bool:
    """A summary under a headline: a sentence under a line that is none, or a longer line."""
    if line.verdict or line.byline or above.verdict or above.byline:
        return False
    num_words, above_words = len(line.text.split()), len(above.text.split())
    if num_words < MIN_COUNTED_WORDS:
        return False
    sentence_under_title = bool(_SENTENCE_END.search(line.text)) and not _SENTENCE_END.search(above.text)
    longer = num_words >= above_words and (num_words >= MIN_DECK_WORDS or bool(_SENTENCE_END.search(line.text)))
    return sentence_under_title or longer


def _body_words(lines: Sequence[PageLine], start: int, end: int) -> Counter[str]:
    words: Counter[str] = Counter()
    total = 0
    for line in lines[start:end]:
        if line.verdict or line.byline:
            continue
        content = content_words(line.text)
        words.update(content)
        total += len(content)
        if total >= BODY_WORDS:
            break
    return words


def content_words(text: str) -> list[str]:
    """The words that carry meaning, cut to their first five letters so "burials" finds "burial"."""
    return [word[:5] for word in re.findall(r"\w+", fold(text)) if len(word) > 2 and word not in _STOP_WORDS]
