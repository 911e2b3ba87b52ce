"""Saving records: every fact lands in its table, idempotently and atomically, on both backends,
one at a time or in batches."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
import sqlalchemy
from alembic import command
from sqlalchemy import func, insert, select

from minutebook.record import Decision, Item, MeetingRecord, Paragraph, Person, Source, meeting_id
from minutebook.store import migrate, save
from minutebook.store import schema as t
from minutebook.store.migrate import alembic_config
from minutebook.store.queries import get_meeting, get_record, get_source
from minutebook.store.save import save_batch

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
    """Every row of every table, sorted: two equal snapshots mean two equal databases. The search
    index's version and change log, and the registers' marker (a count of writes), are left out:
    they record how the data came, not what it is."""
    with engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(repr(v) for v in row) for row in connection.execute(select(table))),
            )
            for table in t.metadata.sorted_tables
            if table not in (t.search_index_state, t.search_index_changes, t.registers_state)
        }


# --- Batches ----------------------------------------------------------------------------------


def batch_of(*records: MeetingRecord) -> list[tuple[dict, bytes]]:
    """`save_batch`'s input: each record as a dict, with bytes that hash to its sha256."""
    return [(record.to_dict(), f"{record.body} {record.date}".encode()) for record in records]


def rows_of(engine: sqlalchemy.Engine, meeting_id: str) -> dict[str, int]:
    """How many rows each table holds for one meeting: all zero when nothing of it is stored."""
    return {
        table.name: count(engine, table, **{"id" if table is t.meetings else "meeting_id": meeting_id})
        for table in t.MEETING_TABLES
    }


def test_a_failing_meeting_in_a_batch_costs_only_itself(engine: sqlalchemy.Engine) -> None:
    bad = made_record(
        "Planning",
        "2024-03-01",
        items=[Item("Bad", minutes=[Paragraph("1", None, 1)])],  # type: ignore[arg-type]
        people=[Person("Only In The Bad One")],
    )
    good = [made_record(body, "2024-02-01", people=[Person("Sarah Jones")]) for body in ("Cabinet", "Audit")]
    batch = batch_of(good[0], bad, good[1])
    outcomes = save_batch(engine, batch)
    assert outcomes[0] == outcomes[2] == "new"
    assert isinstance(outcomes[1], sqlalchemy.exc.IntegrityError)
    assert all(rows_of(engine, record.id)["paragraphs"] == 1 for record in good)
    assert set(rows_of(engine, bad.id).values()) == {0}
    assert count(engine, t.sources, sha256=bad.source.sha256) == 0
    assert count(engine, t.people, key="only in the bad one") == 0
    before = snapshot(engine)
    assert save_batch(engine, batch)[::2] == ["unchanged", "unchanged"]
    assert snapshot(engine) == before


def test_a_batch_stores_what_saving_one_at_a_time_stores(
    engine: sqlalchemy.Engine, seed_records: Seeds
) -> None:
    cabinet = made_record("Cabinet", "2024-01-10", people=[Person("Sarah Jones", ["Cllr Jones"], "Cllr")])
    audit = made_record("Audit", "2024-02-10", people=[Person("sarah  JONES"), Person("Tom Hill")])
    meetings = [(record.to_dict(), data) for record, data in seed_records] + batch_of(cabinet, audit)
    for meeting in meetings:
        assert save_batch(engine, [meeting]) == ["new"]
    one_at_a_time = without_read_at(snapshot(engine))
    with engine.begin() as connection:  # empty the database, ids starting again from 1
        command.downgrade(alembic_config(connection), "base")
    migrate(engine)
    assert save_batch(engine, meetings) == ["new"] * len(meetings)
    assert without_read_at(snapshot(engine)) == one_at_a_time


def test_one_meeting_twice_in_a_batch_is_saved_as_one_after_the_other(engine: sqlalchemy.Engine) -> None:
    first = made_record("Cabinet", "2024-01-10")
    data = b"second version"
    second = dataclasses.replace(
        first,
        title="Cabinet (reconvened)",
        source=dataclasses.replace(first.source, sha256=hashlib.sha256(data).hexdigest()),
    )
    assert save_batch(engine, [*batch_of(first), (second.to_dict(), data)]) == ["new", "updated"]
    with engine.connect() as connection:
        assert get_record(connection, first.id) == second.to_dict()
    assert count(engine, t.meetings) == 1 and count(engine, t.sources) == 2


