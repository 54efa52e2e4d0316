"""Episode -> ID3v2.3 tags: title, byline, date, cover, voice credit, CHAP and CTOC frames."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TLEN,
    TPE1,
    TXXX,
    WOAS,
    WXXX,
    CTOCFlags,
    Frame,
)

from tts_articles.errors import OutputError
from tts_articles.sanitise import one_line, public_url
from tts_articles.types import ChapterMark, Timeline

GENRE = "Podcast"
TOC_ID = "toc"


@dataclass(frozen=True)
class EpisodeTags:
    """What the ID3 tags say about the episode."""

    title: str
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    published: str | None = None
    """ISO 8601 date or date and time."""
    description: str | None = None
    source_url: str | None = None
    voice_credit: str | None = None
    cover_path: Path | None = None


def write_tags(mp3_path: Path, tags: EpisodeTags, timeline: Timeline) -> None:
    """Tag `mp3_path` in place as ID3v2.3, the version every podcast app reads.

    Apple Podcasts failed to show v2.4 chapters with long titles.
    """
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=one_line(tags.title)))
    if tags.authors:
        id3.add(TPE1(encoding=3, text=[one_line(author) for author in tags.authors]))
    if tags.publisher:
        id3.add(TALB(encoding=3, text=one_line(tags.publisher)))
    if tags.published:
        id3.add(TDRC(encoding=3, text=one_line(tags.published)[:16]))
    id3.add(TCON(encoding=3, text=GENRE))
    if tags.description:
        id3.add(COMM(encoding=3, lang="eng", desc="", text=one_line(tags.description)))
    id3.add(TLEN(encoding=3, text=str(_ms(timeline, timeline.num_samples))))
    source_url = public_url(tags.source_url)
    if source_url:
        id3.add(WOAS(url=source_url))
    if tags.voice_credit:
        id3.add(TXXX(encoding=3, desc="Voice", text=one_line(tags.voice_credit)))
    if tags.cover_path:
        id3.add(_cover(tags.cover_path))
    for frame in chapter_frames(timeline):
        id3.add(frame)
    # mutagen's frames are v2.4: this turns TDRC into v2.3's TYER, TDAT and TIME.
    id3.update_to_v23()
    id3.save(str(mp3_path), v2_version=3)
    _put_chapters_in_time_order(mp3_path)


def chapter_frames(timeline: Timeline) -> list[Frame]:
    """One CHAP per chapter and one top-level, ordered CTOC listing them all."""
    if not timeline.chapters:
        return []
    element_ids = [f"chp{number}" for number in range(len(timeline.chapters))]
    toc = CTOC(
        element_id=TOC_ID,
        # mutagen defaults the flags to 0; Overcast needs a top-level, ordered CTOC.
        flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
        child_element_ids=element_ids,
        sub_frames=[TIT2(encoding=3, text="Chapters")],
    )
    return [toc, *(_chap(element_id, mark, timeline) for element_id, mark in zip(element_ids, timeline.chapters))]


def _chap(element_id: str, mark: ChapterMark, timeline: Timeline) -> CHAP:
    sub_frames: list[Frame] = [TIT2(encoding=3, text=one_line(mark.title))]
    url = public_url(mark.url)
    if url:
        sub_frames.append(WXXX(encoding=3, desc="", url=url))
    return CHAP(
        element_id=element_id,
        start_time=_ms(timeline, mark.start),
        end_time=_ms(timeline, mark.end),
        sub_frames=sub_frames,
    )


def _put_chapters_in_time_order(mp3_path: Path) -> None:
    """Rewrite the saved tag so that CHAP frames follow each other in time order.

    mutagen sorts frames by size when saving, and ffmpeg (hence mpv and VLC) lists
    chapters in frame order, ignoring the CTOC. No library writes frames in a given
    order, so the frames are permuted here; the tag keeps its exact size.
    """
    with open(mp3_path, "r+b") as mp3:
        header = mp3.read(10)
        size = _syncsafe(header[6:10])
        body = mp3.read(size)
        frames, position = [], 0
        while position + 10 <= len(body) and body[position] != 0:
            frame_size = 10 + int.from_bytes(body[position + 4:position + 8], "big")
            frames.append(body[position:position + frame_size])
            position += frame_size
        chapters = sorted((f for f in frames if f[:4] == b"CHAP"), key=_chap_start_ms)
        ordered = iter(chapters)
        frames = [next(ordered) if f[:4] == b"CHAP" else f for f in frames]
        mp3.seek(10)
        mp3.write(b"".join(frames))


def _chap_start_ms(frame: bytes) -> int:
    element_id_end = frame.index(b"\0", 10)
    return int.from_bytes(frame[element_id_end + 1:element_id_end + 5], "big")


def _syncsafe(data: bytes) -> int:
    return (data[0] << 21) | (data[1] << 14) | (data[2] << 7) | data[3]


def _ms(timeline: Timeline, samples: int) -> int:
    return round(samples * 1000 / timeline.sample_rate)


def _cover(path: Path) -> APIC:
    mime = mimetypes.guess_type(path.name)[0]
    if mime not in ("image/jpeg", "image/png"):
        raise OutputError(f"cover {path} must be a JPEG or PNG image")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise OutputError(f"cannot read cover {path}: {err.strerror}") from err
    return APIC(encoding=3, mime=mime, type=3, desc="Cover", data=data)
