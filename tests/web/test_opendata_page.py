"""The open-data page in a browser: audited with axe-core against WCAG 2.0/2.1 A and AA, as every
other kind of page is (tests/web/test_accessibility.py), and its downloads reached from the footer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from web.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_the_export_page_is_reached_from_the_footer_and_meets_wcag_aa(site: str, page: Page) -> None:
    page.goto(f"{site}/meetings")
    page.locator("footer a[href='/export']").click()
    expect(page.locator("h1")).to_have_text("Open data")
    assert page.locator("a[href^='/export/']").count() == 5
    assert_accessible(page)
