"""The open-data side of the site over HTTP, on both backends: the /export downloads (streamed,
read back by the tools people use) and the ModernGov-compatible web service, which minutebook's
own ModernGov harvester reads back from a running server into the same meetings."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import socket
import sqlite3
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from jsonschema import Draft3Validator
from sqlalchemy import select

from minutebook.export import REGISTERS, Scope
from minutebook.export.formats import csv_zip_chunks
from minutebook.harvest.moderngov import Fetcher, harvest
from minutebook.ingest import ingest
from minutebook.read import moderngov_xml
from minutebook.record import language_of, name_key
from minutebook.store import schema as t
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from minutebook.web.opendata import CHUNK, DOWNLOADS, meeting_number, meeting_of

COMMISSIONERS = "Commissioners' Public Meeting with Councillors"
OCD_EVENT = json.loads((Path(__file__).parents[1] / "export/schemas/ocd-event.json").read_text())


def stored_records(app: FastAPI) -> list[dict[str, Any]]:
    with app.state.engine.connect() as connection:
        return [r for (r,) in connection.execute(select(t.meetings.c.record).order_by(t.meetings.c.id))]


# -- downloads -------------------------------------------------------------------------------------


def test_the_export_page_lists_every_download_and_the_site_links_it(client: TestClient) -> None:
    page = client.get("/export")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for name, about in DOWNLOADS.items():
        assert f'href="/export/{name}"' in page.text and about["file"] in page.text
    assert 'href="/export"' in client.get("/").text  # from every page's footer
    listed = client.get("/api/v1/export").json()["data"]
    assert [d["format"] for d in listed] == list(DOWNLOADS)


def _download(client: TestClient, path: str) -> tuple[httpx.Headers, bytes, int]:
    """The answer's headers, body and how many pieces it came in."""
    with client.stream("GET", path) as response:
        assert response.status_code == 200, response.read()
        pieces = list(response.iter_raw())
        return response.headers, b"".join(pieces), len(pieces)


def test_csv_download_is_a_zip_of_the_registers(client: TestClient, app: FastAPI) -> None:
    headers, body, _ = _download(client, "/export/csv")
    assert headers["content-type"] == "application/zip"
    assert 'filename="minutebook-csv.zip"' in headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert set(archive.namelist()) == {f"{r.name}.csv" for r in REGISTERS} | {"README.md"}
    meetings = list(csv.DictReader(io.TextIOWrapper(archive.open("meetings.csv"), encoding="utf-8")))
    assert sorted(m["id"] for m in meetings) == sorted(r["id"] for r in stored_records(app))
    paragraphs = list(csv.DictReader(io.TextIOWrapper(archive.open("paragraphs.csv"), encoding="utf-8")))
    assert len(paragraphs) == sum(len(i["minutes"]) for r in stored_records(app) for i in r["items"])


def test_line_downloads_stream_one_record_or_event_a_line(client: TestClient, app: FastAPI) -> None:
    records = stored_records(app)
    _, body, _ = _download(client, "/export/ndjson")
    assert sorted(json.loads(line)["id"] for line in body.splitlines()) == sorted(r["id"] for r in records)
    _, body, _ = _download(client, "/export/ocd")
    events = [json.loads(line) for line in body.splitlines()]
    assert len(events) == len(records)
    for event in events:
        assert not list(Draft3Validator(OCD_EVENT).iter_errors(event))
    _, body, _ = _download(client, "/export/popolo")
    assert set(json.loads(body)) == {"persons", "organizations", "posts", "memberships"}


def test_sqlite_download_is_a_whole_database(client: TestClient, app: FastAPI, tmp_path: Path) -> None:
    headers, body, _ = _download(client, "/export/sqlite")
    assert 'filename="minutebook.db"' in headers["content-disposition"]
    (tmp_path / "got.db").write_bytes(body)
    with sqlite3.connect(tmp_path / "got.db") as db:
        assert db.execute("SELECT count(*) FROM meetings").fetchone()[0] == len(stored_records(app))
        assert db.execute("SELECT count(*) FROM paragraphs_fts WHERE paragraphs_fts MATCH 'taxi'").fetchone()[
            0
        ]


def test_downloads_take_the_filters(client: TestClient) -> None:
    _, body, _ = _download(client, f"/export/ndjson?body={COMMISSIONERS}&since=2016-01-01")
    assert [json.loads(line)["body"] for line in body.splitlines()] == [COMMISSIONERS]
    _, body, _ = _download(client, "/export/ocd?until=1990-01-01")
    assert body == b""
    bad = client.get("/export/csv?since=yesterday")
    assert bad.status_code == 400 and "yesterday" in bad.text and "not a date" in bad.text
    assert client.get("/export/xls").status_code == 404


def test_downloads_are_streamed_not_kept(client: TestClient, app: FastAPI) -> None:
    """Sent in pieces as they are written (no length known beforehand), and never held by the
    site's answer cache, which would keep the whole file in memory."""
    for path in ("/export/ndjson", "/export/csv", "/export/popolo"):
        headers, body, pieces = _download(client, path)
        assert "content-length" not in headers and headers.get("x-cache") != "hit"
        assert body and (pieces > 1 or len(body) < 2 * CHUNK)
    cache = app.state.response_cache
    if cache is not None:
        assert not [key for key in cache.answers if key[0].startswith("/export/")]
    # The zip is written as the rows are read: a piece at least each register file.
    with app.state.engine.connect() as connection:
        assert len(list(csv_zip_chunks(connection, Scope()))) > len(REGISTERS)


# -- the ModernGov web service ------------------------------------------------------------------


