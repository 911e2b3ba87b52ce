"""The ModernGov web-service XML reader, against the recorded Gloucester and Manchester answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from minutebook.errors import NotAMeeting, ReadError
from minutebook.read import moderngov_xml

GLOUCESTER = "gloucester-cabinet-special-getmeeting-2025-11-21"
MANCHESTER = "manchester-audit-committee-getmeeting-2026-02-10"


def read(path: Path) -> moderngov_xml.Document:
    return moderngov_xml.read(path.read_bytes(), path.name, "0" * 64)


def expected(corpus_dir: Path, stem: str) -> dict:
    return json.loads((corpus_dir / f"{stem}.expected.json").read_text())


def items(doc: moderngov_xml.Document) -> list[dict]:
    """Group the item lines the way the parser will: a new item at each item-number line."""
    found: list[dict] = []
    for line in doc.lines:
        if line.role == "item-number":
            found.append({"number": line.text, "documents": 0, "decision_lines": []})
        elif line.role == "item-title":
            found[-1]["title"] = line.text
        elif line.role == "document":
            found[-1]["documents"] += 1
        elif line.role == "decision":
            found[-1]["decision_lines"].append(line.text)
    return found


@pytest.mark.parametrize("stem", [GLOUCESTER, MANCHESTER])
def test_header_and_items_match_the_answer_key(corpus_dir: Path, stem: str) -> None:
    key = expected(corpus_dir, stem)
    doc = read(corpus_dir / f"{stem}.xml")
    for field in ("body", "date", "time", "venue", "minutes_status"):
        assert doc.hints[field] == key["header"][field], field
    got = items(doc)
    assert [(i["number"], i["title"], i["documents"]) for i in got] == [
        (i["number"], i["title"], i["documents"]) for i in key["items"]
    ]


def test_decision_printed_twice_is_kept_once(corpus_dir: Path) -> None:
    doc = read(corpus_dir / f"{GLOUCESTER}.xml")
    (decision,) = items(doc)[-1]["decision_lines"]
    assert re.fullmatch(r"RESOLVED: \(1\) to submit .+; \(2\) to delegate .+ Local Government\.", decision)
    minutes = [line.text for line in doc.lines if line.role == "minutes"]
    assert "RESOLVED:" not in minutes
    assert minutes[-1].startswith("The recommendations of the report (2.1)")


def test_attendance_from_attendees(corpus_dir: Path) -> None:
    key = expected(corpus_dir, GLOUCESTER)
    doc = read(corpus_dir / f"{GLOUCESTER}.xml")
    attendees = [line.hints for line in doc.lines if line.role == "attendee"]
    assert [{"name": a["name"], "status": a["status"]} for a in attendees] == key["attendance"]
    leader = attendees[0]
    assert (leader["role"], leader["party"], leader["posts"]) == (
        "Chair",
        "LIBDEM",
        "Leader of the Council and Cabinet Member for Regeneration",
    )


def test_expected_attendance_gives_no_status(corpus_dir: Path) -> None:
    doc = read(corpus_dir / f"{MANCHESTER}.xml")
    (attendee,) = [line for line in doc.lines if line.role == "attendee"]
    assert attendee.hints["name"] == "Basil Curley"
    assert "status" not in attendee.hints


def test_positions_are_xml_lines(corpus_dir: Path) -> None:
    path = corpus_dir / f"{GLOUCESTER}.xml"
    source = path.read_text(encoding="utf-8").splitlines()
    doc = read(path)
    for line in doc.lines:
        if line.role in {"item-title", "minutes", "decision", "agenda"}:
            # The first word of the line is on the source line it cites (HTML escaped or not).
            first_word = line.text.split()[0].strip("().:·")
            assert first_word in source[line.number - 1], (line.number, line.text)


def test_double_escaped_title_is_decoded(corpus_dir: Path) -> None:
    titles = [line.text for line in read(corpus_dir / f"{GLOUCESTER}.xml").lines if line.role == "item-title"]
    assert "Leader and Cabinet Members' Question Time (15 minutes)" in titles


def test_cancelled_meeting_without_items_names_no_body(corpus_dir: Path) -> None:
    with pytest.raises(NotAMeeting, match=r"with no agenda items names no committee \(Cancelled\)$"):
        read(corpus_dir / "manchester-audit-committee-getmeeting-cancelled-2026-01-13.xml")


@pytest.mark.parametrize(
    ("file", "call"),
    [
        ("gloucester-getcommittees.xml", "GetCommittees"),
        ("manchester-getcommittees-excerpt.xml", "GetCommittees"),
        ("gloucester-cabinet-getmeetings-2024-2025.xml", "GetMeetings"),
        ("gloucester-getcouncillorsbyward-kingsholm.xml", "GetCouncillorsByWardId"),
        ("gloucester-getattachment-65461.xml", "GetAttachment"),
    ],
)
def test_answers_that_are_not_meetings(corpus_dir: Path, file: str, call: str) -> None:
    with pytest.raises(NotAMeeting) as raised:
        read(corpus_dir / file)
    assert str(raised.value).startswith(f"{file}: ModernGov {call} ")
    assert "\n" not in str(raised.value)


def test_committees(corpus_dir: Path) -> None:
    found = moderngov_xml.committees((corpus_dir / "gloucester-getcommittees.xml").read_bytes())
    assert len(found) == 131  # <committeescount> says so
    cabinet = next(c for c in found if c.title == "Cabinet")
    assert cabinet.id == "129"


def test_meetings(corpus_dir: Path) -> None:
    found = moderngov_xml.meetings((corpus_dir / "gloucester-cabinet-getmeetings-2024-2025.xml").read_bytes())
    assert len(found) == 20
    special = next(m for m in found if m.id == "7837")
    assert (special.date, special.committee_title) == ("2025-11-21", "Cabinet")
    assert sum(m.cancelled for m in found) == sum(m.status == "Cancelled" for m in found) > 0


def test_councillors(corpus_dir: Path) -> None:
    found = moderngov_xml.councillors(
        (corpus_dir / "gloucester-getcouncillorsbyward-kingsholm.xml").read_bytes()
    )
    assert [(c.name, c.party, c.ward) for c in found] == [
        ("Councillor Angela Conder", "Liberal Democrat", "Kingsholm and Wotton"),
        ("Councillor Jeremy Hilton", "Liberal Democrat", "Kingsholm and Wotton"),
    ]
    assert found[1].terms[0] == ("1982-05-10", "1986-05-04")


def test_attachment(corpus_dir: Path) -> None:
    found = moderngov_xml.attachment((corpus_dir / "gloucester-getattachment-65461.xml").read_bytes())
    assert (found.id, found.owner_title) == ("65461", "Public Question Time (15 minutes)")


def test_list_function_refuses_the_wrong_answer(corpus_dir: Path) -> None:
    with pytest.raises(ReadError, match="expected a ModernGov <committees> answer, found <getmeetings>"):
        moderngov_xml.committees((corpus_dir / "gloucester-cabinet-getmeetings-2024-2025.xml").read_bytes())


def test_entity_expansion_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE meeting [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    bomb += b"<meeting><meetingdate>&b;</meetingdate></meeting>"
    assert moderngov_xml.sniff(bomb, "bomb.txt") >= 90  # detected as XML past its DTD, then refused
    with pytest.raises(ReadError, match="refuses"):
        moderngov_xml.read(bomb, "bomb.xml", "0" * 64)


def test_truncated_xml_names_the_place(corpus_dir: Path) -> None:
    data = (corpus_dir / f"{MANCHESTER}.xml").read_bytes()[:1000]
    with pytest.raises(ReadError, match=r"^cut\.xml: XML is not well-formed at line \d+, column \d+$"):
        moderngov_xml.read(data, "cut.xml", "0" * 64)


def test_sniff_is_content_first(corpus_dir: Path) -> None:
    head = (corpus_dir / f"{MANCHESTER}.xml").read_bytes()[:65536]
    assert moderngov_xml.sniff(head, "meeting.txt") >= 90
    assert moderngov_xml.sniff(b"<html><body><p>Minutes</p></body></html>", "x.xml") == 0
    assert moderngov_xml.sniff(b"Minutes of the meeting", "x.xml") == 0


@pytest.mark.parametrize(
    ("text", "expected_time"),
    [
        ("12.30 pm", "12:30"),
        ("10.00 am", "10:00"),
        ("12.00 am", "00:00"),
        ("6.00 pm", "18:00"),
        ("18:00", "18:00"),
        ("soon", None),
    ],
)
def test_clock_time(text: str, expected_time: str | None) -> None:
    assert moderngov_xml.clock_time(text) == expected_time
