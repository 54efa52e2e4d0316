"""The pipeline's promises: checks before work, nothing half-written, default output names."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tts_articles import pipeline
from tts_articles.config import Settings
from tts_articles.errors import AudioError, OutputError, SourceError, VoiceError
from tts_articles.pipeline import Overrides, artists, default_output, plan, plan_digest, read_article, render
from tts_articles.types import Article, Clip, Pause, Section

ARTICLE = Article("Storm hits the coast", (Section(None, ("Wind reached gale force. Ferries stayed in port.",)),))


def _fake_synthesise(segments, voice, options, jobs=None, cache=None):
    """Stand-in for Piper: a short tone burst per segment, enough for ffmpeg to level."""
    burst = (b"\x00\x10\x00\xf0" * 2205)
    for segment in segments:
        yield Clip(segment, burst, 22_050)


@pytest.mark.parametrize("failure", [AudioError("ffmpeg failed: disk full"), KeyboardInterrupt()])
def test_failure_while_writing_keeps_the_old_episode_and_leaves_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> None:
    output = tmp_path / "storm.mp3"
    output.write_bytes(b"the published episode")
    prepared = plan(ARTICLE, str(tmp_path / "storm.txt"), Settings(), output)
    monkeypatch.setattr(pipeline, "synthesise", _fake_synthesise)

    def broken_tags(*args, **kwargs):
        raise failure

    monkeypatch.setattr(pipeline, "write_tags", broken_tags)
    with pytest.raises(type(failure)):
        render(prepared)
    assert output.read_bytes() == b"the published episode"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["storm.mp3"]


def test_render_writes_all_three_files_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "synthesise", _fake_synthesise)
    narration = render(plan(ARTICLE, "storm.txt", Settings(), tmp_path / "storm.mp3"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["storm.chapters.json", "storm.mp3", "storm.vtt"]
    assert narration.outputs.transcript.read_text(encoding="utf-8").count("-->") == 4


def test_plan_checks_the_output_folder_before_any_synthesis(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="does not exist"):
        plan(ARTICLE, "storm.txt", Settings(), tmp_path / "missing" / "storm.mp3")


def test_sidecars_keep_every_dot_of_the_mp3_name() -> None:
    outputs = pipeline.OutputPaths.beside(Path("out/story.v2.mp3"))
    assert (outputs.transcript, outputs.chapters) == (Path("out/story.v2.vtt"), Path("out/story.v2.chapters.json"))


@pytest.mark.parametrize(
    "origin, expected",
    [
        ("news/story.txt", "news/story.mp3"),
        ("story.html", "story.mp3"),
        ("-", "storm-hits-the-coast.mp3"),
        ("https://example.org/2024/storm", "storm-hits-the-coast.mp3"),
    ],
)
def test_default_output_names(origin: str, expected: str) -> None:
    assert default_output(origin, ARTICLE) == Path(expected)


def test_narrate_reads_the_input_with_the_given_settings(tmp_path: Path) -> None:
    story = tmp_path / "storm.txt"
    story.write_text("Storm hits the coast\n\nWind reached gale force. Ferries stayed in port.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="larger than 16 bytes"):
        pipeline.narrate(str(story), Settings(max_input_bytes=16), tmp_path / "storm.mp3")
    assert list(tmp_path.iterdir()) == [story]


SECOND = Article("Bridge reopens", (Section(None, ("Traffic flows again. Engineers finished early.",)),))


def test_digest_plan_pauses_between_stories_and_nowhere_else(tmp_path: Path) -> None:
    prepared = plan_digest("Morning news", [ARTICLE, SECOND], "2024-11-06T07:00:00+00:00", Settings(), tmp_path / "d.mp3")
    story_ends = [s for s in prepared.segments if s.pause_after is Pause.STORY]
    assert len(story_ends) == 1 and story_ends[0].chapter == 1
    assert [c.title for c in prepared.script.chapters] == ["Introduction", ARTICLE.title, SECOND.title]


def test_digest_plan_checks_the_output_folder_before_any_synthesis(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        plan_digest("Morning news", [ARTICLE], "2024-11-06T07:00:00+00:00", Settings(), tmp_path / "missing" / "d.mp3")


def test_overrides_replace_only_what_was_given(tmp_path: Path) -> None:
    story = tmp_path / "storm.md"
    story.write_text("# Storm hits the coast\n\nBy Ann Lee\n\nWind reached gale force.\n", encoding="utf-8")
    article = read_article(str(story), Settings(), Overrides(authors=("Bo Kim", "Cy Park"), published="2024-11-06"))
    assert (article.title, article.authors, article.published) == ("Storm hits the coast", ("Bo Kim", "Cy Park"), "2024-11-06")


def test_digest_title_names_the_day_and_the_stories_but_not_the_show(tmp_path: Path) -> None:
    prepared = plan_digest("Morning news", [ARTICLE, SECOND], "2024-11-05T07:00:00+00:00", Settings(), tmp_path / "d.mp3")
    assert prepared.article.title == prepared.script.title == "Tuesday, 5 November 2024: 2 stories"
    assert prepared.artists == ("Morning news",)


def test_artist_is_the_byline_else_the_publisher_else_the_show_author() -> None:
    bylined = dataclasses.replace(ARTICLE, authors=("Ann Lee",), publisher="Daily Post")
    assert artists(bylined, "Show Author") == ("Ann Lee",)
    assert artists(dataclasses.replace(bylined, authors=()), "Show Author") == ("Daily Post",)
    assert artists(dataclasses.replace(bylined, authors=(), publisher=None), "Show Author") == ("Show Author",)
    assert artists(dataclasses.replace(bylined, authors=(), publisher=None)) == ()


def test_digest_story_without_a_headline_is_read_under_its_number(tmp_path: Path) -> None:
    untitled = dataclasses.replace(SECOND, title="")
    prepared = plan_digest("Morning news", [ARTICLE, untitled], "2024-11-05T07:00:00+00:00", Settings(), tmp_path / "d.mp3")
    assert [chapter.title for chapter in prepared.script.chapters][1:] == [ARTICLE.title, "Story 2"]
    assert prepared.script.chapters[2].paragraphs[0].text == "Story 2"


def test_an_article_in_a_language_no_voice_speaks_is_refused_before_any_synthesis(tmp_path: Path) -> None:
    paragraph = ("Les éboueurs de Marseille ont entamé une grève illimitée ce lundi, réclamant une hausse de salaire "
                 "et de meilleures conditions de travail. Les ordures s'accumulent déjà dans les rues du centre.")
    article = Article("Grève des éboueurs à Marseille", (Section(None, (paragraph,) * 3),), language="fr")
    with pytest.raises(VoiceError) as raised:
        plan(article, "greve.txt", Settings(), tmp_path / "greve.mp3")
    assert str(raised.value) == (
        "greve.txt is in 'fr' but the voice en_US-joe-medium speaks 'en'; "
        "install a Piper voice for 'fr' (tts-articles voices lists those found)"
    )
    assert list(tmp_path.iterdir()) == []
