"""The plan page in a real browser (Debian's chromium through Playwright, see conftest.py),
against `minutebook serve` on the meetings of plan_meetings.py: from the plans list to the plan's
chart and table, and from a reported figure to the paragraph that reports it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import _served
from .plan_meetings import PLAN, SERIES, plan_database
from .test_accessibility import PHONE, assert_accessible

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def plan_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with _served(plan_database(tmp_path_factory.mktemp("plan-site"))) as base:
        yield base


def test_the_plan_page_charts_the_series_and_cites_each_figure(plan_site: str, page: Page) -> None:
    page.goto(f"{plan_site}/plans")
    page.get_by_role("link", name=PLAN).click()
    page.wait_for_url(re.compile(r"/plans/fresh-start-improvement-plan$"))
    chart = page.get_by_role("img", name=f"Reported progress of the {PLAN}")
    expect(chart).to_be_visible()
    points = chart.locator("circle.plan-point")
    expect(points).to_have_count(len(SERIES))
    box = chart.bounding_box()
    assert box and box["width"] > 400  # drawn at the page's width, not as a thumbnail
    # Rising figures are drawn rising: each point higher on the screen than the one before.
    tops = [points.nth(i).bounding_box()["y"] for i in range(len(SERIES))]  # type: ignore[index]
    assert tops == sorted(tops, reverse=True)
    rows = page.locator("table.plan-series tbody tr")
    expect(rows).to_have_count(len(SERIES))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "plan.png"), full_page=True)

    rows.first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/meetings/commissioners-public/2016-01-13#.+$"))
    target = page.locator(":target")
    expect(target).to_have_count(1)
    assert "23%" in target.inner_text()


@pytest.mark.parametrize(
    "path",
    [
        "/plans",
        "/plans/fresh-start-improvement-plan",
        "/plans/cse-action-plan",
        "/makers",
        "/makers/commissioner-ney",
    ],
)
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_plan_and_maker_pages_meet_wcag_aa(
    plan_site: str, page: Page, path: str, viewport: dict | None
) -> None:
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(plan_site + path)
    assert_accessible(page)
