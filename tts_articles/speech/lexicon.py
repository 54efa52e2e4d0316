"""Pronunciation lexicon: TOML files of word -> respelling or [[ IPA ]]; `lexicon check`."""

import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tts_articles.config import VOICES_ENV
from tts_articles.errors import ConfigError

LEXICON_TABLE = "words"
_PHONEME_BLOCK = re.compile(r"^\[\[\s*([^\[\]]+?)\s*\]\]$")
# Plural/possessive endings after a phoneme block: voiceless consonants take /s/,
# sibilants /ɪz/, everything else /z/.
_SIBILANT_ENDINGS = ("s", "z", "ʃ", "ʒ", "tʃ", "dʒ")
_VOICELESS_ENDINGS = ("p", "t", "k", "f", "θ")
_SUFFIX = r"(['’]s|['’](?=\s|$)|es|s)?"
_STRESS_MARKS = str.maketrans("", "", "ˈˌ ")


@dataclass(frozen=True)
class LexiconEntry:
    """One word or phrase and how to say it."""

    word: str
    """As written; an all-lowercase word matches any case, else only this case or all capitals."""
    spoken: str
    """A respelling for espeak ("keev") or Piper inline phonemes ("[[ kˈiːv ]]")."""
    origin: str
    """Where it was defined, "file.toml:12", for error messages and `lexicon check`."""

    @property
    def phonemes(self) -> str | None:
        """The IPA inside a `[[ … ]]` block, or None for a respelling."""
        match = _PHONEME_BLOCK.match(self.spoken)
        return match.group(1) if match else None


@dataclass(frozen=True)
class Lexicon:
    """Pronunciation entries; later entries for the same word replace earlier ones."""

    entries: tuple[LexiconEntry, ...] = ()

    def replace(self, text: str, protect: Callable[[str], str] = str) -> str:
        """Replace every whole-word match (also "Kyiv's", "hryvnias") with its spoken form.

        `protect` wraps each replacement, so a caller can keep it away from later rewriting.
        """
        if not self.entries:
            return text
        return _pattern(self).sub(
            lambda match: _spoken_match(self, match, protect), text
        )


@dataclass(frozen=True)
class LexiconProblem:
    """An entry the voice still gets wrong, found by `check_lexicon`."""

    entry: LexiconEntry
    phonemes: str
    reason: str


def _pattern(lexicon: Lexicon) -> re.Pattern[str]:
    words = sorted({entry.word for entry in lexicon.entries}, key=len, reverse=True)
    alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)
    return re.compile(
        rf"(?<![\w'’-])({alternatives}){_SUFFIX}(?![\w'’])", re.IGNORECASE
    )


def _find_entry(lexicon: Lexicon, written: str) -> LexiconEntry | None:
    """The entry for `written`: its exact spelling first, then a lowercase entry or all capitals."""
    written = re.sub(r"\s+", " ", written)
    same_letters = [
        entry
        for entry in lexicon.entries
        if entry.word.casefold() == written.casefold()
    ]
    for entry in same_letters:
        if entry.word == written:
            return entry
    for entry in same_letters:
        if entry.word.islower() or written.isupper():
            return entry
    return None


def _spoken_match(
    lexicon: Lexicon, match: re.Match[str], protect: Callable[[str], str]
) -> str:
    entry = _find_entry(lexicon, match.group(1))
    if entry is None:
        return match.group(0)
    suffix = match.group(2) or ""
    if entry.phonemes is None:
        return protect(entry.spoken + suffix)
    return protect(f"[[ {entry.phonemes}{_phoneme_suffix(entry.phonemes, suffix)} ]]")


def _phoneme_suffix(phonemes: str, suffix: str) -> str:
    if suffix in ("", "'", "’"):
        return ""
    if suffix == "es" or phonemes.endswith(_SIBILANT_ENDINGS):
        return "ɪz"
    return "s" if phonemes.endswith(_VOICELESS_ENDINGS) else "z"


def load_lexicons(paths: Sequence[Path]) -> Lexicon:
    """Read lexicon files in order; a later file's entry for a word overrides an earlier one.

    Raises:
        ConfigError: a file is missing, not valid TOML, or has an empty or malformed entry;
            the message names the file and line.
    """
    merged: dict[str, LexiconEntry] = {}
    for path in paths:
        for entry in _read_lexicon(Path(path)):
            merged.pop(entry.word, None)
            merged[entry.word] = entry
    return Lexicon(tuple(merged.values()))


