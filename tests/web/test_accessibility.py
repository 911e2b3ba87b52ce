"""Every kind of page audited with axe-core (bundled by axe-playwright-python) against WCAG 2.0 and
2.1 A and AA, in Debian's chromium at desktop and phone sizes; and the keyboard path from the top of
a page to the skip link, the site navigation and the search field, each with a visible focus ring."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}
AXE = Axe()


# Swagger UI 5.35.0 (vendored, rendered by its own script) fails color-contrast on its method badges,
# version stamp and schema buttons, and nested-interactive on every operation's summary (a button
# inside a button): not ours to fix. Its page is still audited, without the widget.
THIRD_PARTY = {"API docs": {"exclude": [".swagger-ui"]}}


def violations(page: Page, context: dict | None = None) -> list[str]:
    """What axe finds on the page as it stands: one line per element, saying what to fix and where."""
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    found = AXE.run(page, context=context, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}) at {' > '.join(map(str, node['target']))}: {v['help']} — {v['helpUrl']}"
        for v in found
        for node in v["nodes"]
    ]


def duplicate_ids(page: Page) -> list[str]:
    """axe 4.12 no longer checks that ids are unique; a fragment link or a label needs them to be."""
    return page.evaluate(
        """() => { const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
                   return ids.filter((id, i) => ids.indexOf(id) !== i); }"""
    )


def assert_accessible(page: Page, context: dict | None = None) -> None:
    problems = violations(page, context) + [f"duplicate id {i!r}" for i in duplicate_ids(page)]
    assert not problems, f"{page.url}: {len(problems)} accessibility violations\n" + "\n".join(problems)


def _href(page: Page, url: str, selector: str) -> str:
    """The first link matching `selector` at `url`: a page of each kind, found as a reader would."""
    page.goto(url)
    link = page.locator(selector).first
    expect(link).to_be_visible()
    return link.get_attribute("href") or ""


def _search_hit(page: Page, site: str) -> str:
    """A meeting URL at a paragraph anchor: the first hit for "school governors"."""
    return _href(page, f"{site}/search?q=school+governors", "ol.hits li a")


def _results_with_facets(page: Page, site: str) -> None:
    page.goto(f"{site}/search?q=school+governors")
    expect(page.locator("#facets li").first).to_be_visible()  # the counts arrive through htmx


def _meeting_at_paragraph(page: Page, site: str) -> None:
    page.goto(site + _search_hit(page, site))
    expect(page.locator(".paragraph:target")).to_have_count(1)  # painted as the highlighted paragraph


def _source_at_line(page: Page, site: str) -> None:
    page.goto(site + _search_hit(page, site))
    page.goto(site + _href(page, page.url, ".paragraph:target a[href^='/sources/']"))
    expect(page.locator(".source-line:target")).to_have_count(1)


def _visit(path: str) -> Callable[[Page, str], None]:
    def visit(page: Page, site: str) -> None:
        page.goto(site + path)

    return visit


def _first_link(path: str, selector: str) -> Callable[[Page, str], None]:
    def follow(page: Page, site: str) -> None:
        page.goto(site + _href(page, site + path, selector))

    return follow


def _timeline_chart(page: Page, site: str) -> None:
    page.goto(f"{site}/timeline?q=%22child+sexual+exploitation%22")
    expect(page.locator("figure.chart svg")).to_be_visible()


def _api_docs(page: Page, site: str) -> None:
    page.goto(f"{site}/api/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()


PAGES: dict[str, Callable[[Page, str], None]] = {
    "home": _visit("/"),
    "bodies": _visit("/bodies"),
    "body": _first_link("/bodies", "main a[href^='/bodies/']"),
    "meetings": _visit("/meetings"),
    "meeting at a paragraph": _meeting_at_paragraph,
    "search with results and facets": _results_with_facets,
    "search with a syntax error": _visit("/search?q=%22unclosed"),
    "people": _visit("/people"),
    "person": _first_link("/people", "main table a[href^='/people/']"),
    "decisions register": _visit("/registers/decisions"),
    "actions register": _visit("/registers/actions"),
    "appointments register": _visit("/registers/appointments"),
    "timeline with a chart": _timeline_chart,
    "source at a line": _source_at_line,
    "not found": _visit("/no/such/page"),
    "API docs": _api_docs,
}
ON_A_PHONE = ["meeting at a paragraph", "search with results and facets"]


@pytest.mark.parametrize("kind", PAGES)
def test_page_meets_wcag_aa(site: str, page: Page, kind: str) -> None:
    PAGES[kind](page, site)
    assert_accessible(page, THIRD_PARTY.get(kind))


@pytest.mark.parametrize("kind", ON_A_PHONE)
def test_page_meets_wcag_aa_on_a_phone(site: str, browser: Browser, kind: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    try:
        phone = context.new_page()
        PAGES[kind](phone, site)
        assert_accessible(phone)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/registers/actions", "/meetings/cabinet/2014-01-15#p-2.2"])
def test_action_states_meet_wcag_aa(chain_site: str, page: Page, path: str) -> None:
    """Open, followed-up and closed actions, with their status colours and follow-up links."""
    page.goto(chain_site + path)
    assert_accessible(page)


def test_a_search_updated_in_place_is_announced(site: str, page: Page) -> None:
    """htmx swaps the results; the status region stays put and says the new count, and a syntax error
    arrives as an alert, as it would on a page loaded without JavaScript."""
    page.goto(f"{site}/search?q=school+governors")
    status = page.locator("#search-status[role=status]")
    expect(status).to_have_text(page.locator("#h-hits").inner_text())
    page.evaluate("() => { window.statusRegion = document.getElementById('search-status'); }")
    page.get_by_label("Search the minutes").fill("library")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=library"))
    expect(status).to_have_text(re.compile(r"^\d+ results?$|^Many results"))
    expect(page.locator("#h-hits")).to_have_text(status.inner_text())
    assert page.evaluate("() => window.statusRegion === document.getElementById('search-status')")

    page.get_by_label("Search the minutes").fill('"unclosed')
    page.keyboard.press("Enter")
    expect(page.locator("#results [role=alert]")).to_contain_text("a quote is not closed")
    expect(status).to_have_text("")
    assert_accessible(page)


# Where focus is, and whether it shows: an outline or a box-shadow, on an element in view.
FOCUSED = """() => { const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
    return {id: e.id, text: e.textContent.trim(), href: e.getAttribute("href"),
            nav: !!e.closest("nav[aria-label=Site]"),
            ring: (s.outlineStyle !== "none" && s.outlineWidth !== "0px") || s.boxShadow !== "none",
            shown: r.width > 0 && r.bottom > 0 && r.top < innerHeight}; }"""


@pytest.mark.parametrize("path", ["/", "/search"])
def test_tab_reaches_the_skip_link_the_navigation_and_the_search_field_visibly(
    site: str, page: Page, path: str
) -> None:
    page.goto(site + path)
    stops = []
    for _ in range(20):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if stops[-1]["id"] == "q":
            break
    assert stops[0]["text"] == "Skip to content", stops[0]
    nav = [stop["href"] for stop in stops if stop["nav"]]
    assert nav == page.eval_on_selector_all(
        "nav[aria-label=Site] a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert stops[-1]["id"] == "q", f"the search field is not reached by Tab: {stops}"
    unseen = [stop for stop in stops if not (stop["ring"] and stop["shown"])]
    assert not unseen, f"focused without a visible focus indicator: {unseen}"
