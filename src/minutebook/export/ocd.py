"""Open Civic Data events: each meeting as the `event` object civic apps exchange (the schema of
opencivicdata/pupa, `pupa/scrape/schemas/event.py`), minutes text and all.

    event(record) -> {"id": "ocd-event/<uuid>", "name": ..., "start_date": ..., "agenda": [...], ...}

A meeting becomes: its name and start (date, and time with the council's UTC offset where the
minutes print one), status (cancelled, passed or confirmed), location (the venue), participants
(the body as host, then each person the attendance lists, their status and role in the note),
documents (the source and each item's linked papers that have a URL), and an agenda item per
item: its title, number, the minute paragraphs as `notes` (one note a paragraph, as printed), the
presenters as related people, and its decisions and actions in the item's `extras`. The id is a
UUID made from minutebook's meeting id (uuid5), so the same meeting keeps its id in every export.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection

from minutebook.export.registers import Scope, records

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/minutebook/minutebook/ocd-event")
DEFAULT_ZONE = "Europe/London"  # as the site's calendars: the council's zone is MINUTEBOOK_TIMEZONE
MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html", "docx": "application/vnd.openxmlformats-"
               "officedocument.wordprocessingml.document", "moderngov-xml": "application/xml",
               "text": "text/plain", "markdown": "text/markdown"}  # fmt: skip


def event_id(meeting_id: str) -> str:
    return f"ocd-event/{uuid.uuid5(NAMESPACE, meeting_id)}"


def council_zone() -> ZoneInfo:
    """The zone printed times are read in (the same setting the site's calendar uses)."""
    try:
        return ZoneInfo(os.environ.get("MINUTEBOOK_TIMEZONE", DEFAULT_ZONE))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def start_date(date: str, time: str | None, zone: ZoneInfo) -> str:
    """'2016-03-16' or, with a printed time, '2016-03-16T10:00:00+00:00' (OCD wants an offset)."""
    if time and len(time) == 5 and time[2] == ":":
        try:
            start = dt.datetime.fromisoformat(f"{date}T{time}").replace(tzinfo=zone)
        except ValueError:
            return date
        return start.isoformat()
    return date


def event(
    record: dict[str, Any], zone: ZoneInfo | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """One meeting record (record-schema.json) as an OCD event."""
    zone = zone or council_zone()
    today = today or dt.date.today()
    if record.get("cancelled"):
        status = "cancelled"
    else:
        status = "passed" if record["date"] <= today.isoformat() else "confirmed"
    source = record["source"]
    found: dict[str, Any] = {
        "id": event_id(record["id"]),
        "name": record.get("title") or f"{record['body']} {record['date']}",
        "start_date": start_date(record["date"], record.get("time"), zone),
        "status": status,
        "classification": "committee-meeting",
        "description": f"Meeting of {record['body']}"
        + (f" ({record['council']})" if record.get("council") else ""),
        "participants": _participants(record),
        "documents": _documents(record),
        "agenda": [_agenda_item(item, index) for index, item in enumerate(record.get("items", []))],
        "sources": [
            {"url": source.get("url") or _named_information(source["sha256"]), "note": source["name"]}
        ],
        "extras": {
            "minutebook_id": record["id"],
            "body": record["body"],
            "council": record.get("council"),
            "minutes_status": record.get("minutes_status"),
            "warnings": record.get("warnings", []),
            "source_sha256": source["sha256"],
        },
    }
    if record.get("venue"):
        found["location"] = {"name": record["venue"], "note": "", "coordinates": None}
    return found


def ocd_lines(connection: Connection, scope: Scope) -> Iterator[str]:
    """Each meeting in `scope` as an OCD event, one JSON line each, oldest first."""
    zone, today = council_zone(), dt.date.today()
    for record in records(connection, scope):
        yield json.dumps(event(record, zone, today), ensure_ascii=False, separators=(",", ":")) + "\n"


def _participants(record: dict[str, Any]) -> list[dict[str, Any]]:
    host = {"name": record["body"], "type": "organization", "note": "host"}
    people = []
    for attendee in record.get("attendance", []):
        if not attendee.get("name"):
            continue
        note = ", ".join(part for part in (attendee.get("status"), attendee.get("role")) if part)
        people.append({"name": attendee["name"], "type": "person", "note": note or "participant"})
    return [host, *people]


def _documents(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The source (where published) and the items' linked papers that have a URL: the schema's
    documents need one."""
    source = record["source"]
    found = []
    if source.get("url"):
        media = MEDIA_TYPES.get(source.get("format") or "", "application/octet-stream")
        found.append({"note": f"Minutes: {source['name']}", "url": source["url"], "media_type": media})
    for item in record.get("items", []):
        for document in item.get("documents", []):
            if document.get("url") and document.get("title"):
                media = MEDIA_TYPES.get(document.get("format") or "", "application/octet-stream")
                found.append({"note": document["title"], "url": document["url"], "media_type": media})
    return found


def _agenda_item(item: dict[str, Any], index: int) -> dict[str, Any]:
    notes = [paragraph["text"] for paragraph in item.get("minutes", []) if paragraph.get("text")]
    presenters = [
        {"entity_type": "person", "name": name, "note": "presenter"}
        for name in item.get("presenters", [])
        if name
    ]
    return {
        "description": item.get("title") or "(untitled item)",
        "order": item.get("number") or str(index + 1),
        "notes": notes,
        "related_entities": presenters,
        "extras": {
            "agenda_text": item.get("agenda_text") or "",
            "decisions": [
                {key: decision.get(key) for key in ("kind", "text", "movers", "seconders", "vote")}
                for decision in item.get("decisions", [])
            ],
            "actions": [
                {key: action.get(key) for key in ("text", "owner", "due")}
                for action in item.get("actions", [])
            ],
        },
    }


def _named_information(sha256: str) -> str:
    """A source without a known address, named by its content (RFC 6920 `ni` URI)."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode().rstrip("=")
    return f"ni:///sha-256;{digest}"