def test_meeting_ids_are_numbers_that_decode() -> None:
    number = meeting_number(12, "2016-03-16")
    assert number is not None and meeting_of(number) == (12, "2016-03-16")
    assert meeting_number(12, "1899-12-31") is None
    assert (
        meeting_number(1, "2016-03-16") != meeting_number(1, "2016-03-17") != meeting_number(2, "2016-03-16")
    )


def test_web_service_answers_in_moderngov_shape(client: TestClient, app: FastAPI) -> None:
    records = stored_records(app)
    answer = client.get("/mgWebService.asmx/GetCommittees")
    assert answer.headers["content-type"].startswith("text/xml")
    committees = moderngov_xml.committees(answer.content)
    # One committee a stored body; spellings of one body ("&" / "and") are one body (record.name_key).
    with app.state.engine.connect() as connection:
        bodies = set(connection.exec_driver_sql("SELECT name FROM bodies").scalars())
    assert {c.title for c in committees} == bodies
    assert {name_key(r["body"]) for r in records} == {name_key(body) for body in bodies}
    assert all(c.id.isdigit() and not c.deleted for c in committees)
    [commissioners] = [c for c in committees if c.title == COMMISSIONERS]
    listed = moderngov_xml.meetings(
        client.get(
            "/mgWebService.asmx/GetMeetings",
            params={"lCommitteeId": commissioners.id, "sFromDate": "01/01/2016", "sToDate": "31/12/2016"},
        ).content
    )
    [record] = [r for r in records if r["body"] == COMMISSIONERS]
    assert [(m.committee_title, m.date, m.time) for m in listed] == [
        (COMMISSIONERS, "2016-03-16", record["time"])
    ]
    again = moderngov_xml.meetings(
        client.get("/mgWebService.asmx/GetMeetings", params={"lCommitteeId": commissioners.id}).content
    )
    assert [m.id for m in again] == [m.id for m in listed]  # the same ids every time
    meeting = client.get("/mgWebService.asmx/GetMeeting", params={"lMeetingId": listed[0].id})
    assert meeting.status_code == 200
    document = moderngov_xml.read(meeting.content, "GetMeeting", "0" * 64)
    assert document.hints["date"] == "2016-03-16" and document.hints["body"] == COMMISSIONERS
    assert client.get("/mgWebService.asmx/GetMeeting", params={"lMeetingId": 1}).status_code == 404
    assert client.get("/mgWebService.asmx/GetMeetings", params={"sFromDate": "2016"}).status_code == 400


@pytest.fixture(scope="module")
def served(app: FastAPI) -> Iterator[str]:
    """The site on a free port, served by uvicorn in a thread, as `minutebook serve` serves it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _numbered(paragraph: dict[str, Any]) -> str:
    """A paragraph as printed: its ref, then its text (a reader may take the ref apart or not),
    without the control characters XML 1.0 cannot carry (PDFs leave some in the text)."""
    text = " ".join(part for part in (paragraph["ref"], paragraph["text"]) if part)
    return " ".join("".join(c for c in text if c.isspace() or ord(c) >= 0x20).split())


def _by_meeting(records: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["body"], r["date"]): r for r in records}


def test_harvest_moderngov_round_trips_the_records(served: str, app: FastAPI, tmp_path: Path) -> None:
    """`minutebook harvest moderngov` pointed at minutebook, and the answers ingested again: the
    same meetings, items, attendance and minutes; and the same decisions, read from the minutes
    as minutebook read them from the original documents."""
    with httpx.Client(timeout=30) as http:
        report = harvest(
            served,
            tmp_path / "harvest",
            Fetcher(http, delay=0),
            since=dt.date(1990, 1, 1),
            until=dt.date(2100, 1, 1),
        )
    assert not report.failures
    engine = open_engine(f"sqlite:///{tmp_path / 'again.db'}")
    migrate(engine)
    ingest(engine, [tmp_path / "harvest"], workers=1)
    with engine.connect() as connection:
        again = _by_meeting([r for (r,) in connection.execute(select(t.meetings.c.record))])
    engine.dispose()
    # A meeting kept in two languages is one ModernGov meeting, given in the language without a
    # mark in its id (the English one).
    original = _by_meeting(
        [r for r in stored_records(app) if not (language_of(r["council"]) or language_of(r["body"]))]
    )
    assert len(report.meetings_fetched) == len(original)
    # A meeting without items cannot be read back: ModernGov names the committee only in its items.
    assert set(again) == {key for key, r in original.items() if r["items"]}
    same_decisions = 0
    for key, got in again.items():
        record = original[key]
        assert [(i["number"], i["title"]) for i in got["items"]] == [
            (i["number"], i["title"]) for i in record["items"]
        ]
        assert [(a["name"], a["status"]) for a in got["attendance"]] == [
            (a["name"], a["status"] or None) for a in record["attendance"]
        ]
        for mine, theirs in zip(record["items"], got["items"], strict=True):
            # The same minutes text (a reader may join or split paragraphs where the lines allow).
            assert " ".join(map(_numbered, theirs["minutes"])) == " ".join(map(_numbered, mine["minutes"]))
            minutes = " ".join(p["text"] for p in theirs["minutes"])
            # No decision is lost: each is in the minutes it came back with.
            assert all(
                " ".join(d["text"].split()[:8]) in " ".join(minutes.split()) for d in mine["decisions"]
            )
        decided = [[(d["kind"], d["text"]) for d in i["decisions"]] for i in record["items"]]
        same_decisions += decided == [[(d["kind"], d["text"]) for d in i["decisions"]] for i in got["items"]]
    assert same_decisions >= 0.8 * len(again), f"{same_decisions} of {len(again)} meetings"
