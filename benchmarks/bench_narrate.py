"""Narrate a ~2,400-word article: against Piper alone, then with a warm cache and one edited paragraph.

Usage: python benchmarks/bench_narrate.py [--repeats N]

Each repeat runs, in fresh processes: the Piper-alone baseline on the same spoken
text; narrate with an empty cache (the first run); narrate again (warm cache); and
narrate the article with one paragraph corrected. Medians are printed at the end.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from statistics import median

from articles import edited, long_article, word_count
from common import PYTHON, ROOT, header, load_average, narrate_command, timed

from tts_articles.config import Settings
from tts_articles.pipeline import plan, read_article


def spoken_texts(source: Path, folder: Path) -> Path:
    """The exact texts narrate gives Piper, for the baseline."""
    prepared = plan(read_article(str(source)), str(source), Settings(use_cache=False), folder / "unused.mp3")
    texts_path = folder / "texts.json"
    texts_path.write_text(json.dumps({"model": str(prepared.voice.model_path),
                                      "texts": [segment.spoken for segment in prepared.segments]}))
    return texts_path


def one_repeat(folder: Path, source: Path, changed: Path, texts: Path) -> dict[str, float]:
    cache = folder / f"cache-{len(list(folder.glob('cache-*')))}"
    figures: dict[str, float] = {}
    figures["baseline_s"], floor = timed([PYTHON, str(ROOT / "benchmarks" / "piper_alone.py"), str(texts)])
    print(f"  Piper alone: {figures['baseline_s']:.1f} s wall (voice load {floor['load_s']:.1f} s, "
          f"synthesis {floor['synthesis_s']:.1f} s for {floor['audio_s']:.0f} s of audio)  [load {load_average()}]")
    out = str(folder / "long.mp3")
    figures["first_s"], first = timed(narrate_command(source, Path(out), "--cache-dir", str(cache)))
    figures["outside_s"] = figures["first_s"] - first["synthesis_s"]
    figures["audio_s"] = first["audio_s"]
    print(f"  narrate, empty cache: {figures['first_s']:.1f} s wall, synthesis {first['synthesis_s']:.1f} s, "
          f"after synthesis {first['after_synthesis_s']:.1f} s  [load {load_average()}]")
    figures["warm_s"], _ = timed(narrate_command(source, Path(out), "--cache-dir", str(cache)))
    print(f"  narrate, warm cache: {figures['warm_s']:.1f} s  [load {load_average()}]")
    figures["edited_s"], _ = timed(narrate_command(changed, Path(out), "--cache-dir", str(cache)))
    print(f"  narrate, one paragraph edited: {figures['edited_s']:.1f} s  [load {load_average()}]")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    repeats = parser.parse_args().repeats
    with tempfile.TemporaryDirectory(prefix="bench-narrate-") as name:
        folder = Path(name)
        source, changed = folder / "long.md", folder / "long-edited.md"
        source.write_text(long_article(), encoding="utf-8")
        changed.write_text(edited(long_article()), encoding="utf-8")
        texts = spoken_texts(source, folder)
        header(f"narrate a {word_count(long_article())}-word article, {repeats} repeats")
        runs = [one_repeat(folder, source, changed, texts) for _ in range(repeats)]
    report(runs)


def report(runs: list[dict[str, float]]) -> None:
    def m(key: str) -> float:
        return median([run[key] for run in runs])

    header("medians")
    print(f"audio {m('audio_s'):.0f} s; Piper alone {m('baseline_s'):.1f} s; narrate {m('first_s'):.1f} s")
    print(f"narrate / Piper alone       {median([r['first_s'] / r['baseline_s'] for r in runs]):.3f}   (target <= 1.0)")
    print(f"real-time factor            {median([r['first_s'] / r['audio_s'] for r in runs]):.4f}   "
          f"(Piper alone {median([r['baseline_s'] / r['audio_s'] for r in runs]):.4f})")
    print(f"share outside synthesis     {median([r['outside_s'] / r['first_s'] for r in runs]):.1%}")
    print(f"warm cache / first run      {median([r['warm_s'] / r['first_s'] for r in runs]):.1%}   (target <= 5%)")
    print(f"one edit / first run        {median([r['edited_s'] / r['first_s'] for r in runs]):.1%}   (target <= 25%)")


if __name__ == "__main__":
    main()
