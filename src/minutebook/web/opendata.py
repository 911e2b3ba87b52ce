"""Taking the data away from the site: the export downloads and a ModernGov-compatible web service.

    /export                    the formats, described, with the filters they take
    /export/{format}           csv (a zip), ndjson, ocd (JSON lines), popolo, sqlite; `?body=&since=&until=`
    /mgWebService.asmx/GetCommittees
    /mgWebService.asmx/GetMeetings?lCommitteeId=&sFromDate=&sToDate=
    /mgWebService.asmx/GetMeeting?lMeetingId=

Downloads are streamed as they are written (`export.formats`), never built whole in memory; the
SQLite file, which must be complete before it can be read, is built in a temporary folder, sent,
and deleted. They read one transaction, so a download is one consistent picture of the data.

The web service answers in the XML shape ModernGov sites answer in (`read.moderngov_xml` reads it
back), so tools written for ModernGov read minutebook's meetings. ModernGov ids are numbers:
a committee's is its body's row id, which never changes once the body is stored; a meeting's is
made of its body's id and its date (one meeting a body a day, as minutebook's own ids are):
`body id * 100000 + days from 1900-01-01`, so it needs no table and decodes without a lookup.
Minutes go out as ModernGov prints them: an item's paragraphs in `minutesnonemptyhtmlbody`, where
a reader finds its decisions and actions as minutebook did in the original.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from markupsafe import escape
from sqlalchemy import Engine, select

from minutebook.errors import QueryError
from minutebook.export.formats import csv_zip_chunks, ndjson_lines, write_sqlite
from minutebook.export.ocd import ocd_lines
from minutebook.export.popolo import popolo_chunks
from minutebook.export.registers import REGISTERS, Scope
from minutebook.store import schema as t
from minutebook.web.render import render

opendata = APIRouter(include_in_schema=False)

CHUNK = 64 * 1024
EPOCH = dt.date(1900, 1, 1)
DAYS = 100_000  # days from EPOCH a meeting id can hold: to the year 2173
XML = "text/xml; charset=utf-8"


# -- downloads -------------------------------------------------------------------------------------

DOWNLOADS: dict[str, dict[str, str]] = {
    "csv": {
        "file": "minutebook-csv.zip",
        "media": "application/zip",
        "about": "A zip of one CSV file a register (meetings, items, paragraphs, decisions, actions, "
        "appointments, attendance, people, plan_points, made_decisions), with a README of the columns. "
        "Opens in any spreadsheet.",
    },
    "ndjson": {
        "file": "minutebook-meetings.ndjson",
        "media": "application/x-ndjson",
        "about": "One meeting record a line, as minutebook's record schema describes it: everything read "
        "from each document, with the line each fact came from.",
    },
    "ocd": {
        "file": "minutebook-ocd-events.jsonl",
        "media": "application/x-ndjson",
        "about": "Open Civic Data events, one a line: agenda items with the minutes text, participants, "
        "documents and sources, as civic apps (Councilmatic, Open States tools) exchange them.",
    },
    "popolo": {
        "file": "minutebook-popolo.json",
        "media": "application/json",
        "about": "Popolo: the people, the council and its bodies, posts, and memberships with dates "
        "(from attendance, stated posts and appointments).",
    },
    "sqlite": {
        "file": "minutebook.db",
        "media": "application/vnd.sqlite3",
        "about": "A SQLite database of the registers (the csv files' tables, plans' progress and "
        "decisions made by a person among them) that Datasette serves as it is, with full-text "
        "search on the minute paragraphs.",
    },
}

BodyParam = Annotated[str | None, Query(max_length=200, description="A body's name or slug.")]
DateParam = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD.")]


@opendata.get("/export", response_class=HTMLResponse)
def export_page(request: Request) -> HTMLResponse:
    html = render(
        request.app.state.templates,
        "export.html",
        title="Open data",
        api_url="/api/v1/export",
        formats=DOWNLOADS,
        registers=REGISTERS,
    )
    return HTMLResponse(html)


@opendata.get("/api/v1/export")
def export_list() -> JSONResponse:
    return JSONResponse(
        {
            "data": [
                {
                    "format": name,
                    "url": f"/export/{name}",
                    "file": d["file"],
                    "media_type": d["media"],
                    "about": d["about"],
                }
                for name, d in DOWNLOADS.items()
            ],
            "meta": {
                "filters": {"body": "a body's name or slug", "since": "YYYY-MM-DD", "until": "YYYY-MM-DD"},
                # The files of the csv zip and the tables of the SQLite file.
                "registers": [{"name": r.name, "about": r.about} for r in REGISTERS],
            },
        }
    )


@opendata.get("/export/{format}")
def export_download(
    request: Request, format: str, body: BodyParam = None, since: DateParam = None, until: DateParam = None
) -> Response:
    known = DOWNLOADS.get(format)
    if known is None:
        return Response(
            f"There is no {escape(format)} export: try one of {', '.join(DOWNLOADS)}.\n",
            status_code=404,
            media_type="text/plain; charset=utf-8",
        )
    scope = Scope(body=body or None, since=_iso(since, "since"), until=_iso(until, "until"))
    engine: Engine = request.app.state.engine
    chunks = _sqlite_file(engine, scope) if format == "sqlite" else _batched(_stream(engine, format, scope))
    headers = {"content-disposition": f'attachment; filename="{known["file"]}"', "cache-control": "no-store"}
    return StreamingResponse(chunks, media_type=known["media"], headers=headers)


def _iso(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"{name} {value!r}: not a date (YYYY-MM-DD)") from None


def _stream(engine: Engine, format: str, scope: Scope) -> Iterator[str | bytes]:
    """The export's pieces, read in one transaction that lasts as long as the download."""
    with engine.connect() as connection, connection.begin():
        if format == "csv":
            yield from csv_zip_chunks(connection, scope)
        elif format == "ndjson":
            yield from ndjson_lines(connection, scope)
        elif format == "ocd":
            yield from ocd_lines(connection, scope)
        else:
            yield from popolo_chunks(connection, scope)


