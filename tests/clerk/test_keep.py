"""Clerks' corrections as versions, on both backends: the rows, the search index and the registers
follow a correction; re-ingest never overwrites it (a source that now reads differently is kept
as a version, not applied); a version can be restored; uploads publish new versions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy

from minutebook.accounts import audit
from minutebook.clerk.corrections import attendance_text, corrected
from minutebook.clerk.diff import diff
from minutebook.clerk.keep import correct, publish, restore, stored_record
from minutebook.errors import MinutebookError
from minutebook.ingest import ingest
from minutebook.pipeline import read_meeting
from minutebook.search import search
from minutebook.store import migrate, open_engine
from minutebook.store.schema import attendance
from minutebook.store.versions import history

MEETING = "stoke-ferry-parish-council/2013-07-10"


@pytest.fixture
def document(corpus_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "stoke-ferry-parish-council-2013-07-10.md"
    shutil.copy(corpus_dir / copy.name, copy)
    return copy


@pytest.fixture
def engine(database_url: str, document: Path) -> sqlalchemy.Engine:
    engine = open_engine(database_url)
    migrate(engine)
    assert ingest(engine, [document], workers=1).new == 1
    return engine


def _names(engine: sqlalchemy.Engine) -> list[str]:
    with engine.connect() as connection:
        return list(
            connection.execute(sqlalchemy.select(attendance.c.name).order_by(attendance.c.position)).scalars()
        )


def _renamed(engine: sqlalchemy.Engine, old: str, new: str) -> dict[str, str]:
    with engine.connect() as connection:
        text = attendance_text(stored_record(connection, MEETING))
    assert old in text
    return {"attendance": text.replace(old, new)}


def test_a_correction_is_a_new_version_that_rows_and_search_follow(engine: sqlalchemy.Engine) -> None:
    form = {**_renamed(engine, "M Leamon", "M Leaming"), "item-7-title": "Application for Free Quinces"}
    number = correct(engine, MEETING, form, actor="user:clara", note="name")
    assert number == 2
    assert "M Leaming" in _names(engine) and "M Leamon" not in _names(engine)
    with engine.connect() as connection:
        versions = history(connection, MEETING)
    assert [(v.number, v.kind, v.made_by) for v in versions] == [
        (1, "read", "ingest"),
        (2, "correction", "user:clara"),
    ]
    assert ("-", "Attendance: M Leamon (present)") in diff(versions[0].record, versions[1].record)
    assert ("+", "Attendance: M Leaming (present)") in diff(versions[0].record, versions[1].record)
    assert [(e.actor, e.action, e.subject) for e in audit.entries(engine, limit=1)] == [
        ("user:clara", "meeting.correction", MEETING)
    ]
    assert [hit.meeting_id for hit in search(engine, "quinces", mode="lexical").hits] == [MEETING]


def test_reingest_keeps_the_correction_and_a_changed_source_waits_as_a_version(
    engine: sqlalchemy.Engine, document: Path
) -> None:
    correct(engine, MEETING, _renamed(engine, "M Leamon", "M Leaming"), actor="user:clara")
    assert ingest(engine, [document], workers=1).unchanged == 1
    document.write_text(
        document.read_text().replace("Application for Free Trees", "Application for Free Shrubs")
    )
    report = ingest(engine, [document], workers=1)
    assert report.failed == [] and report.updated == 1
    assert "M Leaming" in _names(engine)
    with engine.connect() as connection:
        versions = history(connection, MEETING)
        titles = [item["title"] for item in stored_record(connection, MEETING)["items"]]
    assert [(v.kind, v.applied) for v in versions] == [("read", True), ("correction", True), ("read", False)]
    assert "Application for Free Trees" in titles
    assert any(
        "Free Shrubs" in line for mark, line in diff(versions[1].record, versions[2].record) if mark == "+"
    )
    # The clerk takes the new reading: restoring it is a new version.
    assert restore(engine, MEETING, 3, actor="user:clara") == 4
    assert "M Leamon" in _names(engine)


def test_restoring_the_version_as_read_undoes_a_correction(engine: sqlalchemy.Engine) -> None:
    with engine.connect() as connection:
        original = stored_record(connection, MEETING)
    correct(engine, MEETING, {"venue": "The Village Hall"}, actor="user:clara")
    restore(engine, MEETING, 1, actor="user:ada")
    with engine.connect() as connection:
        assert stored_record(connection, MEETING) == original
        assert [v.kind for v in history(connection, MEETING)] == ["read", "correction", "restore"]
    with pytest.raises(MinutebookError, match="is the record already"):
        restore(engine, MEETING, 1, actor="user:ada")


def test_an_uploaded_copy_of_a_stored_meeting_is_a_new_version(
    engine: sqlalchemy.Engine, document: Path
) -> None:
    data = document.read_bytes().replace(b"Application for Free Trees", b"Application for Free Hedges")
    copy = document.with_name("approved-" + document.name)
    copy.write_bytes(data)
    record = read_meeting(copy).to_dict()
    assert record["id"] == MEETING
    publish(engine, record, data, actor="user:clara")
    with engine.connect() as connection:
        kinds = [v.kind for v in history(connection, MEETING)]
        titles = [item["title"] for item in stored_record(connection, MEETING)["items"]]
    assert kinds == ["read", "upload"] and "Application for Free Hedges" in titles


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"date": "10/07/2013"}, "date '10/07/2013': not a date"),
        ({"minutes_status": "final"}, "minutes_status 'final'"),
        ({"attendance": "A Person | sleeping"}, "attendance line 1: status 'sleeping'"),
        ({"item-0-title": "  "}, "item 1: title"),
    ],
)
def test_a_wrong_field_is_named_and_nothing_is_stored(
    engine: sqlalchemy.Engine, form: dict, says: str
) -> None:
    with pytest.raises(MinutebookError, match=says):
        correct(engine, MEETING, form, actor="user:clara")
    with engine.connect() as connection:
        assert history(connection, MEETING) == []


def test_an_emptied_decision_is_removed_and_others_keep_their_citations() -> None:
    record = {
        "items": [
            {
                "title": "Planning",
                "number": "1",
                "minutes": [{"ref": None, "text": "Discussed.", "line": 4}],
                "decisions": [{"kind": "resolved", "text": "Approved.", "line": 5}],
                "actions": [{"text": "Clerk to write", "owner": None, "line": 6}],
            }
        ],
        "attendance": [],
    }
    new = corrected(
        record,
        {"item-0-decision-0": "", "item-0-action-0-owner": "Clerk", "item-0-para-0": "Discussed at length."},
    )
    item = new["items"][0]
    assert item["decisions"] == [] and item["actions"][0]["owner"] == "Clerk"
    assert item["minutes"] == [{"ref": None, "text": "Discussed at length.", "line": 4}]
    assert record["items"][0]["decisions"]  # the stored record is not changed in place
