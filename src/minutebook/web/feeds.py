"""Following the council without visiting the site: Atom feeds and iCalendar calendars.

    /feeds/meetings.atom     meetings, newest first (`?body=SLUG` for one body)
    /feeds/decisions.atom    decisions (`?body=`, `?person=` a mover, seconder or name in it)
    /feeds/actions.atom      actions (`?body=`, `?owner=`)
    /search.atom?q=...       any search, newest hits first, with the search page's filters
    /calendar.ics            meetings as iCalendar events (`?body=SLUG`), past and future
    /bodies/SLUG/calendar.ics   the same for one body

Every entry links to the meeting, item or paragraph it is about, and its id is stable (a tag
URI made of the meeting id and the fact's place), so a reader never shows an entry twice.
Calendars hold every stored meeting, newest first up to CALENDAR_SIZE, so meetings known only
from an agenda or the ModernGov web service (a future date) are there; a meeting whose record is
marked cancelled, or whose title says it was cancelled or postponed, is STATUS:CANCELLED (a
calendar app then strikes it out rather than dropping it silently). An event's UID is its
meeting id, which depends only on body and date, so re-reading a meeting updates its event.
Feeds are built with feedgen and calendars with icalendar (both well-kept; the formats have
enough corners — dates, escaping, line folding — not to write by hand).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event
from sqlalchemy import Connection, select

from minutebook.registers.actions import actions
from minutebook.registers.decisions import decisions
from minutebook.search import snippet_parts
from minutebook.store import browse
from minutebook.store import schema as t
from minutebook.web.anchors import line_urls
from minutebook.web.hits import find
from minutebook.web.params import Filters, search_filters

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FEED_SIZE = 50
CALENDAR_SIZE = 2000
ATOM = "application/atom+xml; charset=utf-8"
ICS = "text/calendar; charset=utf-8"
TAG = "tag:minutebook,2026:"  # RFC 4151: ids that never change with the site's address
DEFAULT_ZONE = "Europe/London"  # the council's zone: MINUTEBOOK_TIMEZONE
# How minutes and agenda pages title a meeting that did not take place on its date: "Planning
# Committee - CANCELLED", "Meeting postponed", "Canceled" (US spelling).
CALLED_OFF = re.compile(r"\b(?:cancell?ed|postponed)\b", re.IGNORECASE)
REFRESH = dt.timedelta(hours=12)  # how often calendar apps should fetch a calendar again

feeds = APIRouter(include_in_schema=False)
BodyParam = Annotated[str | None, Query(max_length=200, description="Body slug.")]


@feeds.get("/feeds/meetings.atom")
def meetings_feed(request: Request, body: BodyParam = None) -> Response:
    with request.app.state.engine.connect() as conn:
        rows, _ = browse.meetings(conn, body, FEED_SIZE, 0)
        read_at = _read_at(conn, [r["id"] for r in rows])
    entries = [
        {
            "id": r["id"],
            "title": f"{r['body']}, {r['date']}" + (" (cancelled)" if called_off(r) else ""),
            "url": f"/meetings/{r['id']}",
            "updated": read_at.get(r["id"]) or r["date"],
            "summary": r["title"],
        }
        for r in rows
    ]
    return _atom(request, "Meetings" + _of(body), entries)


@feeds.get("/feeds/decisions.atom")
def decisions_feed(
    request: Request,
    body: BodyParam = None,
    person: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    with request.app.state.engine.connect() as conn:
        rows = decisions(conn, body=body, person=person, limit=FEED_SIZE).rows
        entries = _fact_entries(
            conn,
            rows,
            "decision",
            title=lambda r: f"{r.body}, {r.date}: {r.item_title}",
            summary=lambda r: f"{r.kind.capitalize()}: {r.text}",
        )
    return _atom(request, "Decisions" + _of(body) + (f" naming {person}" if person else ""), entries)


@feeds.get("/feeds/actions.atom")
def actions_feed(
    request: Request,
    body: BodyParam = None,
    owner: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    with request.app.state.engine.connect() as conn:
        rows = actions(conn, body=body, owner=owner, limit=FEED_SIZE).rows
        entries = _fact_entries(
            conn,
            rows,
            "action",
            title=lambda r: f"{r.owner or 'Action'}: {r.text[:80]}",
            summary=lambda r: f"{r.body}, {r.date}, {r.item_title}. {r.text} ({r.status})",
        )
    return _atom(request, "Actions" + _of(body) + (f" for {owner}" if owner else ""), entries)


def _fact_entries(
    conn: Connection, rows: list[Any], kind: str, title: Callable[[Any], str], summary: Callable[[Any], str]
) -> list[dict[str, Any]]:
    """Feed entries for register rows (decisions, actions), each linking to its paragraph and
    identified by its meeting, item and place in the item."""
    url = line_urls(browse.places(conn, {r.meeting_id for r in rows})[1])
    return [
        {
            "id": f"{r.meeting_id}/{kind}/{r.item_position}/{r.position}",
            "title": title(r),
            "url": url(r.meeting_id, r.item_position, r.line),
            "updated": r.date,
            "summary": summary(r),
        }
        for r in rows
    ]


@feeds.get("/search.atom")
def search_feed(request: Request, filters: Annotated[Filters, Depends(search_filters)]) -> Response:
    found = find(request.app.state.engine, filters, None, "date", FEED_SIZE, 0, mode="lexical")
    entries = [
        {
            "id": f"{h['meeting_id']}/{h['kind']}/{h['line'] or h['item_number'] or ''}",
            "title": f"{h['body']}, {h['date']}" + (f": {h['item_title']}" if h["item_title"] else ""),
            "url": h["url"],
            "updated": h["date"],
            "summary": _plain(h["snippet"]),
        }
        for h in found.hits
    ]
    return _atom(request, f"Search: {filters.q}" + _of(filters.body), entries)


@feeds.get("/calendar.ics")
def calendar(request: Request, body: BodyParam = None) -> Response:
    return _calendar(request, body)


@feeds.get("/bodies/{slug:path}/calendar.ics")
def body_calendar(request: Request, slug: str) -> Response:
    """One body's calendar, beside its page (the site registers this before its `/bodies/{slug}`)."""
    with request.app.state.engine.connect() as conn:
        if conn.execute(select(t.bodies.c.id).where(t.bodies.c.slug == slug)).first() is None:
            raise HTTPException(404)
    return _calendar(request, slug)


