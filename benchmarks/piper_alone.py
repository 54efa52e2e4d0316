"""The floor: synthesise spoken texts with Piper alone, one process, onnxruntime's default threads.

Usage: piper_alone.py TEXTS.json [LENGTH_SCALE NOISE_SCALE NOISE_W_SCALE]

TEXTS.json is {"model": path of the .onnx voice, "texts": [strings]}. Prints the voice load time, synthesis time and audio length.
Nothing of tts_articles is imported: this is what Piper costs by itself.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    started = time.perf_counter()
    from piper import PiperVoice, SynthesisConfig

    with open(sys.argv[1], encoding="utf-8") as handle:
        document = json.load(handle)
    texts = document["texts"]
    knobs = [None if value == "none" else float(value) for value in sys.argv[2:5]] or [None, None, None]
    voice = PiperVoice.load(document["model"])
    loaded = time.perf_counter()
    config = SynthesisConfig(length_scale=knobs[0], noise_scale=knobs[1], noise_w_scale=knobs[2], normalize_audio=False)
    num_bytes = 0
    for text in texts:
        num_bytes += sum(len(chunk.audio_int16_bytes) for chunk in voice.synthesize(text, config))
    finished = time.perf_counter()
    print(json.dumps({
        "load_s": loaded - started,
        "synthesis_s": finished - loaded,
        "audio_s": num_bytes / 2 / voice.config.sample_rate,
    }))


if __name__ == "__main__":
    main()
