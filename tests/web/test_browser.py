"""The site in a real browser (Debian's chromium through Playwright), against `minutebook serve`."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site(sqlite_web_url: str) -> Iterator[str]:
    port = _free_port()
    minutebook = str(Path(sys.executable).with_name("minutebook"))
    command = [minutebook, "serve", "--port", str(port), "--database", sqlite_web_url]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/static/site.css", timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    pytest.fail(
                        f"minutebook serve exited: {server.stdout.read().decode() if server.stdout else ''}"
                    )
                time.sleep(0.1)
        else:
            pytest.fail("minutebook serve did not start within 10 s")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def _is_in_view(page: Page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; }",
    )


def test_search_hit_lands_on_the_highlighted_paragraph_then_the_source_line(site: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{site}/search?q=school+governors")
    hit = page.locator("ol.hits li a").first
    expect(hit).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    href = hit.get_attribute("href") or ""
    assert re.search(r"/meetings/.+#p-", href), href

    hit.click()
    anchor = href.split("#", 1)[1]
    page.wait_for_url(re.compile(re.escape("#" + anchor) + "$"))
    target = page.locator(":target")
    expect(target).to_have_count(1)
    assert target.get_attribute("id") == anchor
    assert re.search("governor", target.inner_text(), re.IGNORECASE)
    assert _is_in_view(page, ":target")
    # The :target rule paints the paragraph; an untargeted paragraph stays transparent.
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.screenshot(path=str(ARTIFACTS / "meeting.png"), full_page=True)

    target.locator("a", has_text="line").click()
    page.wait_for_url(re.compile(r"/sources/.+#L\d+$"))
    line = page.locator(":target")
    expect(line).to_have_count(1)
    assert line.get_attribute("id") == page.url.rsplit("#", 1)[1]
    assert _is_in_view(page, ":target")
    assert line.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_keyboard_only_search(site: str, page: Page) -> None:
    page.goto(f"{site}/search")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    # From the top of <main>, the next Tab reaches the query field.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("id", "q")
    page.keyboard.type("school governors")
    page.keyboard.press("Enter")
    expect(page.locator("ol.hits li a").first).to_be_visible()
    assert re.search(r"[?&]q=school(\+|%20)governors", page.url), page.url


def test_meeting_and_search_pages_fit_a_phone(site: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    try:
        phone.goto(f"{site}/search?q=school+governors")
        hit = phone.locator("ol.hits li a").first
        expect(hit).to_be_visible()
        expect(phone.locator("#facets li").first).to_be_visible()  # counts arrive through htmx
        pages = [phone.url, site + (hit.get_attribute("href") or "")]
        for url in pages:
            phone.goto(url)
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
        phone.screenshot(path=str(ARTIFACTS / "meeting-phone.png"), full_page=False)
    finally:
        context.close()
