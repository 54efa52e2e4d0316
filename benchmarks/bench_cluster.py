"""A batch of 20 stories on a local Dask cluster against the local worker pool, in the same run.

Usage: python benchmarks/bench_cluster.py [--repeats N]

Both are one `tts-articles batch` run over the same files with one worker per core,
without the sentence cache, so every sentence is synthesised each time; the order
of the two alternates between repeats so that neither always runs on a warmer machine.
The cluster's time includes starting its scheduler and worker processes. CPU seconds
(every process of the run, workers included) are printed too: on a shared machine they
vary less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
from pathlib import Path
from statistics import median

from bench_batch import write_stories
from common import PYTHON, header, load_average, timed

TARGET_RATIO = 1.10
"""The cluster path may cost at most 10% more wall time than the local pool."""


def batch_s(folder: Path, name: str, *options: str) -> tuple[float, float]:
    """Wall and CPU seconds of one batch run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall_s, _ = timed([PYTHON, "-m", "tts_articles", "batch", str(folder / "stories"), "-o", str(folder / name),
                       "--force", "--no-cache", "-q", *options])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(f"  {name}: {wall_s:.1f} s, {cpu_s:.1f} CPU s  [load {load_average()}]", flush=True)
    return wall_s, cpu_s


def one_repeat(folder: Path, cluster_first: bool) -> tuple[tuple[float, float], tuple[float, float]]:
    """Wall and CPU seconds of the local pool and of the cluster, in that order."""
    if cluster_first:
        cluster = batch_s(folder, "cluster", "--scheduler", "local")
        return batch_s(folder, "pool"), cluster
    pool = batch_s(folder, "pool")
    return pool, batch_s(folder, "cluster", "--scheduler", "local")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    repeats = parser.parse_args().repeats
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as name:
        folder = Path(name)
        (folder / "stories").mkdir()
        stories = write_stories(folder / "stories")
        header(f"batch of {len(stories)} stories: local Dask cluster vs local pool, {repeats} repeats")
        runs = [one_repeat(folder, cluster_first=bool(number % 2)) for number in range(repeats)]
        audio_s = audio_seconds(folder / "cluster")
    header("medians")
    pools, clusters = median([pool[0] for pool, _ in runs]), median([cluster[0] for _, cluster in runs])
    print(f"local pool {pools:.1f} s, local Dask cluster {clusters:.1f} s")
    print(f"cluster / pool, wall   {median([c[0] / p[0] for p, c in runs]):.3f}   (target <= {TARGET_RATIO})")
    print(f"cluster / pool, CPU    {median([c[1] / p[1] for p, c in runs]):.3f}")
    cores, cluster_cpu_s = os.cpu_count() or 1, median([cluster[1] for _, cluster in runs])
    print(f"cluster throughput, {len(stories)} stories of {audio_s / len(stories):.0f} s of audio each: "
          f"{len(stories) * 3600 / clusters / cores:.0f} stories per hour per worker core on this machine now, "
          f"{len(stories) * 3600 / cluster_cpu_s:.0f} per hour of CPU; "
          f"{audio_s / clusters / cores:.1f} and {audio_s / cluster_cpu_s:.1f} s of audio per second")


def audio_seconds(outdir: Path) -> float:
    """The audio a batch made, from its report."""
    report = json.loads((outdir / "report.json").read_text(encoding="utf-8"))
    return sum(story["duration_s"] or 0 for story in report["stories"])


if __name__ == "__main__":
    main()
