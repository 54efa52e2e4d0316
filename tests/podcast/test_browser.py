"""The show and episode pages in headless Chromium (Debian's, driven by Playwright) over `serve`.

A real narrated story (real Piper voice, real ffmpeg) is served on loopback; the tests play
it, click its chapters and sentences, and write screenshots under the test's tmp_path.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import decode
from tts_articles.cli import main
from tts_articles.podcast.serve import make_server
from tts_articles.podcast.timed_text import parse_chapters, parse_webvtt

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
"""Offline and quiet: no sign-in, update or field-trial traffic from the browser itself."""
STORY = ("# Harbour reopens after the storm\n\n"
         "The harbour reopened on Monday after a storm closed it for three days. Fishing boats returned.\n\n"
         "## What the harbour master said\n\n"
         "The harbour master thanked the crews. She said the sea wall held. Repairs start next week.\n")
DURATION_TOLERANCE_S = 0.05
SEEK_SLACK_S = 0.5
"""A click seeks and starts playing, so by the time the test reads the clock it may have moved on a little."""
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@dataclass
class Show:
    base_url: str
    outdir: Path
    stem: str
    problems: list[str] = field(default_factory=list)
    """Console errors, page errors and failed requests seen by the current test's pages."""
    pages: list[playwright_api.Page] = field(default_factory=list)


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory, ffmpeg: str) -> Iterator[Show]:
    folder = tmp_path_factory.mktemp("browser")
    (folder / "in").mkdir()
    (folder / "in" / "harbour.md").write_text(STORY, encoding="utf-8")
    outdir = folder / "out"
    result = CliRunner().invoke(main, ["batch", str(folder / "in"), "-o", str(outdir), "--base-url", "https://pod.example",
                                       "--noise-scale", "0", "--noise-w-scale", "0"])
    assert result.exit_code == 0, result.output
    (mp3,) = (outdir / "episodes").glob("*.mp3")
    server = make_server(outdir, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield Show(f"http://127.0.0.1:{server.server_address[1]}", outdir, mp3.stem)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright_api.Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}; install Debian's package: apt-get install chromium")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def fresh_pages(browser: playwright_api.Browser, show: Show) -> Iterator[None]:
    """Each test starts with no pages open and no problems recorded."""
    yield
    for page in show.pages:
        page.close()
    show.pages.clear()
    show.problems.clear()


def _request_failed(show: Show, request: playwright_api.Request) -> None:
    # With preload="metadata" Chromium stops fetching the audio once it has the header: not a failure.
    if not (request.resource_type == "media" and request.failure == "net::ERR_ABORTED"):
        show.problems.append(f"failed: {request.url} ({request.failure})")


def open_page(browser: playwright_api.Browser, show: Show, path: str, viewport: dict[str, int] = DESKTOP) -> playwright_api.Page:
    page = browser.new_page(viewport=viewport)
    show.pages.append(page)
    page.on("console", lambda message: message.type == "error" and show.problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: show.problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: _request_failed(show, request))
    page.on("response", lambda response: response.status >= 400 and show.problems.append(f"{response.status}: {response.url}"))
    page.goto(path if "://" in path else show.base_url + path)
    page.wait_for_load_state("load")
    return page


def episode_page(browser: playwright_api.Browser, show: Show, viewport: dict[str, int] = DESKTOP) -> playwright_api.Page:
    page = open_page(browser, show, f"/episodes/{show.stem}.html", viewport)
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    return page


def test_show_page_loads_without_errors_and_links_the_episode(browser: playwright_api.Browser, show: Show) -> None:
    page = open_page(browser, show, "/")
    assert page.locator("h1").inner_text() == "Narrated articles"
    assert page.locator("img.cover").evaluate("image => image.complete && image.naturalWidth") == 3000
    page.get_by_role("link", name="Harbour reopens after the storm").click()
    page.wait_for_load_state("load")
    assert page.url == f"{show.base_url}/episodes/{show.stem}.html"
    assert page.locator("h1").inner_text() == "Harbour reopens after the storm"
    assert show.problems == []


def test_player_duration_is_the_mp3s(browser: playwright_api.Browser, show: Show, ffmpeg: str) -> None:
    page = episode_page(browser, show)
    player_s = page.evaluate("document.getElementById('player').duration")
    # ffmpeg decodes the MP3 without the encoder's delay and padding, as the LAME tag asks;
    # mutagen's length keeps them (about 30 ms more).
    mp3_s = len(decode(ffmpeg, show.outdir / "episodes" / f"{show.stem}.mp3")) / 44_100
    print(f"player {player_s:.3f} s, MP3 {mp3_s:.3f} s")
    assert abs(player_s - mp3_s) <= DURATION_TOLERANCE_S
    assert show.problems == []


