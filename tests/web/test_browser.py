"""The site in a real browser (Debian's chromium through Playwright), against `minutebook serve`
(the fixtures `site`, `chain_site`, `browser` and `page` are in conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
pytestmark = pytest.mark.browser


def _is_in_view(page: Page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; }",
    )


def _lands_on(page: Page, anchor: str, words: str) -> None:
    """The page is at `#anchor`: that element is the painted :target, in view, and says `words`."""
    page.wait_for_url(re.compile(re.escape("#" + anchor) + "$"))
    target = page.locator(":target")
    expect(target).to_have_count(1)
    assert target.get_attribute("id") == anchor
    assert re.search(words, target.inner_text(), re.IGNORECASE), target.inner_text()
    assert _is_in_view(page, ":target")
    # The :target rule paints the paragraph; an untargeted paragraph stays transparent.
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_search_hit_lands_on_the_highlighted_paragraph_then_the_source_line(site: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{site}/search?q=school+governors")
    hit = page.locator("ol.hits li a").first
    expect(hit).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    href = hit.get_attribute("href") or ""
    assert re.search(r"/meetings/.+#p-", href), href

    hit.click()
    _lands_on(page, href.split("#", 1)[1], "governor")
    target = page.locator(":target")
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


def test_search_from_the_home_page(site: str, page: Page) -> None:
    page.goto(site + "/")
    page.get_by_label("Search the minutes").fill("school governors")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=school(\+|%20)governors"))
    expect(page.locator("ol.hits li a").first).to_be_visible()


def test_search_from_the_facets_page(site: str, page: Page) -> None:
    """Its form has no #results to swap into, so it is a plain GET to the search page."""
    page.goto(f"{site}/search/facets?q=school+governors")
    page.get_by_label("Search the minutes").fill("library")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=library"))
    expect(page.locator("#h-hits")).to_be_visible()


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


def test_an_action_followed_from_where_it_was_raised_to_its_follow_up(chain_site: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{chain_site}/registers/actions")
    row = page.locator("table.register tbody tr", has_text="Strategic Director of Finance")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(5)).to_contain_text("Followed up")
    expect(page.locator("table.register tbody tr", has_text="The Clerk").locator("td").nth(5)).to_have_text(
        "Open"
    )
    page.screenshot(path=str(ARTIFACTS / "actions-register.png"), full_page=True)

    row.locator("a.minute").click()  # to the meeting where it was raised
    assert "/meetings/cabinet/2014-01-15#" in page.url
    _lands_on(page, "p-2.2", "costed options appraisal")

    page.locator(":target a.followup").click()  # to the later minute that followed it up
    assert "/meetings/cabinet/2014-02-12#" in page.url
    _lands_on(page, "p-2.1", "Further to Minute No. 2 of the Cabinet meeting held on 15th January")


def test_timeline_draws_a_topic_and_links_its_first_mention(site: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{site}/timeline?q=%22child+sexual+exploitation%22")
    chart = page.locator("figure.chart svg[role=img]")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 100
    expect(chart.locator("rect title").first).to_contain_text(":")
    expect(page.locator("caption", has_text="Matching passages per month")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)

    first = page.locator("a.first-mention")
    anchor = (first.get_attribute("href") or "").split("#", 1)[1]
    first.click()
    _lands_on(page, anchor, "child sexual exploitation")
