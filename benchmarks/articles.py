"""Long test articles for the benchmarks, built from the samples and benchmarks/paragraphs.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TITLE = "Ukraine's long autumn: power, harvests, schools and courts"


def _pow_story() -> str:
    story = json.loads((SAMPLES / "kyiv-independent-pow-executions.expected.json").read_text(encoding="utf-8"))
    return "\n\n".join(["## " + story["title"], *story["paragraphs"]])


def _grain_story() -> str:
    text = (SAMPLES / "grain-corridor.md").read_text(encoding="utf-8")
    return re.sub(r"^# ", "## ", text, count=1, flags=re.MULTILINE).strip()


def _own_paragraphs() -> str:
    return (Path(__file__).parent / "paragraphs.md").read_text(encoding="utf-8").strip()


def long_article(repeats: int = 1) -> str:
    """A Markdown article of ~2,300 words; `repeats` > 1 appends numbered copies of the body."""
    body = "\n\n".join([_pow_story(), _grain_story(), _own_paragraphs()])
    parts = [f"# {TITLE}", body]
    for number in range(2, repeats + 1):
        parts.append(re.sub(r"^## (.*)$", rf"## \1, part {number}", body, flags=re.MULTILINE))
    return "\n\n".join(parts) + "\n"


def edited(article: str) -> str:
    """The same article with one paragraph corrected (two sentences reworded)."""
    old = "The operator said the damage left about 180,000 households without heating for most of Saturday"
    new = "The operator said the damage left about 210,000 homes without heating for most of Saturday"
    assert old in article
    return article.replace(old, new, 1).replace(
        "before crews rerouted supply through a neighbouring line.",
        "until crews rerouted supply through a line from the neighbouring region.", 1)


def word_count(text: str) -> int:
    return len(re.findall(r"\b\w[\w'-]*\b", re.sub(r"^#+ ", "", text, flags=re.MULTILINE)))


if __name__ == "__main__":
    for repeats in (1, 4):
        print(repeats, word_count(long_article(repeats)))