def _batched(pieces: Iterable[str | bytes], size: int = CHUNK) -> Iterator[bytes]:
    """Pieces gathered into chunks of about `size` bytes: one send per chunk, not per line."""
    buffer: list[bytes] = []
    held = 0
    for piece in pieces:
        data = piece.encode("utf-8") if isinstance(piece, str) else piece
        buffer.append(data)
        held += len(data)
        if held >= size:
            yield b"".join(buffer)
            buffer, held = [], 0
    if buffer:
        yield b"".join(buffer)


def _sqlite_file(engine: Engine, scope: Scope) -> Iterator[bytes]:
    """Build the SQLite export in a temporary folder, send it in chunks, then delete it."""
    folder = Path(tempfile.mkdtemp(prefix="minutebook-export-"))
    try:
        path = folder / "minutebook.db"
        with engine.connect() as connection, connection.begin():
            write_sqlite(connection, scope, path)
        with path.open("rb") as file:
            while chunk := file.read(CHUNK):
                yield chunk
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- the ModernGov web service --------------------------------------------------------------------


def meeting_number(body_id: int, date: str) -> int | None:
    """A meeting's ModernGov id: None for a date the scheme cannot hold (before 1900, after 2173)."""
    try:
        days = (dt.date.fromisoformat(date) - EPOCH).days
    except ValueError:
        return None
    return body_id * DAYS + days if 0 <= days < DAYS else None


def meeting_of(number: int) -> tuple[int, str]:
    """(body id, ISO date) of a ModernGov meeting id."""
    return number // DAYS, (EPOCH + dt.timedelta(days=number % DAYS)).isoformat()


@opendata.get("/mgWebService.asmx/GetCommittees")
def get_committees(request: Request) -> Response:
    b, m = t.bodies, t.meetings
    with request.app.state.engine.connect() as connection:
        rows = connection.execute(
            select(b.c.id, b.c.name, b.c.council)
            .where(select(m.c.id).where(m.c.body_id == b.c.id).exists())
            .order_by(b.c.name, b.c.id)
        ).all()
    root = ET.Element("committees")
    _add(root, "committeescount", f" {len(rows)}")
    for row in rows:
        committee = ET.SubElement(root, "committee")
        _add(committee, "committeeid", str(row.id))
        _add(committee, "committeetitle", row.name)
        _add(committee, "committeedeleted", "False")
        _add(committee, "committeeexpired", "False")
        if row.council:
            _add(committee, "committeecategory", row.council)
    return _xml(root)