def test_an_error_midway_through_a_batch_leaves_nothing_of_it(engine: sqlalchemy.Engine) -> None:
    """Not a database error (a bug, an interrupt): nothing is retried, and the batch's
    transaction is rolled back whole, as a crash would leave it."""
    save_batch(engine, batch_of(made_record("Cabinet", "2024-01-10")))
    before = snapshot(engine)

    def interrupt(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith(("INSERT INTO paragraphs", "COPY paragraphs")):  # COPY: PostgreSQL bulk path
            raise KeyboardInterrupt

    sqlalchemy.event.listen(engine, "before_cursor_execute", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_batch(
            engine, batch_of(made_record("Audit", "2024-02-10"), made_record("Planning", "2024-03-10"))
        )
    sqlalchemy.event.remove(engine, "before_cursor_execute", interrupt)
    assert snapshot(engine) == before


def without_read_at(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """A snapshot less the sources' read_at column (the time of saving)."""
    read_at = [c.name for c in t.sources.c].index("read_at")
    return {**tables, "sources": [row[:read_at] + row[read_at + 1 :] for row in tables["sources"]]}


# --- Bodies of councils -----------------------------------------------------------------------


def council_meeting(council: str | None) -> MeetingRecord:
    """A 'Council' meeting on 2019-02-05, of `council` (None: not named), from its own source."""
    return made_record(
        "Council",
        "2019-02-05",
        id=meeting_id("Council", "2019-02-05", council),
        council=council,
        source=Source(f"{council}.txt", hashlib.sha256(str(council).encode()).hexdigest(), "plain-text"),
    )


def test_bodies_of_two_councils_with_one_name_are_two_bodies(engine: sqlalchemy.Engine) -> None:
    records = [council_meeting(c) for c in ("Hastings District Council", "Wairoa District Council", None)]
    batch = [(record.to_dict(), str(record.council).encode()) for record in records]
    assert save_batch(engine, batch) == ["new"] * 3
    with engine.connect() as connection:
        bodies = connection.execute(
            select(t.bodies.c.slug, t.bodies.c.council).order_by(t.bodies.c.slug)
        ).all()
    assert bodies == [
        ("council", None),
        ("hastings-district-council/council", "Hastings District Council"),
        ("wairoa-district-council/council", "Wairoa District Council"),
    ]
    assert count(engine, t.meetings) == 3 and count(engine, t.paragraphs) == 3  # nothing dropped
    before = snapshot(engine)
    assert save_batch(engine, batch) == ["unchanged"] * 3
    assert snapshot(engine) == before


def test_a_source_saved_again_under_a_new_id_replaces_its_meeting(engine: sqlalchemy.Engine) -> None:
    """A database filled before councils were read holds 'council/2019-02-05'; the same bytes read
    now give 'hastings-district-council/council/2019-02-05', which takes its place."""
    named = council_meeting("Hastings District Council")
    unnamed = dataclasses.replace(named, id=meeting_id("Council", "2019-02-05"), council=None)
    data = b"the same bytes"
    assert save(engine, unnamed, data) == "new"
    assert save(engine, named, data) == "updated"
    with engine.connect() as connection:
        assert connection.scalars(select(t.meetings.c.id)).all() == [named.id]
    assert count(engine, t.paragraphs) == 1 and count(engine, t.sources) == 1
    assert save(engine, named, data) == "unchanged"


def test_closures_follow_a_meeting_to_its_new_id(engine: sqlalchemy.Engine) -> None:
    """A clerk's closures are keyed by meeting id and outlive re-saves: when a meeting's id changes,
    they move with it in the same save, but for one the new id already has (which is kept)."""
    named = council_meeting("Hastings District Council")
    unnamed = dataclasses.replace(named, id=meeting_id("Council", "2019-02-05"), council=None)
    data = b"the same bytes"
    assert save(engine, unnamed, data) == "new"

    def closure(meeting: str, text_hash: str, note: str) -> dict[str, object]:
        return dict(
            meeting_id=meeting, item_position=0, text_hash=text_hash, text="x", note=note, closed_at="z"
        )

    with engine.begin() as connection:
        connection.execute(
            insert(t.action_closures),
            [
                closure(unnamed.id, "a", "Done."),
                closure(unnamed.id, "b", "Old."),
                closure(named.id, "b", "New."),
            ],
        )
    assert save(engine, named, data) == "updated"
    with engine.connect() as connection:
        closures = connection.execute(
            select(t.action_closures.c.meeting_id, t.action_closures.c.text_hash, t.action_closures.c.note)
        ).all()
    assert sorted(closures) == [(unnamed.id, "b", "Old."), (named.id, "a", "Done."), (named.id, "b", "New.")]


def test_a_database_made_before_councils_still_opens_and_saves(engine: sqlalchemy.Engine) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0003")
    old = council_meeting(None)
    assert save(engine, old, b"old") == "new"
    migrate(engine)
    with engine.connect() as connection:
        assert get_record(connection, old.id) == old.to_dict()
        assert connection.execute(select(t.bodies.c.slug, t.bodies.c.council)).all() == [("council", None)]
    assert save(engine, council_meeting("Wairoa District Council"), b"new") == "new"
    assert count(engine, t.bodies) == 2