def test_clicking_a_chapter_seeks_to_its_start(browser: playwright_api.Browser, show: Show) -> None:
    chapters = parse_chapters((show.outdir / "episodes" / f"{show.stem}.chapters.json").read_text(encoding="utf-8"))
    assert len(chapters) >= 3
    page = episode_page(browser, show)
    page.evaluate("document.getElementById('player').muted = true")
    for chapter in reversed(chapters):
        page.locator(".chapters button.seek", has_text=chapter.text).click()
        now_s = page.evaluate("document.getElementById('player').currentTime")
        assert chapter.start_s - 0.01 <= now_s <= chapter.start_s + SEEK_SLACK_S, (chapter, now_s)
        assert chapter.text in page.locator(".chapters .current").inner_text()
    assert show.problems == []


def test_keyboard_reaches_a_chapter_and_enter_seeks(browser: playwright_api.Browser, show: Show) -> None:
    last = parse_chapters((show.outdir / "episodes" / f"{show.stem}.chapters.json").read_text(encoding="utf-8"))[-1]
    page = episode_page(browser, show)
    page.evaluate("document.getElementById('player').muted = true")
    for _ in range(40):
        page.keyboard.press("Tab")
        if last.text in page.evaluate("document.activeElement.textContent"):
            break
    page.keyboard.press("Enter")
    now_s = page.evaluate("document.getElementById('player').currentTime")
    assert last.start_s - 0.01 <= now_s <= last.start_s + SEEK_SLACK_S


def test_highlighted_sentence_follows_the_clock(browser: playwright_api.Browser, show: Show) -> None:
    cues = parse_webvtt((show.outdir / "episodes" / f"{show.stem}.vtt").read_text(encoding="utf-8"))
    page = episode_page(browser, show)
    for cue in cues:
        middle_s = (cue.start_s + (cue.end_s or cue.start_s)) / 2
        page.evaluate("""time => {
            const player = document.getElementById('player');
            player.currentTime = time;
            player.dispatchEvent(new Event('timeupdate'));
        }""", middle_s)
        assert page.locator(".transcript .current").inner_text() == cue.text
        assert page.locator(".transcript [aria-current='true']").count() == 1
    assert show.problems == []


def test_highlight_moves_on_during_muted_playback(browser: playwright_api.Browser, show: Show) -> None:
    cues = parse_webvtt((show.outdir / "episodes" / f"{show.stem}.vtt").read_text(encoding="utf-8"))
    page = episode_page(browser, show)
    page.locator(".transcript button.seek").first.click()
    page.evaluate("document.getElementById('player').muted = true")
    page.wait_for_function(f"document.getElementById('player').currentTime > {cues[1].start_s + 0.2}", timeout=30_000)
    # The highlight follows timeupdate events, which come four times a second: it may lag the clock.
    page.wait_for_function("first => document.querySelector('.transcript .current').innerText !== first",
                           arg=cues[0].text, timeout=10_000)
    assert page.locator(".transcript .current").inner_text() in {cues[1].text, cues[2].text}


def test_clicking_a_sentence_seeks_to_it(browser: playwright_api.Browser, show: Show) -> None:
    cues = parse_webvtt((show.outdir / "episodes" / f"{show.stem}.vtt").read_text(encoding="utf-8"))
    page = episode_page(browser, show)
    page.evaluate("document.getElementById('player').muted = true")
    page.locator(".transcript button.seek").nth(len(cues) - 1).click()
    now_s = page.evaluate("document.getElementById('player').currentTime")
    assert cues[-1].start_s - 0.01 <= now_s <= cues[-1].start_s + SEEK_SLACK_S


def test_episode_page_works_from_disk(browser: playwright_api.Browser, show: Show) -> None:
    page = open_page(browser, show, (show.outdir / "episodes" / f"{show.stem}.html").as_uri())
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    page.evaluate("document.getElementById('player').muted = true")
    page.locator(".chapters button.seek").last.click()
    assert page.evaluate("document.getElementById('player').currentTime") > 0
    assert page.locator(".transcript .current").count() == 1
    assert show.problems == []


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_for_review(browser: playwright_api.Browser, show: Show, tmp_path: Path, name: str, viewport: dict[str, int]) -> None:
    for page_name, path in (("show", "/"), ("episode", f"/episodes/{show.stem}.html")):
        page = open_page(browser, show, path, viewport)
        if page_name == "episode":  # mark a sentence and a chapter, so the review sees the highlight
            page.wait_for_function("document.getElementById('player').readyState >= 1")
            page.evaluate("""() => {
                const player = document.getElementById('player');
                player.currentTime = player.duration / 2;
                player.dispatchEvent(new Event('timeupdate'));
            }""")
        width_px = page.evaluate("document.documentElement.scrollWidth")
        assert width_px <= viewport["width"], f"{page_name} page scrolls sideways at {viewport['width']} px"
        screenshot = tmp_path / f"{page_name}-{name}.png"
        page.screenshot(path=str(screenshot), full_page=True)
        print(f"screenshot: {screenshot}")
        assert screenshot.stat().st_size > 10_000
    assert show.problems == []
