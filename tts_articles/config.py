"""Settings: defaults, the config file, and command-line precedence."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tts_articles.errors import ConfigError, TtsArticlesError
from tts_articles.reading.fetch import DEFAULT_TIMEOUT_S
from tts_articles.reading.load import DEFAULT_MAX_INPUT_BYTES

CONFIG_FILE_NAME = "tts-articles.toml"
VOICES_ENV = "TTS_ARTICLES_VOICES"
"""Environment variable: more folders (os.pathsep between them) holding voices and a lexicon/ folder."""

DEFAULT_SENTENCE_PAUSE_S = 0.30
DEFAULT_PARAGRAPH_PAUSE_S = 0.75
DEFAULT_SECTION_PAUSE_S = 1.20
"""After the intro and around headings: a listener hears a new part begin."""
DEFAULT_BITRATE_KBPS = 64
"""Mono speech convention for podcasts (see shared notes on MP3 output)."""
ALLOWED_BITRATES_KBPS = (32, 48, 56, 64, 80, 96, 112, 128, 160, 192)
"""CBR rates that MPEG-1 Layer III at 44.1 kHz can encode."""
DEFAULT_TARGET_LUFS = -16.0
"""Apple's recommendation for spoken word (AES TD1004 allows -16 to -20)."""
DEFAULT_TRUE_PEAK_DBTP = -1.0
DEFAULT_OUTRO = "This story was read by a synthetic voice."
CHAPTER_MODES = ("auto", "section", "paragraph", "none")


