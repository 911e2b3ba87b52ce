"""Calendars of past, future and called-off meetings, read back by the icalendar library as
calendar apps read them, on both backends: a meeting known only from its agenda (a future date)
is an event; one whose record says cancelled, or whose title says cancelled or postponed, is
STATUS:CANCELLED; each body has its calendar beside its page; UIDs never change."""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings

import pytest
import sqlalchemy
from icalendar import Calendar

from minutebook.record import MeetingRecord
from minutebook.store import save
from minutebook.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

BODY = "commissioners-public-meeting-with-councillors"
OTHER = "improving-lives-select-commission"
Seeds = list[tuple[MeetingRecord, bytes]]


def _copy(seeds: Seeds, day: dt.date, title: str | None = None, cancelled: bool = False) -> tuple:
    record, data = next((r, d) for r, d in seeds if r.id.startswith(BODY))
    record.id, record.date, record.cancelled = f"{BODY}/{day.isoformat()}", day.isoformat(), cancelled
    record.title = title or record.title
    data += day.isoformat().encode()  # a source of its own: a source holds one meeting
    record.source.sha256 = hashlib.sha256(data).hexdigest()
    return record, data


@pytest.fixture
def client(engine: sqlalchemy.Engine, seed_records: Seeds) -> TestClient:
    import copy

    today = dt.date.today()
    for record, data in seed_records:
        save(engine, record, data)
    save(engine, *_copy(copy.deepcopy(seed_records), today + dt.timedelta(days=40)))  # from an agenda
    save(engine, *_copy(copy.deepcopy(seed_records), today + dt.timedelta(days=70), cancelled=True))
    postponed = "Commissioners' Public Meeting with Councillors - POSTPONED"
    save(engine, *_copy(copy.deepcopy(seed_records), today + dt.timedelta(days=100), title=postponed))
    return TestClient(create_app(engine, cache=False))


def _events(client: TestClient, url: str) -> dict[str, object]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == len(calendar.walk("VEVENT"))  # one event per UID
    # Every TZID used is defined in the calendar, as RFC 5545 asks.
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    used = {e["DTSTART"].params["TZID"] for e in events.values() if "TZID" in e["DTSTART"].params}
    assert used <= zones
    return events


def test_future_and_called_off_meetings_in_the_calendar(client: TestClient) -> None:
    today = dt.date.today()
    events = _events(client, "/calendar.ics")
    future = events[f"{BODY}/{today + dt.timedelta(days=40)}@minutebook"]
    start = future.decoded("DTSTART")  # type: ignore[attr-defined]
    assert start.date() == today + dt.timedelta(days=40) and start.hour == 11 and start.tzinfo
    assert str(future["STATUS"]) == "CONFIRMED"  # type: ignore[index]
    for days in (70, 100):  # cancelled by its record; postponed by its title
        assert str(events[f"{BODY}/{today + dt.timedelta(days=days)}@minutebook"]["STATUS"]) == "CANCELLED"  # type: ignore[index]
    assert str(events[f"{BODY}/2016-03-16@minutebook"]["STATUS"]) == "CONFIRMED"  # type: ignore[index]
    assert set(_events(client, "/calendar.ics")) == set(events)  # stable UIDs


def test_one_calendar_per_body(client: TestClient) -> None:
    beside_page = _events(client, f"/bodies/{BODY}/calendar.ics")
    named = Calendar.from_ical(client.get(f"/bodies/{BODY}/calendar.ics").content)["X-WR-CALNAME"]
    assert str(named) == "Meetings of Commissioners' Public Meeting with Councillors"
    assert len(beside_page) == 4 and all(uid.startswith(f"{BODY}/") for uid in beside_page)
    assert set(_events(client, f"/calendar.ics?body={BODY}")) == set(beside_page)
    assert set(_events(client, f"/bodies/{OTHER}/calendar.ics")) == {f"{OTHER}/2013-07-10@minutebook"}
    assert client.get("/bodies/no-such-body/calendar.ics").status_code == 404
    page = client.get(f"/bodies/{BODY}")  # the body's page is still its page, and links its calendar
    assert page.status_code == 200
    assert (
        'type="text/calendar" title="Calendar of' in page.text and f"/bodies/{BODY}/calendar.ics" in page.text
    )


def test_the_meetings_feed_says_cancelled_too(client: TestClient) -> None:
    import feedparser

    parsed = feedparser.parse(client.get("/feeds/meetings.atom").content)
    assert not parsed.bozo
    assert sum("(cancelled)" in e.title for e in parsed.entries) == 2
