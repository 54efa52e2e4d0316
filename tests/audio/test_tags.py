"""ID3v2.3 tags and chapter frames, read back with mutagen and ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from conftest import ffmpeg_chapters
from tts_articles.audio.tags import EpisodeTags, write_tags
from tts_articles.errors import OutputError
from tts_articles.types import ChapterMark, Timeline

RATE = 22_050
# Titles of falling length: mutagen would save their CHAP frames in reverse order.
MARKS = (
    ChapterMark("Introduction to a rather long chapter title here", 0, RATE, "https://example.org/story"),
    ChapterMark("Middle part", RATE, 2 * RATE),
    ChapterMark("End", 2 * RATE, 3 * RATE),
)


@pytest.fixture
def mp3(tmp_path: Path, ffmpeg: str) -> Path:
    path = tmp_path / "tone.mp3"
    subprocess.run([ffmpeg, "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
                    "-ac", "1", "-ar", "44100", "-b:a", "64k", str(path)], check=True)
    return path


def test_tags_and_chapters_in_time_order(mp3: Path, ffmpeg: str) -> None:
    tags = EpisodeTags("Title & <more>", ("A", "B"), "Publisher", "2024-11-06T19:34", "About it.",
                       "https://example.org/story", "Piper voice x; licence: CC0")
    write_tags(mp3, tags, Timeline(RATE, 3 * RATE, (), MARKS))
    id3 = ID3(mp3)
    assert id3.version == (2, 3, 0)
    assert str(id3["TIT2"]) == "Title & <more>"
    assert id3["WOAS"].url == "https://example.org/story"
    assert str(id3["TLEN"]) == "3000"
    assert str(id3["TDRC"]) == "2024-11-06 19:34:00"  # TYER + TDAT + TIME, read back
    chaps = sorted(id3.getall("CHAP"), key=lambda chap: chap.start_time)
    assert chaps[0].sub_frames.getall("WXXX")[0].url == "https://example.org/story"
    assert [(start, end, title) for start, end, title in ffmpeg_chapters(ffmpeg, mp3)] == [
        (0.0, 1.0, MARKS[0].title), (1.0, 2.0, "Middle part"), (2.0, 3.0, "End"),
    ]


def test_no_chapter_frames_without_chapters(mp3: Path) -> None:
    write_tags(mp3, EpisodeTags("Title"), Timeline(RATE, 3 * RATE, (), ()))
    id3 = ID3(mp3)
    assert not id3.getall("CHAP") and not id3.getall("CTOC")


def test_cover_must_be_jpeg_or_png(mp3: Path, tmp_path: Path) -> None:
    cover = tmp_path / "cover.gif"
    cover.write_bytes(b"GIF89a")
    with pytest.raises(OutputError, match="must be a JPEG or PNG image"):
        write_tags(mp3, EpisodeTags("Title", cover_path=cover), Timeline(RATE, 3 * RATE, (), ()))


def test_hostile_text_and_links_never_reach_the_frames(mp3: Path) -> None:
    timeline = Timeline(RATE, 3 * RATE, (), (ChapterMark("Intro\x00\x1b", 0, 3 * RATE, "javascript:alert(1)"),))
    tags = EpisodeTags(title="Head\x00line\n", authors=("Ann\x07 Lee",), source_url="javascript:alert(1)", voice_credit="Joe\u202e")
    write_tags(mp3, tags, timeline)
    id3 = ID3(mp3)
    assert (str(id3["TIT2"]), list(id3["TPE1"].text), str(id3["TXXX:Voice"])) == ("Head line", ["Ann Lee"], "Joe")
    assert not id3.getall("WOAS")
    chap = id3.getall("CHAP")[0]
    assert str(chap.sub_frames["TIT2"]) == "Intro" and not chap.sub_frames.getall("WXXX")