@dataclass(frozen=True)
class Settings:
    """Everything a narration can be tuned with; each field has a default."""

    voice: str | None = None
    """Voice name or .onnx path; None means the bundled default voice."""
    length_scale: float = 1.0
    """Piper's length scale: above 1 is slower speech (``--speed`` is its inverse)."""
    noise_scale: float | None = None
    """None means the voice's own default; 0 with noise_w_scale 0 gives repeatable audio."""
    noise_w_scale: float | None = None
    sentence_pause_s: float = DEFAULT_SENTENCE_PAUSE_S
    paragraph_pause_s: float = DEFAULT_PARAGRAPH_PAUSE_S
    section_pause_s: float = DEFAULT_SECTION_PAUSE_S
    bitrate_kbps: int = DEFAULT_BITRATE_KBPS
    target_lufs: float = DEFAULT_TARGET_LUFS
    true_peak_dbtp: float = DEFAULT_TRUE_PEAK_DBTP
    chapters: str = "auto"
    outro: str = DEFAULT_OUTRO
    intro: bool = True
    raw: bool = False
    """Read everything in the input: no removal of page furniture."""
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    fetch_timeout_s: float = DEFAULT_TIMEOUT_S
    """How long a URL may take to answer."""
    transition: str | None = None
    """A short sound played between the stories of a digest (any format ffmpeg reads)."""
    cover: str | None = None
    """A JPEG or PNG file embedded as the episode's cover art."""
    lexicons: tuple[str, ...] = ()
    """Extra pronunciation lexicon files, read after the bundled ones."""
    jobs: int | None = None
    """Synthesis worker processes; None means one per core."""
    cache_dir: str | None = None
    use_cache: bool = True
    story_timeout_s: float | None = None
    """batch: seconds one story may take before it is stopped and failed; None allows time in proportion to its length."""

    def __post_init__(self) -> None:
        if self.bitrate_kbps not in ALLOWED_BITRATES_KBPS:
            allowed = ", ".join(map(str, ALLOWED_BITRATES_KBPS))
            raise ConfigError(f"bitrate {self.bitrate_kbps} kbit/s is not supported; use one of {allowed}")
        if not 0.25 <= self.length_scale <= 4.0:
            raise ConfigError(
                f"speed {1 / self.length_scale:.2f} is out of range; use a speed between 0.25 and 4"
            )
        if self.chapters not in CHAPTER_MODES:
            raise ConfigError(f"unknown chapter mode {self.chapters!r}; use one of {', '.join(CHAPTER_MODES)}")
        timeout_s = self.story_timeout_s
        if timeout_s is not None and (type(timeout_s) not in (int, float) or not timeout_s > 0):
            raise ConfigError(f"story_timeout_s must be a number of seconds above 0, not {timeout_s!r}")
        for name in ("sentence_pause_s", "paragraph_pause_s", "section_pause_s"):
            if not 0 <= getattr(self, name) <= 10:
                raise ConfigError(f"{name} must be between 0 and 10 seconds")

    @classmethod
    def from_dict(cls, values: dict[str, Any], origin: str = "settings") -> Settings:
        """Build Settings from a mapping; an unknown key is an error naming it."""
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        return from_table(cls, values, origin, "setting", ConfigError)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with every override that is not None applied."""
        return dataclasses.replace(self, **{k: v for k, v in overrides.items() if v is not None})


if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_Table = TypeVar("_Table", bound="DataclassInstance")


def from_table(cls: type[_Table], values: dict[str, Any], origin: str, key_kind: str,
               error: type[TtsArticlesError]) -> _Table:
    """Build the dataclass `cls` from a table of a config file.

    Raises:
        error: a key is not a field of `cls` ("{origin}: unknown {key_kind} ..."), or
            `cls` refused a value (its message, after the origin).
    """
    known = sorted(field.name for field in dataclasses.fields(cls))
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise error(f"{origin}: unknown {key_kind} {unknown[0]!r}; known: {', '.join(known)}")
    try:
        return cls(**values)
    except error as err:
        raise error(f"{origin}: {err}") from err


def read_toml(path: Path | None, default_path: Path, what: str, error: type[TtsArticlesError]) -> tuple[Path, dict[str, Any]] | None:
    """Parse the TOML file `path`, else `default_path` when it exists; None when neither is given.

    Args:
        path: an explicit file; it must exist.
        what: how a message names the file, e.g. "config file".

    Raises:
        error: the file is missing, unreadable or not TOML (the message names it).
    """
    if path is None:
        if not default_path.is_file():
            return None
        path = default_path
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise error(f"{what} {path} does not exist") from err
    except (OSError, UnicodeDecodeError) as err:
        raise error(f"cannot read {what} {path}: {err}") from err
    except tomllib.TOMLDecodeError as err:
        raise error(f"{what} {path} is not valid TOML: {err}") from err


def load_settings(config_path: Path | None = None, folder: Path = Path(".")) -> Settings:
    """Read the `[narrate]` table of a config file, or defaults when there is none.

    Args:
        config_path: an explicit file; it must exist.
        folder: where to look for tts-articles.toml when no path is given.
    """
    table, origin = _config_table("narrate", config_path, folder)
    return Settings.from_dict(table, origin=origin)


@dataclass(frozen=True)
class BatchSettings:
    """The `[batch]` table: where batch runs, as opposed to how each story sounds."""

    scheduler: str | None = None
    """A Dask scheduler's address (tcp://HOST:8786) or "local"; None means local worker processes."""

    def __post_init__(self) -> None:
        if self.scheduler is not None and not isinstance(self.scheduler, str):
            raise ConfigError("scheduler must be an address such as 'tcp://10.0.0.5:8786', or 'local'")


def load_batch_settings(config_path: Path | None = None, folder: Path = Path(".")) -> BatchSettings:
    """Read the `[batch]` table of the config file that load_settings reads, or defaults."""
    table, origin = _config_table("batch", config_path, folder)
    return from_table(BatchSettings, table, origin, "batch setting", ConfigError)


def _config_table(name: str, config_path: Path | None, folder: Path) -> tuple[dict[str, Any], str]:
    """The table `name` of the config file (empty without a file or table) and the file's name."""
    found = read_toml(config_path, folder / CONFIG_FILE_NAME, "config file", ConfigError)
    if found is None:
        return {}, "settings"
    path, document = found
    table = document.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    return table, str(path)
