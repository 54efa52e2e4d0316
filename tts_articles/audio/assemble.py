"""Clips -> Episode: join the audio with pauses, time every cue and chapter, encode the MP3."""

from __future__ import annotations

import dataclasses
import itertools
import logging
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tts_articles.audio.cache import AudioCache, content_key
from tts_articles.audio.ffmpeg import audio_seconds, ffmpeg_path, read_all, run_ffmpeg
from tts_articles.audio.loudness import Loudness, measure_integrated_lufs, measure_mp3
from tts_articles.errors import AudioError
from tts_articles.types import ChapterMark, Clip, Cue, Pause, Script, Timeline

END_PAUSE_S = 0.5
"""Silence after the last word, so players do not clip the ending."""
STORY_PAUSE_S = 2.0
"""Between the stories of a digest: long enough to hear that one story ended."""
LOUDNESS_TOLERANCE_LU = 0.5
"""Re-encode when the MP3 misses the target by more than this; the spec allows ±1."""
MAX_ENCODING_PASSES = 3
MP3_SAMPLE_RATE = 44_100
"""At Piper's 22,050 Hz libmp3lame writes MPEG-2 Layer III, below Apple Podcasts' minimum."""
LIMITER_OVERSAMPLING = 2
"""The limiter runs at 2x the MP3 rate so it catches inter-sample peaks. Piper's audio
has nothing above 11 kHz, so 88.2 kHz is already 8x its bandwidth: on three articles
the MP3s' true peaks were 0.1-1.2 dB lower than with the limiter at 44.1 kHz and no
higher than at 176.4 kHz, which cost 1.9 s more per 14 minutes of audio."""
LAME_QUALITY = 5
"""LAME's algorithm quality (0 best, 9 fastest), as ffmpeg's default encodes. 7 encoded
14 minutes of speech in 2.9 s instead of 5.3 s, but raised pocketsphinx's word error
rate on the grain-corridor sample from 0.39 to 0.45: not worth it."""
COMPRESSION_ABOVE_LOUDNESS_DB = 6.0
"""Piper's speech has a peak-to-loudness ratio of ~25 dB: at -16 LUFS its peaks would
pass 0 dBTP. A gentle compressor this far above the speech's loudness, then a limiter,
bring it under the -1 dBTP ceiling without audible pumping."""
TRUE_PEAK_MARGIN_DB = 2.5
"""The MP3 encoder overshoots the limiter: by 0.5-1.75 dB on three articles at 64 kbit/s,
and by more than 2 dB on one run of the 2,400-word benchmark article, which then
needed a second encode. Limiting this far under the ceiling lets the first
encode pass; the MP3 is still measured, and re-encoded with a lower ceiling if over."""
LEVELLING_LOSS_LU = 4.8
"""What the compressor, limiter and encoder take from Piper's speech: 4.7-4.9 LU on
three articles with the settings above (the MP3s measured -16.2 to -16.3 LUFS with
4.7). Predicting it makes one encode land within tolerance instead of two or three."""

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pauses:
    """Seconds of silence inserted after each kind of boundary."""

    sentence_s: float
    paragraph_s: float
    section_s: float
    end_s: float = END_PAUSE_S
    story_s: float = STORY_PAUSE_S
    transition_pcm: bytes = b""
    """Audio played in the middle of each pause between stories, at the voice's rate."""

    def seconds_after(self, pause: Pause) -> float:
        """The silence after a boundary of this kind."""
        return {
            Pause.SENTENCE: self.sentence_s,
            Pause.PARAGRAPH: self.paragraph_s,
            Pause.SECTION: self.section_s,
            Pause.STORY: self.story_s,
            Pause.END: self.end_s,
        }[pause]

    def sound_after(self, pause: Pause) -> bytes:
        """The PCM played in the silence after a boundary of this kind (a transition, or none)."""
        return self.transition_pcm if pause is Pause.STORY else b""


