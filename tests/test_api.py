"""The public API: what `import tts_articles` offers, and the command line it starts."""

from __future__ import annotations

import subprocess
import sys

import tts_articles
from tts_articles import pipeline
from tts_articles.podcast import batch, manifest


def test_every_public_name_imports() -> None:
    for name in tts_articles.__all__:
        assert getattr(tts_articles, name) is not None, name


def test_public_names_are_the_modules_own_objects() -> None:
    assert tts_articles.narrate is pipeline.narrate
    assert tts_articles.read_article is pipeline.read_article
    assert (tts_articles.run_batch, tts_articles.BatchOptions) == (batch.run_batch, batch.BatchOptions)
    assert tts_articles.find_stories is manifest.find_stories


def test_unknown_name_is_an_attribute_error() -> None:
    assert not hasattr(tts_articles, "no_such_thing")


def test_importing_the_package_leaves_the_pipeline_unloaded() -> None:
    loaded = subprocess.run([sys.executable, "-c", "import sys, tts_articles; print('tts_articles.pipeline' in sys.modules)"],
                            capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"


def test_python_dash_m_prints_help() -> None:
    result = subprocess.run([sys.executable, "-m", "tts_articles", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: python -m tts_articles")
    for command in ("narrate", "script", "batch", "feed", "serve", "voices", "lexicon"):
        assert f"  {command} " in result.stdout
