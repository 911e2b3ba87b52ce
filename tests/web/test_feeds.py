"""Feeds and calendars, read back by the libraries feed readers and calendar apps use:
feedparser (no "bozo" flag: well-formed, valid Atom) and icalendar."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

COMMISSIONERS = "commissioners-public-meeting-with-councillors"


def _feed(client: TestClient, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize("url", ["/feeds/meetings.atom", "/feeds/decisions.atom", "/feeds/actions.atom"])
def test_each_feed_is_valid_atom_linking_to_meeting_pages(client: TestClient, url: str) -> None:
    parsed = _feed(client, url)
    assert parsed.version == "atom10"
    assert parsed.entries
    assert all(e.link.startswith("http://testserver/meetings/") for e in parsed.entries)
    ids = [e.id for e in parsed.entries]
    assert len(ids) == len(set(ids)) and all(i.startswith("tag:minutebook,") for i in ids)
    assert _feed(client, url).entries[0].id == ids[0]  # stable across requests


def test_a_body_feed_holds_only_that_body(client: TestClient) -> None:
    entries = _feed(client, f"/feeds/meetings.atom?body={COMMISSIONERS}").entries
    assert entries and all(f"/meetings/{COMMISSIONERS}/" in e.link for e in entries)


def test_a_search_feed_holds_the_hits_of_the_search(client: TestClient) -> None:
    parsed = _feed(client, "/search.atom?q=taxi")
    assert parsed.entries and all("taxi" in e.summary.lower() for e in parsed.entries)
    assert "#" in parsed.entries[0].link  # links to the paragraph, not just the meeting
    assert not _feed(client, "/search.atom?q=zzqqxxnothing").entries


def test_calendar_has_one_event_a_meeting_in_the_council_zone(client: TestClient) -> None:
    response = client.get("/calendar.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    meetings = client.get("/api/v1/meetings", params={"limit": 100}).json()["data"]
    assert len(events) == len(meetings)
    assert len({str(e["UID"]) for e in events}) == len(events)
    [seed] = [e for e in events if str(e["UID"]) == f"{COMMISSIONERS}/2016-03-16@minutebook"]
    start = seed.decoded("DTSTART")
    assert start == dt.datetime(2016, 3, 16, 11, 0, tzinfo=start.tzinfo)
    assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(0)  # London in March: GMT
    assert str(seed["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize(
    ("page", "feed"),
    [("/", "/feeds/meetings.atom"), ("/registers/decisions", "/feeds/decisions.atom"),
     ("/registers/actions", "/feeds/actions.atom"), (f"/bodies/{COMMISSIONERS}", f"body={COMMISSIONERS}")],
)  # fmt: skip
def test_pages_name_their_feed(client: TestClient, page: str, feed: str) -> None:
    html = client.get(page).text
    assert 'type="application/atom+xml"' in html and feed in html