def _read_lexicon(path: Path) -> list[LexiconEntry]:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot read lexicon {path}: {err}") from err
    try:
        document = tomllib.loads(source)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(
            f'{path}: not valid TOML: {err}; write entries as "Word" = "respelling"'
        ) from err
    extra = sorted(key for key in document if key != LEXICON_TABLE)
    if extra or not isinstance(document.get(LEXICON_TABLE, {}), dict):
        line = _line_of(source, extra[0] if extra else LEXICON_TABLE)
        raise ConfigError(f"{path}:{line}: entries belong in a [{LEXICON_TABLE}] table")
    return [
        _entry(path, source, word, spoken)
        for word, spoken in document.get(LEXICON_TABLE, {}).items()
    ]


def _entry(path: Path, source: str, word: str, spoken: object) -> LexiconEntry:
    origin = f"{path}:{_line_of(source, word)}"
    if not isinstance(spoken, str) or not spoken.strip() or not word.strip():
        raise ConfigError(
            f"{origin}: empty or non-text respelling for {word!r}; give a respelling or [[ IPA ]]"
        )
    spoken = spoken.strip()
    if ("[[" in spoken or "]]" in spoken) and not _PHONEME_BLOCK.match(spoken):
        raise ConfigError(
            f'{origin}: {word!r}: phonemes must be one block like "[[ kˈiːv ]]"'
        )
    return LexiconEntry(word=word.strip(), spoken=spoken, origin=origin)


def _line_of(source: str, key: str) -> int:
    """The 1-based line defining `key` (tomllib does not report positions)."""
    quoted = re.escape(key)
    pattern = re.compile(
        rf"^\s*(?:\[\s*)?(?:\"{quoted}\"|'{quoted}'|{quoted})\s*(?:=|\])"
    )
    for number, line in enumerate(source.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1


def bundled_lexicon_paths(environ: Mapping[str, str] | None = None) -> tuple[Path, ...]:
    """The shipped lexicons (voices/lexicon/), then those in $TTS_ARTICLES_VOICES/lexicon/.

    The package reaches the shipped ones through tts_articles/bundled_lexicons, a link to
    voices/lexicon that setuptools follows, so a wheel install has them too.
    """
    environ = os.environ if environ is None else environ
    folders = [Path(__file__).parent / "bundled_lexicons"]
    if environ.get(VOICES_ENV):
        folders.append(Path(environ[VOICES_ENV]) / "lexicon")
    return tuple(
        path
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.glob("*.toml"))
    )


def check_lexicon(
    lexicon: Lexicon, phonemize: Callable[[str], str]
) -> list[LexiconProblem]:
    """Phonemise every entry and report those the voice reads as spelled letters or "roman".

    `phonemize` turns text into the voice's phonemes, e.g. for a loaded PiperVoice
    `lambda text: " ".join("".join(s) for s in voice.phonemize(text))`.
    """
    roman = phonemize("roman").translate(_STRESS_MARKS)
    problems = []
    for entry in lexicon.entries:
        phonemes = phonemize(entry.spoken)
        reason = _problem(entry, phonemes, roman, phonemize)
        if reason:
            problems.append(
                LexiconProblem(entry=entry, phonemes=phonemes, reason=reason)
            )
    return problems


def _problem(
    entry: LexiconEntry, phonemes: str, roman: str, phonemize: Callable[[str], str]
) -> str:
    if not phonemes.strip():
        return "the voice says nothing for it"
    if (
        roman in phonemes.translate(_STRESS_MARKS)
        and "roman" not in entry.spoken.lower()
    ):
        return 'the voice says "roman"'
    if entry.phonemes is None:
        for word, word_phonemes in zip(entry.spoken.split(), phonemes.split()):
            if _starts_spelled(word, word_phonemes, phonemize):
                return f"the voice spells out letters of {word!r}"
    return ""


def _starts_spelled(word: str, phonemes: str, phonemize: Callable[[str], str]) -> bool:
    """True when espeak says a word's first letter by name: "Lviv" -> "el-viv", "Dnipro" -> "dee-nipro"."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    vowels = "aeiouy"
    if (
        len(letters) < 2
        or letters[0] in vowels
        or letters[1] in vowels
        or word.isupper()
    ):
        return False
    letter_name = phonemize(letters[0].upper()).translate(_STRESS_MARKS)
    return phonemes.translate(_STRESS_MARKS).startswith(letter_name)