def _calendar(request: Request, body: str | None) -> Response:
    zone = council_zone()
    with request.app.state.engine.connect() as conn:
        rows, _ = browse.meetings(conn, body, CALENDAR_SIZE, 0)
        ids = [r["id"] for r in rows]
        m = t.meetings
        venues = {row[0]: row[1] for row in conn.execute(select(m.c.id, m.c.venue).where(m.c.id.in_(ids)))}
        read_at = _read_at(conn, ids)
    cal = Calendar()
    cal.add("prodid", "-//minutebook//council meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Meetings" + _of(rows[0]["body"] if body and rows else body))  # its name
    cal.add("x-wr-timezone", zone.key)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    cal.add("x-published-ttl", REFRESH)
    for row in rows:
        cal.add_component(_event(request, row, venues.get(row["id"]), zone, read_at.get(row["id"])))
    cal.add_missing_timezones()  # a VTIMEZONE for the council's zone, as RFC 5545 asks of a TZID
    return Response(cal.to_ical(), media_type=ICS)


def called_off(row: dict[str, Any]) -> bool:
    """Whether a meeting did not take place on its date: its record says cancelled (a structured
    source's status), or its title says cancelled or postponed."""
    return bool(row["cancelled"]) or bool(CALLED_OFF.search(row["title"] or ""))


def council_zone() -> ZoneInfo:
    """The council's time zone, in which printed meeting times are read."""
    name = os.environ.get("MINUTEBOOK_TIMEZONE", DEFAULT_ZONE)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def _event(
    request: Request, row: dict[str, Any], venue: str | None, zone: ZoneInfo, stored: str | None
) -> Event:
    event = Event()
    event.add("uid", f"{row['id']}@minutebook")
    event.add("summary", xml_safe(row["body"]))
    day = dt.date.fromisoformat(row["date"])
    start = _start(day, row.get("time"), zone)
    if start is None:  # no time printed: an all-day event
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
    else:
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(hours=2))
    # When this version of the event was made: when the meeting was stored (re-reading updates it).
    event.add(
        "dtstamp", _instant(stored) if stored else dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    )
    event.add("url", str(request.base_url).rstrip("/") + f"/meetings/{row['id']}")
    event.add("description", xml_safe(row["title"]))
    if venue:
        event.add("location", xml_safe(venue))
    event.add("status", "CANCELLED" if called_off(row) else "CONFIRMED")
    return event


def _start(day: dt.date, time: str | None, zone: ZoneInfo) -> dt.datetime | None:
    """The meeting's start from its printed time ("10:00", "7.30 pm", "19:30"), else None."""
    if not time:
        return None
    text = time.lower().replace(".", ":").replace(" ", "")
    pm, am = text.endswith(("pm", "p:m:")), text.endswith(("am", "a:m:"))
    digits = text.rstrip("apm:")
    hour_text, _, minute_text = digits.partition(":")
    if not hour_text.isdigit() or (minute_text and not minute_text[:2].isdigit()):
        return None
    hour, minute = int(hour_text), int(minute_text[:2] or 0)
    if pm and hour < 12:
        hour += 12
    if am and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def _atom(request: Request, title: str, entries: Iterable[dict[str, Any]]) -> Response:
    site = str(request.base_url).rstrip("/")
    feed = FeedGenerator()
    feed.id(TAG + request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    feed.title(f"{title} — minutebook")
    feed.link(href=str(request.url), rel="self")
    feed.link(href=site + "/", rel="alternate")
    feed.author({"name": "minutebook"})
    newest = "1970-01-01"
    for entry in reversed(list(entries)):  # feedgen puts each new entry first
        item = feed.add_entry()
        item.id(TAG + entry["id"])
        item.title(xml_safe(entry["title"]))
        item.link(href=site + entry["url"], rel="alternate")
        item.updated(_instant(entry["updated"]))
        item.summary(xml_safe(entry["summary"]))
        newest = max(newest, entry["updated"])
    feed.updated(_instant(newest))
    return Response(feed.atom_str(pretty=True), media_type=ATOM)


def xml_safe(text: str) -> str:
    """Text with the control characters XML 1.0 cannot hold removed (PDFs leave some behind)."""
    return NOT_XML.sub("", text)


def _instant(value: str) -> dt.datetime:
    """An Atom date from a stored date ('2024-05-01') or timestamp (ISO 8601, UTC)."""
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _read_at(conn: Connection, meeting_ids: list[str]) -> dict[str, str]:
    """When each meeting's source was stored: a meeting's entry is updated when it is re-read."""
    m, s = t.meetings, t.sources
    query = select(m.c.id, s.c.read_at).join(s, s.c.id == m.c.source_id).where(m.c.id.in_(meeting_ids))
    return {row[0]: row[1] for row in conn.execute(query)}


def _of(body: str | None) -> str:
    return f" of {body}" if body else ""


def _plain(snippet: str) -> str:
    return "".join(text for text, _ in snippet_parts(snippet))