@opendata.get("/mgWebService.asmx/GetMeetings")
def get_meetings(
    request: Request,
    lCommitteeId: Annotated[int | None, Query()] = None,  # ModernGov's parameter names
    sFromDate: Annotated[str | None, Query(max_length=20)] = None,
    sToDate: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    since, until = _uk_date(sFromDate, "sFromDate"), _uk_date(sToDate, "sToDate")
    b, m = t.bodies, t.meetings
    query = select(b.c.id, b.c.name, m.c.date, m.c.time, m.c.cancelled).join(m, m.c.body_id == b.c.id)
    if lCommitteeId is not None:
        query = query.where(b.c.id == lCommitteeId)
    if since:
        query = query.where(m.c.date >= since)
    if until:
        query = query.where(m.c.date <= until)
    with request.app.state.engine.connect() as connection:
        rows = connection.execute(query.order_by(b.c.name, b.c.id, m.c.date)).all()
    # One ModernGov meeting a committee a day: a meeting kept in two languages (record.meeting_id)
    # is listed once, and GetMeeting answers with its first id, the one without a language.
    committees: dict[int, tuple[str, list[Any]]] = {}
    numbers: set[int] = set()
    for row in rows:
        number = meeting_number(row.id, row.date)
        if number is not None and number not in numbers:
            numbers.add(number)
            committees.setdefault(row.id, (row.name, []))[1].append(row)
    root = ET.Element("getmeetings")
    _add(root, "meetingscount", f" {sum(len(found) for _, found in committees.values())}")
    _add(root, "committeescount", f" {len(committees)}")
    for body_id, (name, found) in committees.items():
        committee = ET.SubElement(root, "committee")
        _add(committee, "committeeid", str(body_id))
        _add(committee, "committeetitle", name)
        _add(committee, "committeemeetingcount", f" {len(found)}")
        listed = ET.SubElement(committee, "committeemeetings")
        for row in found:
            meeting = ET.SubElement(listed, "meeting")
            _add(meeting, "meetingid", str(meeting_number(body_id, row.date)))
            _add(meeting, "meetingdate", _uk(row.date))
            _add(meeting, "meetingstatus", "Cancelled" if row.cancelled else "Confirmed")
            _add(meeting, "meetingtime", _clock(row.time))
            _add(meeting, "iswebcast", "False")
    return _xml(root)


@opendata.get("/mgWebService.asmx/GetMeeting")
def get_meeting(request: Request, lMeetingId: Annotated[int, Query()]) -> Response:
    body_id, date = meeting_of(lMeetingId)
    m = t.meetings
    with request.app.state.engine.connect() as connection:
        record = connection.execute(
            select(m.c.record).where(m.c.body_id == body_id, m.c.date == date).order_by(m.c.id).limit(1)
        ).scalar()
    if record is None:
        return _xml(_error(f"No meeting with id {lMeetingId}"), status=404)
    return _xml(meeting_xml(record, lMeetingId))


def meeting_xml(record: dict[str, Any], number: int) -> ET.Element:
    """A meeting record as ModernGov's GetMeeting answer."""
    root = ET.Element("meeting")
    _add(root, "meetingid", str(number))
    _add(root, "meetingdate", _uk(record["date"]))
    _add(root, "meetingstatus", "Cancelled" if record.get("cancelled") else "Confirmed")
    _add(root, "isdisplayallowed", "True")
    _add(root, "meetingtime", _clock(record.get("time")))
    _add(root, "meetinglocation", record.get("venue") or "")
    _add(root, "agendaid", str(number))
    _add(root, "agendapublished", "True")
    minutes = any(item.get("minutes") for item in record.get("items", []))
    _add(root, "minutepublished", str(minutes))
    items = ET.SubElement(root, "agendaitems")
    for index, item in enumerate(record.get("items", [])):
        items.append(_agenda_item(record, item, number * 1000 + index))
    attendees = ET.SubElement(root, "attendees")
    for attendee in record.get("attendance", []):
        attributes = {
            "membertype": "U",
            "name": attendee["name"],
            "roledescription": attendee.get("role") or "",
            "attendance": ATTENDANCE_WORDS.get(attendee.get("status") or "", ""),
        }
        ET.SubElement(attendees, "attendee", attributes)
    return root


# The record's attendance status -> ModernGov's wording (read back by `read.moderngov_xml.ATTENDANCE`).
ATTENDANCE_WORDS = {
    "present": "Present",
    "substitute": "Present, as substitute",
    "in-attendance": "In attendance",
    "apologies": "Apologies",
    "absent": "Absent",
}


def _agenda_item(record: dict[str, Any], item: dict[str, Any], item_id: int) -> ET.Element:
    element = ET.Element("agendaitem")
    number = item.get("number") or ""
    _add(element, "agendaitemid", str(item_id))
    _add(element, "agendaitemtitle", item.get("title") or "")
    _add(element, "agendatext", _html(p for p in (item.get("agenda_text") or "").split("\n")))
    _add(element, "fulldisplaynumberformat", f"{number}." if number else "")
    _add(element, "commentlabel1", "Presented By")
    _add(element, "commenttext1", "; ".join(item.get("presenters", [])))
    _add(element, "commentlabel2", "Actions")
    _add(element, "commenttext2", "")
    # A paragraph's printed ref ("12.3", "(b)") leads its text, as ModernGov prints its numbering:
    # it has no field of its own, and a reader needs it to see the parts of a resolution.
    _add(element, "minutesnonemptyhtmlbody", _html(_numbered(p) for p in item.get("minutes", [])))
    _add(element, "meetingdate", _uk(record["date"]))
    _add(element, "minutesitemnumber", number)
    _add(element, "refertocommittee", record["body"])
    documents = ET.SubElement(element, "linkeddocuments")
    for position, document in enumerate(item.get("documents", [])):
        linked = ET.SubElement(documents, "linkeddoc")
        _add(linked, "attachmentid", f"{item_id}{position:02d}")
        _add(linked, "title", document.get("title") or "")
        _add(linked, "url", document.get("url") or "")
        _add(linked, "committeetitle", record["body"])
        _add(linked, "ownertitle", item.get("title") or "")
    return element


def _numbered(paragraph: dict[str, Any]) -> str:
    return " ".join(part for part in (paragraph.get("ref"), paragraph.get("text")) if part)


def _html(paragraphs: Iterable[str]) -> str:
    """Paragraphs as the escaped HTML ModernGov keeps its texts in."""
    return "".join(f"<p>{escape(text.strip())}</p>\n" for text in paragraphs if text.strip())


def _add(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = _xml_safe(text)
    return child


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters: documents sometimes do."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


def _error(message: str) -> ET.Element:
    root = ET.Element("error")
    _add(root, "message", message)
    return root


def _xml(root: ET.Element, status: int = 200) -> Response:
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, status_code=status, media_type=XML)


def _uk(date: str) -> str:
    try:
        return dt.date.fromisoformat(date).strftime("%d/%m/%Y")
    except ValueError:
        return date


def _uk_date(value: str | None, name: str) -> str | None:
    """ModernGov's dd/mm/yyyy (ISO is taken too) as ISO."""
    if not value or not value.strip():
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    raise QueryError(f"{name} {value!r}: not a date (dd/mm/yyyy)")


def _clock(time: str | None) -> str:
    """'18:30' as ModernGov prints it: '6.30 pm'."""
    if not time or len(time) != 5 or time[2] != ":" or not (time[:2] + time[3:]).isdigit():
        return time or ""
    hour, minute = int(time[:2]), time[3:]
    return f"{hour % 12 or 12}.{minute} {'am' if hour < 12 else 'pm'}"
