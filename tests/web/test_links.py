"""Links that come from documents: only web pages (http, https) become an href on a page."""

from __future__ import annotations

from urllib.parse import quote

import sqlalchemy
from fastapi.testclient import TestClient

from minutebook.record import Attendee, Document, MeetingRecord, Person
from minutebook.registers import refresh
from minutebook.store import save
from minutebook.web.app import create_app
from minutebook.web.render import web_link


def test_only_web_schemes_are_links() -> None:
    assert web_link(" https://example.gov.uk/a.pdf ") == "https://example.gov.uk/a.pdf"
    assert web_link("HTTP://example.gov.uk") == "HTTP://example.gov.uk"
    for url in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "", None):
        assert web_link(url) is None


def test_a_script_link_in_a_document_never_reaches_the_page(
    engine: sqlalchemy.Engine, seed_records: list[tuple[MeetingRecord, bytes]]
) -> None:
    record, data = seed_records[0]
    record.source.url = "javascript:alert(document.cookie)"
    record.items[0].documents = [
        Document(title="Report", url="JavaScript:alert(1)"),
        Document(title="Plan", url="https://example.gov.uk/plan.pdf"),
    ]
    save(engine, record, data)
    with TestClient(create_app(engine.url.render_as_string(hide_password=False))) as client:
        page = client.get(f"/meetings/{record.id}")
        source_id = page.text.split('href="/sources/', 1)[1].split('"', 1)[0]
        source = client.get(f"/sources/{source_id}")
    assert page.status_code == source.status_code == 200
    assert "javascript:" not in page.text.lower()
    assert 'href="javascript' not in source.text.lower()  # shown as text, never a link
    assert 'href="https://example.gov.uk/plan.pdf"' in page.text
    assert "Report" in page.text  # the document is still listed, as text


def test_a_person_whose_key_holds_a_slash_has_a_page(
    engine: sqlalchemy.Engine, seed_records: list[tuple[MeetingRecord, bytes]]
) -> None:
    record, data = seed_records[0]
    record.attendance.append(Attendee(name="Councillor Ann Smith/Jones", status="present"))
    record.people.append(Person(name="Councillor Ann Smith/Jones", honorific="Councillor"))
    save(engine, record, data)
    refresh(engine)
    with TestClient(create_app(engine.url.render_as_string(hide_password=False))) as client:
        [row] = client.get("/api/v1/people", params={"q": "Smith/Jones"}).json()["data"]
        assert "/" in row["key"]
        page = client.get(f"/people/{quote(row['key'], safe='/')}")
    assert page.status_code == 200, page.text
    assert "Smith/Jones" in page.text
