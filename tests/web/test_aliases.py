"""A meeting or body that a declared council alias moved keeps its old URL (a 301 to the new one,
on the pages and the API), and a body's page shows the other names its council is written under."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from minutebook.clerk.councils import declare
from minutebook.ingest import ingest
from minutebook.web.app import create_app


def test_old_urls_of_a_moved_meeting_and_body_redirect(engine: Engine, two_councils: Path) -> None:
    folder = two_councils
    ingest(engine, [folder], workers=1)
    declare(engine, "Aberteifi Town Council", "Cardigan Town Council")
    client = TestClient(create_app(engine, cache=False))
    old, new = "aberteifi-town-council/finance-committee", "cardigan-town-council/finance-committee"
    for prefix in ("", "/api/v1"):
        answer = client.get(f"{prefix}/meetings/{old}/2024-03-05", follow_redirects=False)
        assert answer.status_code == 301
        assert answer.headers["location"] == f"{prefix}/meetings/{new}/2024-03-05"
        answer = client.get(f"{prefix}/bodies/{old}?x=1", follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (301, f"{prefix}/bodies/{new}?x=1")
    assert client.get(f"/meetings/{old}/2024-03-05").status_code == 200  # followed
    assert client.get("/meetings/nowhere/2024-03-05").status_code == 404
    page = client.get(f"/bodies/{new}").text
    assert "also written" in page and "Aberteifi Town Council" in page
    names = client.get(f"/api/v1/bodies/{new}").json()["data"]["council_names"]
    assert set(names) == {"Aberteifi Town Council", "Cardigan Town Council"}
