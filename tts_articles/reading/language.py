"""Story paragraphs -> a language code: which language's most common words the story uses most.

Raw page text carries no `lang` attribute, and sentence splitting and voice choice need one.
Function words are the densest signal a short text gives (jusText's stop-word density rests
on the same fact); a language wins when its words clearly outnumber every other's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

DEFAULT_LANGUAGE = "en"
MIN_HITS = 10
"""Fewer function words than this (a caption, a list of dates) say nothing reliable."""
MIN_LEAD = 1.5
"""The winner needs this many times the runner-up's count."""
SAMPLE_WORDS = 2000
"""The story's opening this many words decide; enough for any language, and linear."""
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to is in that it was for with as on are be this have from by not they".split()),
    "de": frozenset("der die und das ist nicht ein eine zu den mit sich des auf für im dem von auch es".split()),
    "fr": frozenset("le la les et des est un une pour dans que qui pas sur au du ce il elle avec".split()),
    "es": frozenset("el la los las y que es en un una por con para del se lo como más pero su".split()),
    "it": frozenset("il lo la gli le e che di un una per non con del della sono ma anche nel si è".split()),
    "pt": frozenset("o a os as e que de um uma para com não do da em no na se mais por é".split()),
    "nl": frozenset("de het een en van is dat niet op te zijn met voor die aan er ook maar".split()),
    "pl": frozenset("i w na nie się z do jest że to jak o co ale po tak za od".split()),
    "ru": frozenset("и в не на что с по как это он она но из у к за от так же".split()),
    "uk": frozenset("і в не на що з по як це він вона але із у до за від так та".split()),
}
"""The most frequent function words of each language, lower case; a table, extended by adding a row."""


def guess_language(paragraphs: Sequence[str], default: str = DEFAULT_LANGUAGE) -> str:
    """The language whose function words the paragraphs use most, or `default` when unsure."""
    words: list[str] = []
    for paragraph in paragraphs:
        words.extend(re.findall(r"\w+", paragraph.lower()))
        if len(words) >= SAMPLE_WORDS:
            break
    hits = {code: sum(word in vocabulary for word in words[:SAMPLE_WORDS]) for code, vocabulary in FUNCTION_WORDS.items()}
    ranked = sorted(hits.items(), key=lambda item: item[1], reverse=True)
    (best, best_hits), (_, second_hits) = ranked[0], ranked[1]
    return best if best_hits >= MIN_HITS and best_hits >= MIN_LEAD * second_hits else default
