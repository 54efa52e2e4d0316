"""Start-up stays light: the command line does not import the speech engine until it synthesises."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY_MODULES = ("onnxruntime", "piper", "trafilatura")
"""onnxruntime alone costs ~0.3 s and tens of MB to import, trafilatura ~0.25 s;
`tts-articles --help` needs none of them, and only HTML input needs trafilatura."""


def test_importing_the_cli_does_not_import_the_speech_engine_or_the_html_extractor() -> None:
    script = (
        "import json, sys, tts_articles.cli; "
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY_MODULES!r})))"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(completed.stdout) == []


def test_voice_sessions_plan_no_memory_pattern_per_sentence_length() -> None:
    """onnxruntime keeps one memory pattern per input shape; with one per sentence length a
    worker grew from 467 to 636 MB over a 9,600-word article (benchmarks/bench_memory.py)."""
    from tts_articles.audio.voices import load_voice, resolve_voice

    session = load_voice(resolve_voice(None), threads=1).session
    options = session.get_session_options()
    assert not options.enable_mem_pattern
    assert options.enable_cpu_mem_arena  # the arena stays: without it synthesis was 24% slower