@dataclass(frozen=True)
class Mp3Encoding:
    """How to level and encode a programme."""

    compressor_threshold_db: float
    gain_db: float
    """Applied after the compressor, so changing it does not change the compression."""
    ceiling_dbtp: float
    bitrate_kbps: int


@dataclass(frozen=True)
class AudioFormat:
    """How the finished programme is levelled and encoded."""

    bitrate_kbps: int
    target_lufs: float
    true_peak_dbtp: float


def _unheard(stage: str) -> None:
    """The default stage listener: nobody is told."""


def encode_levelled(wav_path: Path, mp3_path: Path, audio_format: AudioFormat,
                    cache: AudioCache | None = None, on_stage: Callable[[str], None] = _unheard) -> Loudness | None:
    """Encode so that the MP3 itself, as decoded, meets the loudness and true-peak targets.

    The gain is predicted from the WAV's loudness plus what levelling and encoding
    are known to take away, so one encode usually suffices; the MP3 is then
    measured and re-encoded with a corrected gain or ceiling only if it misses.
    An MP3 already made from the same programme and format is taken from `cache`
    (a 14-minute programme hashes in ~0.1 s and encodes in ~7 s); its loudness was
    checked when it was made, so None is returned. `on_stage` hears "levelling" as the
    loudness is measured and "encoding" as the MP3 is written.
    """
    on_stage("levelling")
    if cache is None:
        return _encode_to_target(wav_path, mp3_path, audio_format, on_stage)
    key = content_key(wav_path, _encoding_settings(audio_format))
    if cache.load_file(key, mp3_path):
        logger.info("levelled MP3 taken from the cache")
        return None
    result = _encode_to_target(wav_path, mp3_path, audio_format, on_stage)
    cache.store_file(key, mp3_path)
    return result


def _encoding_settings(audio_format: AudioFormat) -> dict[str, object]:
    """Everything besides the programme that decides the MP3's bytes."""
    return {
        **dataclasses.asdict(audio_format), "kind": "levelled mp3", "lame_quality": LAME_QUALITY,
        "margin_db": TRUE_PEAK_MARGIN_DB, "loss_lu": LEVELLING_LOSS_LU, "ffmpeg": ffmpeg_path(),
    }


def _encode_to_target(wav_path: Path, mp3_path: Path, audio_format: AudioFormat,
                      on_stage: Callable[[str], None]) -> Loudness:
    """Encode once with the predicted gain; measure the MP3 and correct until it is on target."""
    raw_lufs = measure_integrated_lufs(wav_path)
    if raw_lufs == float("-inf"):
        raise AudioError("the narration is silent; does the article contain any words?")
    encoding = Mp3Encoding(
        compressor_threshold_db=raw_lufs + COMPRESSION_ABOVE_LOUDNESS_DB,
        gain_db=audio_format.target_lufs - raw_lufs + LEVELLING_LOSS_LU,
        ceiling_dbtp=audio_format.true_peak_dbtp - TRUE_PEAK_MARGIN_DB,
        bitrate_kbps=audio_format.bitrate_kbps,
    )
    on_stage("encoding")
    for passes in range(1, MAX_ENCODING_PASSES + 1):  # noqa: B007 (the count is logged after the loop)
        encode_mp3(wav_path, mp3_path, encoding)
        result = measure_mp3(mp3_path)
        loudness_error = audio_format.target_lufs - result.integrated_lufs
        peak_excess = result.true_peak_dbtp - audio_format.true_peak_dbtp
        if abs(loudness_error) <= LOUDNESS_TOLERANCE_LU and peak_excess <= 0:
            break
        encoding = dataclasses.replace(
            encoding,
            gain_db=encoding.gain_db + loudness_error,
            ceiling_dbtp=encoding.ceiling_dbtp - max(0.0, peak_excess + 0.2),
        )
    else:
        logger.warning("the MP3 misses the loudness target after %d encodes", passes)
    logger.info("loudness %.1f LUFS, true peak %.1f dBTP after %d encode(s)",
                result.integrated_lufs, result.true_peak_dbtp, passes)
    return result


