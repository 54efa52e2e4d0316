"""Cover art: the default cover Pillow draws, and the checks on a given image, read back with Pillow."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tts_articles.errors import FeedError
from tts_articles.podcast.artwork import check_artwork, prepare_artwork, write_default_artwork
from tts_articles.podcast.channel import ChannelConfig

TITLE = 'Morning & Evening <News> from the "Coast"'


def test_default_cover_is_a_3000_px_rgb_jpeg(tmp_path: Path) -> None:
    path = write_default_artwork(tmp_path, TITLE)
    with Image.open(path) as image:
        assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (3000, 3000))
        pixels = image.convert("L").resize((300, 300))
    # The title is drawn: white text on a dark ground, not a blank square.
    light_share = float((np.asarray(pixels) > 200).mean())
    assert 0.02 < light_share < 0.4


def test_same_title_gives_the_same_bytes_and_another_title_another_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_default_artwork(tmp_path / "a", TITLE)
    second = write_default_artwork(tmp_path / "b", TITLE)
    assert first.name == second.name
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    assert write_default_artwork(tmp_path / "a", TITLE + " Daily").name != first.name


def test_long_title_still_fits(tmp_path: Path) -> None:
    title = " ".join(["Extraordinarily"] * 30)
    with Image.open(write_default_artwork(tmp_path, title)) as image:
        assert image.size == (3000, 3000)


def test_no_image_configured_gets_the_default_cover(tmp_path: Path) -> None:
    channel = prepare_artwork(tmp_path, ChannelConfig(title=TITLE))
    assert channel.image is not None and channel.image.startswith("cover-") and channel.image.endswith(".jpg")
    assert (tmp_path / channel.image).is_file()
    assert check_artwork(tmp_path / channel.image).width_px == 3000


@pytest.mark.parametrize(("size", "mode", "image_format", "problem"), [
    ((600, 400), "RGB", "JPEG", "is 600x400 px, not square"),
    ((1000, 1000), "RGB", "PNG", "is 1000x1000 px, not 1400-3000 px a side"),
    ((3200, 3200), "RGB", "JPEG", "is 3200x3200 px, not 1400-3000 px a side"),
    ((1400, 1400), "RGBA", "PNG", "has colour mode RGBA, not RGB"),
    ((1400, 1400), "CMYK", "JPEG", "has colour mode CMYK, not RGB"),
    ((1400, 1400), "RGB", "GIF", "is GIF, not JPEG or PNG"),
])
def test_given_artwork_breaking_a_rule_is_a_one_line_feed_error(
    tmp_path: Path, size: tuple[int, int], mode: str, image_format: str, problem: str
) -> None:
    name = f"cover.{image_format.lower()}"
    Image.new(mode, size).save(tmp_path / name, format=image_format)
    with pytest.raises(FeedError) as caught:
        prepare_artwork(tmp_path, ChannelConfig(image=name))
    message = str(caught.value)
    assert message.startswith(f"podcast image {name} ") and problem in message
    assert "\n" not in message


def test_several_problems_are_named_together(tmp_path: Path) -> None:
    Image.new("RGBA", (600, 400)).save(tmp_path / "cover.png")
    with pytest.raises(FeedError, match=r"^podcast image cover.png is 600x400 px, not square; has colour mode RGBA"):
        check_artwork(tmp_path / "cover.png")


def test_not_an_image_is_a_feed_error(tmp_path: Path) -> None:
    (tmp_path / "cover.png").write_bytes(b"\x89PNG fake")
    with pytest.raises(FeedError, match="not a readable image"):
        check_artwork(tmp_path / "cover.png")


@pytest.mark.parametrize(("size", "image_format"), [((1400, 1400), "PNG"), ((3000, 3000), "JPEG")])
def test_good_artwork_passes_unchanged(tmp_path: Path, size: tuple[int, int], image_format: str) -> None:
    name = f"art.{image_format.lower()}"
    Image.new("RGB", size, "teal").save(tmp_path / name, format=image_format)
    channel = ChannelConfig(image=name)
    assert prepare_artwork(tmp_path, channel) == channel
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_artwork_url_is_passed_through(tmp_path: Path) -> None:
    channel = ChannelConfig(image="https://example.org/cover.jpg")
    assert prepare_artwork(tmp_path, channel) == channel
