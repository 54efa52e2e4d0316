"""Script -> Segments: one short, speakable chunk of display text per sentence."""

from __future__ import annotations

import dataclasses
import functools
import re
import threading

import pysbd

from tts_articles.speech.clock import TIME_ZONES
from tts_articles.types import Pause, Script, Segment

MAX_CHUNK_CHARS = 300
"""espeak-ng glues words together past its ~800-byte clause buffer, and Piper waits
1.6 s before any audio of a 558-character sentence (shared notes): long sentences
are split at a clause boundary so no chunk passes this length."""

PYSBD_WINDOW_CHARS = 2_000
"""Longest text given to pysbd in one call: about ten sentences, where its quadratic cost is still small."""
_SURE_SENTENCE_END = re.compile(r"(?<=[a-z]{3}[.!?])\s+(?=[A-Z])")

# Clause boundaries, best first: a split after a semicolon or before a spaced dash
# reads naturally; a comma before a conjunction or relative pronoun nearly as well.
_CLAUSE_BOUNDARIES = (
    re.compile(r"(?<=;)\s+"),
    re.compile(r"\s+(?=[—–-]\s)"),
    re.compile(r"(?<=,)\s+(?=(?:and|but|or|while|which|who|where|when|because|although|though|as|after|before|since|so)\s)"),
    re.compile(r"(?<=[,:])\s+"),
    re.compile(r"\s+"),
)
# Abbreviations after which a sentence never ends: titles and words that lead into what follows.
_NO_END_AFTER = re.compile(
    r"(?<![\w.])(?:approx|Hon|Gen|Lt|Col|Capt|Sgt|Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Prof|Rev|Adm|Maj|Cpl|Pvt|Amb|No|vs)\.$"
)
_ENDS_WITH_MERIDIEM = re.compile(r"\d\s?[ap]\.m\.$")
_STARTS_WITH_TIME_ZONE = re.compile(rf"{TIME_ZONES}\b")
_PYSBD_LANGUAGES = frozenset(
    [
        "en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa", "nl", "da", "fr", "my",
        "el", "it", "ja", "de", "kk", "sk",
    ]
)


def split_script(script: Script, max_chars: int = MAX_CHUNK_CHARS) -> tuple[Segment, ...]:
    """Split every paragraph of `script` into sentence chunks of at most `max_chars`."""
    segments: list[Segment] = []
    paragraph_index = 0
    for chapter_index, chapter in enumerate(script.chapters):
        for position, paragraph in enumerate(chapter.paragraphs):
            chunks = [paragraph.text] if paragraph.is_heading else split_sentences(paragraph.text, script.language, max_chars)
            next_is_heading = (
                position + 1 == len(chapter.paragraphs)
                and chapter_index + 1 < len(script.chapters)
                and script.chapters[chapter_index + 1].paragraphs[0].is_heading
            )
            ends_intro = script.has_intro and chapter_index == 0 and position + 1 == len(chapter.paragraphs)
            longer = paragraph.is_heading or next_is_heading or ends_intro
            paragraph_pause = Pause.SECTION if longer else Pause.PARAGRAPH
            for number, chunk in enumerate(chunks):
                pause = Pause.SENTENCE if number + 1 < len(chunks) else paragraph_pause
                segments.append(Segment(len(segments), chapter_index, paragraph_index, chunk, chunk, pause))
            paragraph_index += 1
    if segments:
        segments[-1] = dataclasses.replace(segments[-1], pause_after=Pause.END)
    return tuple(segments)


def split_sentences(text: str, language: str = "en", max_chars: int = MAX_CHUNK_CHARS) -> list[str]:
    """Split a paragraph into sentences, then any sentence over `max_chars` into clauses.

    pysbd keeps "Nov. 6", "U.S." and "Gen." inside their sentences.
    """
    segmenter = _segmenter(language)
    sentences = _rejoin([s.strip() for window in _windows(text) for s in segmenter.segment(window) if s.strip()])
    return [chunk for sentence in sentences for chunk in split_long(sentence, max_chars)]


def _windows(text: str) -> list[str]:
    """Cut `text` into pieces of at most PYSBD_WINDOW_CHARS at sure sentence ends.

    pysbd's time grows with the square of its input (a 50 kB paragraph took seconds), so a
    long paragraph is given to it in windows. A window ends after a lowercase word and a
    full stop before a capital, where pysbd would split too; failing that, at a space.
    """
    windows: list[str] = []
    start = 0
    while len(text) - start > PYSBD_WINDOW_CHARS:
        limit = start + PYSBD_WINDOW_CHARS
        ends = [m.end() for m in _SURE_SENTENCE_END.finditer(text, start + PYSBD_WINDOW_CHARS // 2, limit)]
        cut = ends[-1] if ends else text.rfind(" ", start + 1, limit) + 1 or limit
        windows.append(text[start:cut])
        start = cut
    windows.append(text[start:])
    return windows


def _rejoin(sentences: list[str]) -> list[str]:
    """Join back what pysbd cut after an abbreviation that cannot end a sentence.

    "at 5 p.m. EST", "approx. 5", "Hon. John Smith", "Mon.-Sun." are one sentence; a
    split there would put a pause and a cue boundary inside the phrase.
    """
    joined: list[str] = []
    for sentence in sentences:
        in_range = sentence.startswith(("-", "–"))
        time_zone = bool(joined) and bool(_ENDS_WITH_MERIDIEM.search(joined[-1]) and _STARTS_WITH_TIME_ZONE.match(sentence))
        if joined and (in_range or time_zone or _NO_END_AFTER.search(joined[-1])):
            joined[-1] = f"{joined[-1]}{'' if in_range else ' '}{sentence}"
        else:
            joined.append(sentence)
    return joined


def split_long(sentence: str, max_chars: int = MAX_CHUNK_CHARS) -> list[str]:
    """Split `sentence` at the best clause boundary nearest its middle until every part fits."""
    if len(sentence) <= max_chars:
        return [sentence]
    for boundary in _CLAUSE_BOUNDARIES:
        cuts = [m for m in boundary.finditer(sentence) if 0 < m.start() < len(sentence)]
        if cuts:
            middle = len(sentence) / 2
            cut = min(cuts, key=lambda m: abs(m.start() - middle))
            head, tail = sentence[: cut.start()].strip(), sentence[cut.end():].strip()
            return split_long(head, max_chars) + split_long(tail, max_chars)
    # One unbroken "word" longer than max_chars (a URL, say): cut it blindly.
    return [sentence[start : start + max_chars] for start in range(0, len(sentence), max_chars)]


def _segmenter(language: str) -> pysbd.Segmenter:
    return _thread_segmenter(language, threading.get_ident())


@functools.lru_cache(maxsize=64)
def _thread_segmenter(language: str, thread_id: int) -> pysbd.Segmenter:
    """One Segmenter per language and thread: a Segmenter keeps the text it is splitting on
    itself, and threads sharing one lost sentences (batch planning on a Dask cluster)."""
    code = language.split("-")[0].split("_")[0].lower()
    return pysbd.Segmenter(language=code if code in _PYSBD_LANGUAGES else "en", clean=False)