def encode_mp3(audio_path: Path, mp3_path: Path, encoding: Mp3Encoding) -> None:
    """Level `audio_path` and encode it as 44.1 kHz mono CBR MP3 at `mp3_path`.

    A compressor, one gain for the whole programme, then a true-peak limiter.
    `mp3_path` must be a seekable file, not a pipe: only then does ffmpeg write the
    Xing/LAME info frame that makes decoders strip the encoder delay.
    """
    limit = 10 ** (encoding.ceiling_dbtp / 20)
    filters = ",".join([
        f"acompressor=threshold={encoding.compressor_threshold_db:.1f}dB:ratio=4:attack=2:release=60:knee=4",
        f"volume={encoding.gain_db:.2f}dB",
        f"aresample={MP3_SAMPLE_RATE * LIMITER_OVERSAMPLING}",
        f"alimiter=limit={limit:.4f}:attack=0.5:release=10:level=disabled",
        f"aresample={MP3_SAMPLE_RATE}",
    ])
    run_ffmpeg([
        "-i", str(audio_path), "-af", filters,
        "-ar", str(MP3_SAMPLE_RATE), "-ac", "1",
        "-c:a", "libmp3lame", "-b:a", f"{encoding.bitrate_kbps}k",
        "-compression_level", str(LAME_QUALITY),
        "-map_metadata", "-1", "-write_xing", "1",
        "-f", "mp3", str(mp3_path),
    ], read_all, audio_seconds(audio_path), "encode the MP3")


def write_programme(clips: Iterable[Clip], script: Script, pauses: Pauses, wav_path: Path) -> Timeline:
    """Write the clips with their pauses to a mono 16-bit WAV file and time them.

    Every time comes from the cumulative sample count, never from rounded
    millisecond lengths, so the last cue is as exact as the first. A chapter starts
    in the silence before its first segment (after a transition sound, if any).
    """
    clips = iter(clips)
    first = next(clips, None)
    if first is None:
        raise AudioError("nothing to narrate: the script has no sentences")
    sample_rate = first.sample_rate
    cues: list[Cue] = []
    chapter_starts: list[int] = []
    position = 0
    gap = _Gap(0, b"")
    with wave.open(str(wav_path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        for clip in itertools.chain([first], clips):
            if clip.segment.chapter == len(chapter_starts):
                chapter_starts.append(position + gap.chapter_offset if cues else 0)
            position += gap.write(wav)
            wav.writeframesraw(clip.pcm)
            cues.append(Cue(clip.segment.written, position, position + clip.num_samples))
            position += clip.num_samples
            pause = clip.segment.pause_after
            gap = _Gap(round(pauses.seconds_after(pause) * sample_rate), pauses.sound_after(pause))
        position += gap.write(wav)
    return Timeline(sample_rate, position, tuple(cues), _chapter_marks(script, chapter_starts, position))


@dataclass(frozen=True)
class _Gap:
    """The silence between two clips, with an optional sound in its middle."""

    silence_samples: int
    sound_pcm: bytes

    @property
    def chapter_offset(self) -> int:
        """Where a chapter starts: in the silence after the sound."""
        before = self.silence_samples // 2
        after = self.silence_samples - before
        return before + len(self.sound_pcm) // 2 + after // 2

    def write(self, wav: wave.Wave_write) -> int:
        before = self.silence_samples // 2
        wav.writeframesraw(bytes(2 * before) + self.sound_pcm + bytes(2 * (self.silence_samples - before)))
        return self.silence_samples + len(self.sound_pcm) // 2


def _chapter_marks(script: Script, starts: list[int], num_samples: int) -> tuple[ChapterMark, ...]:
    if not script.marked:
        return ()
    ends = starts[1:] + [num_samples]
    return tuple(
        ChapterMark(chapter.title, start, end, chapter.url)
        for chapter, start, end in zip(script.chapters, starts, ends)
    )
