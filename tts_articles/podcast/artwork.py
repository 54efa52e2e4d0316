"""Podcast cover art: check the configured image against Apple's rules, or draw a default one."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from tts_articles.errors import FeedError
from tts_articles.files import atomic_path
from tts_articles.podcast.channel import ChannelConfig

logger = logging.getLogger(__name__)

MIN_ARTWORK_PX = 1400
MAX_ARTWORK_PX = 3000
"""Apple Podcasts takes square cover art of 1400 to 3000 px a side."""
ARTWORK_FORMATS = frozenset({"JPEG", "PNG"})
DEFAULT_ARTWORK_PX = MAX_ARTWORK_PX
"""The default cover is drawn at the largest size Apple takes, so it stays sharp when scaled down."""
_DRAWING_VERSION = "1"
"""Part of the default cover's file name: a change to the drawing must get a new URL,
since podcast apps cache art by URL."""
_BACKGROUNDS = ((31, 42, 68), (64, 28, 48), (20, 60, 52), (58, 40, 20), (40, 32, 76))
"""Dark grounds that white text stands on at better than 10:1 contrast; one is picked by the title."""
_TEXT_COLOUR = (255, 255, 255)
_ACCENT_COLOUR = (242, 178, 51)
_MARGIN_PX = 300
_TITLE_SIZES_PX = (300, 260, 220, 180, 150, 120)
"""Largest first; the title takes the first size at which it fits in _MAX_TITLE_LINES lines."""
_MAX_TITLE_LINES = 6
_LINE_SPACING = 1.15
_JPEG_QUALITY = 90


@dataclass(frozen=True)
class ArtworkInfo:
    """What Pillow reads from an image's header."""

    width_px: int
    height_px: int
    mode: str
    format: str


def prepare_artwork(outdir: Path, channel: ChannelConfig) -> ChannelConfig:
    """Return `channel` with cover art Apple accepts: the configured image checked, or a default one.

    With no image configured, a default cover (the show's title on a plain ground) is
    written into OUTDIR once and named in the returned config. An image given as a URL
    cannot be checked offline and is passed through; a configured file that is missing
    is left for the feed to report.

    Raises:
        FeedError: the configured image breaks one of Apple's rules (the message says which).
    """
    if channel.image is None:
        return dataclasses.replace(channel, image=write_default_artwork(outdir, channel.title).name)
    if urlsplit(channel.image).scheme:
        logger.info("podcast image %s is a URL; it is not checked", channel.image)
        return channel
    path = outdir / channel.image
    if path.is_file():
        check_artwork(path)
    return channel


def check_artwork(path: Path) -> ArtworkInfo:
    """Read the image header and check it is a square RGB JPEG or PNG of 1400-3000 px.

    Raises:
        FeedError: one line naming the file and everything about it that Apple refuses.
    """
    info = read_artwork_info(path)
    problems = artwork_problems(info)
    if problems:
        raise FeedError(f"podcast image {path.name} {'; '.join(problems)}")
    return info


def read_artwork_info(path: Path) -> ArtworkInfo:
    """Read an image's size, colour mode and format without decoding its pixels.

    Raises:
        FeedError: the file cannot be read or is not an image.
    """
    try:
        with Image.open(path) as image:
            return ArtworkInfo(image.width, image.height, image.mode, image.format or "unknown")
    except (OSError, UnidentifiedImageError) as err:
        raise FeedError(f"podcast image {path.name} is not a readable image ({err}); use a JPEG or PNG") from err


def artwork_problems(info: ArtworkInfo) -> list[str]:
    """Say what about an image Apple refuses; an empty list means it passes."""
    problems = []
    if info.format not in ARTWORK_FORMATS:
        problems.append(f"is {info.format}, not JPEG or PNG")
    size = f"{info.width_px}x{info.height_px} px"
    if info.width_px != info.height_px:
        problems.append(f"is {size}, not square")
    elif not MIN_ARTWORK_PX <= info.width_px <= MAX_ARTWORK_PX:
        problems.append(f"is {size}, not {MIN_ARTWORK_PX}-{MAX_ARTWORK_PX} px a side")
    if info.mode != "RGB":
        problems.append(f"has colour mode {info.mode}, not RGB (save it without transparency)")
    return problems


def write_default_artwork(outdir: Path, title: str) -> Path:
    """Write the default cover for `title` into OUTDIR, unless it is already there; return its path.

    The file name carries a hash of the title, so a renamed show gets a new image URL
    and apps do not keep showing the old art. The same title gives the same bytes.
    """
    digest = hashlib.sha256(f"{_DRAWING_VERSION}\n{title}".encode()).hexdigest()
    path = outdir / f"cover-{digest[:12]}.jpg"
    if path.is_file():
        return path
    image = _draw_default_artwork(title, _BACKGROUNDS[int(digest, 16) % len(_BACKGROUNDS)])
    with atomic_path(path, suffix=".jpg") as temporary:
        image.save(temporary, format="JPEG", quality=_JPEG_QUALITY)
    logger.info("wrote default podcast cover %s", path)
    return path


def _draw_default_artwork(title: str, background: tuple[int, int, int]) -> Image.Image:
    """Draw the title in white on `background`, left-aligned above an accent bar."""
    image = Image.new("RGB", (DEFAULT_ARTWORK_PX, DEFAULT_ARTWORK_PX), background)
    draw = ImageDraw.Draw(image)
    width_px = DEFAULT_ARTWORK_PX - 2 * _MARGIN_PX
    font, lines = _fit_title(title, width_px)
    line_px = round(font.size * _LINE_SPACING)
    top = (DEFAULT_ARTWORK_PX - line_px * len(lines)) // 2
    draw.rectangle((_MARGIN_PX, top - 160, _MARGIN_PX + 400, top - 120), fill=_ACCENT_COLOUR)
    for number, line in enumerate(lines):
        draw.text((_MARGIN_PX, top + number * line_px), line, font=font, fill=_TEXT_COLOUR)
    return image


def _fit_title(title: str, width_px: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest of _TITLE_SIZES_PX at which the title wraps into few enough lines."""
    for size in _TITLE_SIZES_PX:
        font = _font(size)
        lines = _wrap(title, font, width_px)
        if len(lines) <= _MAX_TITLE_LINES and all(font.getlength(line) <= width_px for line in lines):
            return font, lines
    return font, lines[:_MAX_TITLE_LINES]


def _font(size_px: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled font, so the same title draws the same pixels on every machine."""
    font = ImageFont.load_default(size=size_px)
    if not isinstance(font, ImageFont.FreeTypeFont):
        raise FeedError("Pillow was built without FreeType, so it cannot draw the default cover; give an image")
    return font


def _wrap(text: str, font: ImageFont.FreeTypeFont, width_px: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width_px:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]
