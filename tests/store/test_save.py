"""Saving records: every fact lands in its table, idempotently and atomically, on both backends."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
import sqlalchemy
from sqlalchemy import func, select

from minutebook.record import Decision, Item, MeetingRecord, Paragraph, Person, Source
from minutebook.store import save
from minutebook.store import schema as t
from minutebook.store.queries import get_meeting, get_record, get_source

Seeds = list[tuple[MeetingRecord, bytes]]


def count(engine: sqlalchemy.Engine, table: sqlalchemy.Table, **where: object) -> int:
    query = select(func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with engine.connect() as connection:
        return connection.scalar(query)


def test_a_seed_meeting_is_stored_whole(engine: sqlalchemy.Engine, seed_records: Seeds) -> None:
    record, data = seed_records[1]
    assert save(engine, record, data) == "new"
    with engine.connect() as connection:
        meeting = get_meeting(connection, record.id)
        assert get_record(connection, record.id) == record.to_dict()
        source = get_source(connection, record.source.sha256)
    assert meeting is not None and source is not None
    assert (meeting["body"], meeting["date"], meeting["title"]) == (record.body, record.date, record.title)
    assert source["data"] == data and hashlib.sha256(source["data"]).hexdigest() == record.source.sha256
    assert [i["title"] for i in meeting["items"]] == [i.title for i in record.items]
    for stored, item in zip(meeting["items"], record.items, strict=True):
        assert [(p["ref"], p["text"], p["line"]) for p in stored["minutes"]] == [
            (p.ref, p.text, p.line) for p in item.minutes
        ]
        assert [d["text"] for d in stored["decisions"]] == [d.text for d in item.decisions]
        assert [a["text"] for a in stored["actions"]] == [a.text for a in item.actions]
        assert [a["status"] for a in stored["actions"]] == ["open"] * len(item.actions)
        assert [a["post"] for a in stored["appointments"]] == [a.position for a in item.appointments]
    searchable = sum(1 + len(i.minutes) + len(i.decisions) + len(i.actions) for i in record.items)
    assert count(engine, t.search_entries, meeting_id=record.id) == searchable


def test_saving_the_same_record_again_changes_nothing(engine: sqlalchemy.Engine, seed_records: Seeds) -> None:
    for record, data in seed_records:
        assert save(engine, record, data) == "new"
    before = snapshot(engine)
    for record, data in seed_records:
        assert save(engine, record, data) == "unchanged"
    assert snapshot(engine) == before


def test_a_changed_source_replaces_the_meeting(engine: sqlalchemy.Engine, seed_records: Seeds) -> None:
    record, data = seed_records[0]
    save(engine, record, data)
    new_data = data + b"\n"
    changed = dataclasses.replace(
        record,
        items=record.items[:1],
        source=dataclasses.replace(record.source, sha256=hashlib.sha256(new_data).hexdigest()),
    )
    assert save(engine, changed, new_data) == "updated"
    assert count(engine, t.meetings) == 1
    assert count(engine, t.items, meeting_id=record.id) == 1
    assert count(engine, t.paragraphs, meeting_id=record.id) == len(record.items[0].minutes)
    # Nothing read is lost: both versions of the source are kept.
    assert count(engine, t.sources) == 2


def test_people_are_shared_across_meetings(engine: sqlalchemy.Engine) -> None:
    first = made_record(
        "Cabinet", "2024-01-10", people=[Person("Sarah Jones", ["Cllr Jones"], "Cllr", ["Leader"])]
    )
    second = made_record("Audit", "2024-02-10", people=[Person("sarah  JONES", ["Councillor S. Jones"])])
    save(engine, first, b"first")
    save(engine, second, b"second")
    assert count(engine, t.people) == 1
    with engine.connect() as connection:
        forms = connection.execute(select(t.person_forms.c.meeting_id, t.person_forms.c.form)).all()
        posts = connection.execute(select(t.person_posts.c.meeting_id, t.person_posts.c.post)).all()
    assert sorted(forms) == sorted(
        [
            (first.id, "Sarah Jones"),
            (first.id, "Cllr Jones"),
            (second.id, "sarah  JONES"),
            (second.id, "Councillor S. Jones"),
        ]
    )
    assert posts == [(first.id, "Leader")]


def test_a_failed_save_leaves_no_part_of_the_meeting(engine: sqlalchemy.Engine, seed_records: Seeds) -> None:
    record, data = seed_records[0]
    save(engine, record, data)
    before = snapshot(engine)
    broken_item = dataclasses.replace(record.items[-1], minutes=[Paragraph("1", None, 3)])  # type: ignore[arg-type]
    broken = dataclasses.replace(
        record,
        items=[*record.items[:-1], broken_item],
        source=dataclasses.replace(record.source, sha256="0" * 64),
    )
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        save(engine, broken, b"broken")
    # The old version of the meeting is still whole, and nothing of the new one is stored.
    assert snapshot(engine) == before
    fresh = made_record("Planning", "2024-03-01", items=[Item("Bad", minutes=[Paragraph("1", None, 1)])])  # type: ignore[arg-type]
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        save(engine, fresh, b"fresh")
    assert count(engine, t.meetings, id=fresh.id) == 0
    assert count(engine, t.sources) == 1


def made_record(body: str, date: str, **fields: object) -> MeetingRecord:
    """A small hand-made record, for what the seeds do not show."""
    items = [
        Item(
            "Minutes",
            number="1",
            minutes=[Paragraph("1.1", "Agreed.", 5)],
            decisions=[Decision("agreed", "x")],
        )
    ]
    data = f"{body} {date}".encode()
    base = MeetingRecord(
        id=f"{body.lower()}/{date}",
        source=Source(name=f"{body}.txt", sha256=hashlib.sha256(data).hexdigest(), format="plain-text"),
        body=body,
        title=body,
        date=date,
        items=items,
    )
    return dataclasses.replace(base, **fields)


def snapshot(engine: sqlalchemy.Engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: two equal snapshots mean two equal databases."""
    with engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(repr(v) for v in row) for row in connection.execute(select(table))),
            )
            for table in t.metadata.sorted_tables
        }
