"""parse_document on the two founding pages: header, items, minute paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.errors import ReadError
from minutebook.parse import parse_document
from minutebook.read.detect import read_bytes, read_path
from minutebook.record import MeetingRecord


@pytest.fixture(scope="module")
def commissioners(seeds_dir: Path) -> MeetingRecord:
    return parse_document(read_path(seeds_dir / "rotherham-commissioners-public-meeting-2016-03-16.txt"))


@pytest.fixture(scope="module")
def improving_lives(seeds_dir: Path) -> MeetingRecord:
    return parse_document(read_path(seeds_dir / "rotherham-improving-lives-select-commission-2013-07-10.txt"))


def test_header(commissioners: MeetingRecord) -> None:
    assert commissioners.body == "Commissioners' Public Meeting with Councillors"
    assert (commissioners.date, commissioners.time) == ("2016-03-16", "11:00")
    assert commissioners.venue == "Town Hall, The Crofts, Moorgate Street, Rotherham. S60 2TH"
    assert commissioners.minutes_status == "draft"
    assert commissioners.id == "commissioners-public-meeting-with-councillors/2016-03-16"


def test_numbered_items_with_presenters_and_documents(commissioners: MeetingRecord) -> None:
    assert [i.number for i in commissioners.items] == ["1", "2", "3", "4", "5", "6"]
    first, second = commissioners.items[:2]
    assert first.title == "Welcome" and first.presenters == ["Lead Commissioner Sir Derek Myers"]
    assert second.title == "Commissioners' Progress"
    assert [(d.title, d.format, d.size) for d in second.documents] == [
        ("Commissioners' Progress", "pdf", "69 KB")
    ]
    assert "Commissioner Mary Ney" in second.presenters
    assert second.agenda_text.startswith("Each Commissioner will speak")


def test_minute_refs_and_lettered_points(commissioners: MeetingRecord) -> None:
    third = commissioners.items[2]
    refs = [p.ref for p in third.minutes]
    assert refs[:3] == ["3.1", "3.1(a)", "3.1(b)"]
    assert None in refs  # "Commissioner Myers reported that ..." has no number
    assert refs[refs.index(None) + 1] == "3.1(g)"
    assert third.minutes[1].text.startswith("The strengthening of the whole Council")
    raw = third.minutes[1].line
    assert raw > third.line


def test_truncated_item(commissioners: MeetingRecord) -> None:
    second = commissioners.items[1]
    assert second.truncated and not second.number_inferred
    assert not second.minutes[-1].text.endswith("view the full minutes text for item 2.")


def test_unnumbered_items_get_numbers_from_truncation(improving_lives: MeetingRecord) -> None:
    titles = [i.title for i in improving_lives.items]
    assert titles[:3] == [
        "Declarations of Interest",
        "Questions from members of the Public and the Press",
        "Appointments of representatives on panels and working groups",
    ]
    assert [(i.number, i.number_inferred, i.truncated) for i in improving_lives.items[3:]] == [
        ("15", True, True),
        ("16", True, True),
    ]
    assert improving_lives.items[0].minutes == []
    assert improving_lives.minutes_status == "unknown" and improving_lives.venue is None


def test_agenda_text_without_minutes_marker(improving_lives: MeetingRecord) -> None:
    appointments = improving_lives.items[2]
    assert appointments.agenda_text.startswith("To appoint")
    assert appointments.minutes[0].text.startswith("Resolved")
    assert improving_lives.items[3].presenters == [
        "Co-ordinator of Governor Services, School Effectiveness Service, Schools and Lifelong Learning, "
        "Children and Young People's Services"
    ]


def test_not_a_meeting() -> None:
    with pytest.raises(ReadError, match=r"notes\.txt: not a meeting"):
        parse_document(read_bytes(b"Shopping list\n\nbread, milk\n", "notes.txt"))
