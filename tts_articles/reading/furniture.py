"""Page furniture: score one line of page text and say why it is not part of the story.

Each rule is a pattern with a weight and a human reason. A line's furniture score is the
sum of the weights of the rules it matches; it is furniture when the score reaches a
threshold that grows with the line's length, because a 60-word paragraph that mentions
"subscribe" once is far more likely to be story than a six-word line that does.
No library does this for plain text (trafilatura and jusText need the HTML tree), so the
rules are written as data in furniture_rules.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tts_articles.reading.furniture_rules import READER_COMMENT, RULES, SECTION_WORDS, SHARE_WORDS, STRONG

__all__ = ["READER_COMMENT", "Verdict", "fold", "judge_line"]

FURNITURE_THRESHOLD = 2.0
"""The score at which a line of up to SHORT_LINE_WORDS words counts as furniture."""
SHORT_LINE_WORDS = 20
WORDS_PER_EXTRA_POINT = 20
"""Beyond SHORT_LINE_WORDS, each this many words raise the threshold by one point."""
_SECTION_MENU_SHARE = 0.8
_SECTION_MENU_MIN_WORDS = 3


@dataclass(frozen=True)
class Verdict:
    """Why a line is furniture: the strongest reason and the total score."""

    reason: str
    score: float
    ends_story: bool = False


def judge_line(text: str) -> Verdict | None:
    """Return why `text` is page furniture, or None when it may be part of the story."""
    folded = fold(text)
    if not folded:
        return None
    scores: dict[str, float] = {}
    ends_story = False
    for rule in RULES:
        if rule.pattern.search(folded):
            scores[rule.reason] = scores.get(rule.reason, 0.0) + rule.weight
            ends_story = ends_story or (rule.ends_story and rule.weight >= STRONG)
    menu_reason = _menu_reason(folded)
    if menu_reason:
        scores[menu_reason] = scores.get(menu_reason, 0.0) + STRONG
    total = sum(scores.values())
    if total < _threshold(len(folded.split())):
        return None
    reason = max(scores, key=lambda name: (scores[name], name))
    return Verdict(reason, total, ends_story)


def fold(text: str) -> str:
    """Lower case, straight quotes and single spaces: the form rules are written against."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.lower().split()).strip(" *•·")


def _menu_reason(folded: str) -> str | None:
    """Name a line made almost only of section names or share-button labels."""
    words = re.findall(r"[a-z-]+", folded)
    if len(words) < _SECTION_MENU_MIN_WORDS or re.search(r"[.!?,;]$", folded):
        return None
    for vocabulary, reason in ((SHARE_WORDS, "share buttons"), (SECTION_WORDS, "navigation")):
        if sum(word in vocabulary for word in words) >= _SECTION_MENU_SHARE * len(words):
            return reason
    return None


def _threshold(num_words: int) -> float:
    return FURNITURE_THRESHOLD + max(0, num_words - SHORT_LINE_WORDS) / WORDS_PER_EXTRA_POINT
