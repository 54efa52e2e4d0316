"""Segments -> Clips: each segment's spoken text through Piper, in order, in parallel, cached."""

from __future__ import annotations

import dataclasses
import functools
import logging
import multiprocessing
import os
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from tts_articles.audio.cache import AudioCache, CachedClip, clip_key
from tts_articles.audio.voices import VoiceInfo, load_voice
from tts_articles.types import Clip, Segment

logger = logging.getLogger(__name__)

MIN_SEGMENTS_PER_WORKER = 4
"""Starting a worker costs a voice load (~0.7 s); below this many segments per worker
one process with every core is faster."""


@dataclass(frozen=True)
class SynthesisOptions:
    """Piper's synthesis knobs; None means the voice's own default."""

    length_scale: float | None = None
    noise_scale: float | None = None
    noise_w_scale: float | None = None


def synthesise(
    segments: Iterable[Segment],
    voice: VoiceInfo,
    options: SynthesisOptions = SynthesisOptions(),
    jobs: int | None = None,
    cache: AudioCache | None = None,
) -> Iterator[Clip]:
    """Yield one Clip per segment, in segment order.

    Segments whose spoken text is in `cache` (same voice file, same options) are read
    from it; only the rest are synthesised, and stored as they arrive.

    Args:
        jobs: cores to use. None means every core. With several, segments are spread
            over worker processes that each load the voice once and run onnxruntime on
            one thread: two single-thread processes beat one two-thread process on two
            cores (14 minutes of speech: 43 s against 51-55 s). With 1, this
            process synthesises on one thread, as a batch worker beside others should.
    """
    segments = list(segments)
    if cache is None:
        yield from _synthesise_all(segments, voice, options, jobs)
    else:
        yield from _through_cache(segments, voice, options, jobs, cache)


def _through_cache(
    segments: list[Segment], voice: VoiceInfo, options: SynthesisOptions, jobs: int | None, cache: AudioCache
) -> Iterator[Clip]:
    """Clips from `cache` where it has them; the rest synthesised, stored, then old entries evicted."""
    keys = [_key(voice, options, segment) for segment in segments]
    hits = [cache.contains(key) for key in keys]
    missing = [segment for segment, hit in zip(segments, hits) if not hit]
    logger.info("audio cache: %d of %d segments found", len(segments) - len(missing), len(segments))
    fresh = _synthesise_all(missing, voice, options, jobs)
    try:
        for segment, key, hit in zip(segments, keys, hits):
            clip = _from_cache(cache, key, segment) if hit else None
            if clip is None:
                # A hit that vanished since the lookup (evicted or corrupt) is made here.
                clip = next(fresh) if not hit else _speaker(voice, options, _threads(jobs)).clip(segment)
                cache.store_clip(key, CachedClip(clip.pcm, clip.sample_rate))
            yield clip
    finally:
        fresh.close()
    if missing:
        cache.evict()


def _key(voice: VoiceInfo, options: SynthesisOptions, segment: Segment) -> str:
    settings = {**dataclasses.asdict(options), "normalize_audio": False}
    return clip_key((voice.model_path, voice.config_path), settings, segment.spoken)


def _from_cache(cache: AudioCache, key: str, segment: Segment) -> Clip | None:
    stored = cache.load_clip(key)
    return Clip(segment, stored.pcm, stored.sample_rate) if stored else None


def _threads(jobs: int | None) -> int | None:
    """onnxruntime threads for synthesis in this process: all cores unless jobs says one."""
    return 1 if jobs == 1 else None


def _synthesise_all(
    segments: list[Segment], voice: VoiceInfo, options: SynthesisOptions, jobs: int | None
) -> Generator[Clip, None, None]:
    """Synthesise `segments` in order, in this process or in a pool of single-thread workers."""
    workers = min(jobs or os.cpu_count() or 1, len(segments) // MIN_SEGMENTS_PER_WORKER)
    if workers <= 1:
        if segments:
            speaker = _speaker(voice, options, _threads(jobs))
            yield from (speaker.clip(segment) for segment in segments)
        return
    logger.info("synthesising %d segments in %d worker processes", len(segments), workers)
    # Not "fork": a forked child can inherit a lock held by one of onnxruntime's threads
    # and hang for ever once this process has synthesised anything (seen in the tests).
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=(voice, options))
    try:
        yield from pool.map(_worker_clip, segments)
    finally:
        # On an error or Ctrl-C downstream, drop the queued segments instead of
        # synthesising the rest of the article before exiting.
        pool.shutdown(wait=True, cancel_futures=True)


class _Speaker:
    """A loaded voice and the synthesis settings to use with it."""

    def __init__(self, voice: VoiceInfo, options: SynthesisOptions, threads: int | None) -> None:
        from piper import SynthesisConfig

        self.sample_rate = voice.sample_rate
        self.voice = load_voice(voice, threads)
        self.config = SynthesisConfig(
            length_scale=options.length_scale,
            noise_scale=options.noise_scale,
            noise_w_scale=options.noise_w_scale,
            # One gain for the whole programme is applied at assembly; Piper's
            # per-sentence peak normalisation makes the level jump between sentences.
            normalize_audio=False,
        )

    def clip(self, segment: Segment) -> Clip:
        chunks = self.voice.synthesize(segment.spoken, self.config)
        return Clip(segment, b"".join(chunk.audio_int16_bytes for chunk in chunks), self.sample_rate)


@functools.lru_cache(maxsize=2)
def _speaker(voice: VoiceInfo, options: SynthesisOptions, threads: int | None) -> _Speaker:
    """One loaded voice per process: a batch worker narrating many stories loads it once."""
    return _Speaker(voice, options, threads)


_worker_speaker: _Speaker | None = None


def _start_worker(voice: VoiceInfo, options: SynthesisOptions) -> None:
    global _worker_speaker
    _worker_speaker = _speaker(voice, options, threads=1)


def _worker_clip(segment: Segment) -> Clip:
    assert _worker_speaker is not None, "worker used before _start_worker"
    return _worker_speaker.clip(segment)
