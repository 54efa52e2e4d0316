"""Lexicon entries -> whether a recogniser hears each one as meant: `lexicon check --listen`.

A respelling can look right to espeak and still be heard wrong: "Donetsk awblast" was heard
as "call-blast". Each entry is said by the voice in carrier sentences and recognised with
pocketsphinx against a grammar that offers the intended pronunciation and near ones; an
entry the recogniser does not pick out is reported.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tts_articles.errors import ConfigError
from tts_articles.speech.lexicon import Lexicon, LexiconEntry
from tts_articles.speech.tables import spoken_table

logger = logging.getLogger(__name__)

CARRIERS = ("{word} was the word I heard.", "I said {word} again.")
"""The entry first (where a short first word gets swallowed) and inside a sentence."""
RECOGNISER_RATE_HZ = 16000
"""pocketsphinx's bundled English model is trained on 16 kHz speech."""

# espeak-ng's English phonemes -> the recogniser's ARPAbet; longest symbols first.
_ARPABET = spoken_table("""
aɪ | AY
aʊ | AW
eɪ | EY
oʊ | OW
ɔɪ | OY
tʃ | CH
dʒ | JH
ɑː | AA
ɔː | AO
ɜː | ER
iː | IY
uː | UW
ɑ | AA
æ | AE
ʌ | AH
ɔ | AO
ə | AH
ɚ | ER
ɛ | EH
ɪ | IH
ᵻ | IH
i | IY
u | UW
ʊ | UH
ɐ | AH
e | EH
o | OW
a | AA
ɒ | AA
b | B
d | D
ð | DH
f | F
ɡ | G
g | G
h | HH
j | Y
k | K
l | L
m | M
n | N
ŋ | NG
p | P
ɹ | R
r | R
s | S
ʃ | SH
t | T
θ | TH
v | V
w | W
z | Z
ʒ | ZH
ɾ | D
x | K
""")
_SYMBOLS = re.compile("|".join(sorted(map(re.escape, _ARPABET), key=len, reverse=True)))
# A sound a listener may add before a word whose first sound is weak ("awblast" -> "call blast").
_ADDED_ONSETS = ("K",)

Speaker = Callable[[str], tuple[bytes, int]]
"""Says a text: returns mono int16 PCM and its sample rate."""


@dataclass(frozen=True)
class HearingProblem:
    """An entry the recogniser did not pick out in one carrier sentence."""

    entry: LexiconEntry
    sentence: str
    heard: str
    """The near pronunciation it chose instead, in ARPAbet."""


def to_arpabet(phonemes: str) -> list[str]:
    """espeak IPA -> ARPAbet: "kˈiːv" -> ["K", "IY", "V"]; stress, length and unknown marks dropped."""
    return [_ARPABET[symbol] for symbol in _SYMBOLS.findall(phonemes)]


def near_pronunciations(target: Sequence[str], written: Sequence[str]) -> list[tuple[str, ...]]:
    """Pronunciations a listener could take `target` for: the written word as espeak reads it,
    the first or last sound lost, a consonant heard before it."""
    candidates = [tuple(written), tuple(target[1:])]
    candidates += [(onset, *target) for onset in _ADDED_ONSETS if target[:1] != (onset,)]
    unique = dict.fromkeys(candidate for candidate in candidates if len(candidate) >= 2 and candidate != tuple(target))
    return list(unique)


def listen_lexicon(lexicon: Lexicon, say: Speaker, phonemize: Callable[[str], str]) -> list[HearingProblem]:
    """Say every entry in each carrier sentence and report those the recogniser takes for a near pronunciation.

    Raises:
        ConfigError: pocketsphinx is not installed.
    """
    recogniser = _Recogniser()
    problems = []
    for entry in lexicon.entries:
        target = to_arpabet(entry.phonemes or phonemize(entry.spoken))
        near = near_pronunciations(target, to_arpabet(phonemize(entry.word)))
        for carrier in CARRIERS:
            sentence = Lexicon((entry,)).replace(carrier.format(word=entry.word))
            pcm, sample_rate = say(sentence)
            heard = recogniser.choose(carrier, [tuple(target), *near], pcm, sample_rate)
            logger.info("%s: %r heard as %s", entry.origin, sentence, " ".join(heard))
            if heard != tuple(target):
                problems.append(HearingProblem(entry, sentence, " ".join(heard)))
    return problems


class _Recogniser:
    """pocketsphinx with a one-sentence grammar: the carrier's words around a choice of pronunciations."""

    def __init__(self) -> None:
        try:
            import pocketsphinx  # type: ignore[import-untyped]
        except ImportError as err:
            raise ConfigError("lexicon check --listen needs pocketsphinx: pip install pocketsphinx") from err
        self._pocketsphinx = pocketsphinx

    def choose(self, carrier: str, choices: list[tuple[str, ...]], pcm: bytes, sample_rate: int) -> tuple[str, ...]:
        """The choice the recogniser hears in `pcm`, or () if it hears none."""
        decoder = self._pocketsphinx.Decoder(samprate=RECOGNISER_RATE_HZ, loglevel="FATAL")
        names = [f"choice{index}" for index in range(len(choices))]
        for name, phones in zip(names, choices):
            decoder.add_word(name, " ".join(phones), True)
        before, _, after = carrier.lower().partition("{word}")
        grammar = f"#JSGF V1.0;\ngrammar entry;\npublic <sentence> = {_grammar_words(before)} ( {' | '.join(names)} ) {_grammar_words(after)};\n"
        decoder.add_jsgf_string("entry", grammar)
        decoder.activate_search("entry")
        decoder.start_utt()
        decoder.process_raw(_resampled(pcm, sample_rate), full_utt=True)
        decoder.end_utt()
        hypothesis = decoder.hyp()
        chosen = [word for word in (hypothesis.hypstr.split() if hypothesis else []) if word in names]
        return choices[names.index(chosen[0])] if chosen else ()


def _grammar_words(text: str) -> str:
    """The carrier's words as a grammar writes them: lowercase, no punctuation."""
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def _resampled(pcm: bytes, sample_rate: int) -> bytes:
    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float64)
    times = np.arange(0, len(samples) / sample_rate, 1 / RECOGNISER_RATE_HZ)
    return bytes(np.interp(times, np.arange(len(samples)) / sample_rate, samples).astype(np.int16).tobytes())
