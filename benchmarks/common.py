"""Helpers shared by the benchmark scripts: timing child processes, machine load, tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages: other work on the machine skews every figure."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "n/a"


def timed(command: list[str]) -> tuple[float, dict]:
    """Run `command`, return its wall time and the JSON it printed last on stdout (if any)."""
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall_s = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{completed.stderr[-2000:]}")
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    return wall_s, json.loads(lines[-1]) if lines else {}


def narrate_command(source: Path, output: Path, *options: str) -> list[str]:
    """The timed narration runner (same stages as `tts-articles narrate`), in a fresh process."""
    return [PYTHON, str(ROOT / "benchmarks" / "narrate_timed.py"), str(source), str(output), *options]


def header(title: str) -> None:
    print(f"\n== {title} ==  (load average {load_average()}, {os.cpu_count()} cores)", flush=True)
