"""The clerk's path in a real browser (Debian's chromium through Playwright), against
`minutebook serve` on a SQLite file of its own: sign in, upload a PDF, publish it, fix an
attendee's name, see the diff, sign out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from minutebook.accounts.users import add_user
from minutebook.ingest import ingest
from minutebook.store import migrate, open_engine
from web.conftest import _served

PASSWORD = "a long clerk password"


@pytest.fixture
def clerk_site(tmp_path: Path, seed_files: list[Path]) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'minutebook.db'}"
    engine = open_engine(url)
    migrate(engine)
    ingest(engine, seed_files, workers=1)
    add_user(engine, "clara", "clerk", PASSWORD)
    engine.dispose()
    with _served(url) as base:
        yield base


def test_sign_in_upload_publish_correct_see_the_diff_sign_out(
    clerk_site: str, page: Page, corpus_dir: Path, tmp_path: Path
) -> None:
    page.goto(clerk_site + "/clerk")
    expect(page).to_have_url(clerk_site + "/login?next=/clerk")
    page.get_by_label("Name").fill("clara")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Clerk's desk")).to_be_visible()

    page.get_by_role("link", name="Upload minutes").click()
    page.get_by_label("Document").set_input_files(corpus_dir / "rivergrove-or-city-council-2018-12-10.pdf")
    page.get_by_role("button", name="Read and preview").click()
    expect(page.get_by_role("heading", name="Preview:")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(clerk_site + "/meetings/rivergrove-city-council/2018-12-10")

    page.get_by_role("link", name="clerks: correct this record").click()
    attendance = page.get_by_label("Attendance")
    attendance.fill(attendance.input_value().replace("Arne Nyberg", "Arne Nyborg"))
    page.get_by_label("What you changed, and why").fill("spelling of a councillor's name")
    page.get_by_role("button", name="Save as a new version").click()
    page.get_by_role("link", name="compare with 1").click()
    expect(page.locator("pre.diff del")).to_have_text("- Attendance: Arne Nyberg (present)")
    expect(page.locator("pre.diff ins")).to_have_text("+ Attendance: Arne Nyborg (present)")
    page.screenshot(path=str(tmp_path / "clerk-diff.png"), full_page=True)

    page.goto(clerk_site + "/meetings/rivergrove-city-council/2018-12-10")
    expect(page.locator("main")).to_contain_text("Arne Nyborg")
    expect(page.get_by_text("Corrected on")).to_be_visible()

    page.goto(clerk_site + "/clerk")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(clerk_site + "/")
    page.goto(clerk_site + "/clerk")
    expect(page).to_have_url(clerk_site + "/login?next=/clerk")
