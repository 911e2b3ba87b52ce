"""PostgreSQL's COPY path for a batch (`store.bulk`): the same rows and ids as the INSERTs it replaces."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy
from sqlalchemy import select

from minutebook.sample import generated_meetings
from minutebook.store import bulk, migrate, open_engine
from minutebook.store import schema as t
from minutebook.store.save import save_batch

Batch = list[tuple[dict, bytes]]


@contextlib.contextmanager
def postgres_database(server: str, template: str) -> Iterator[sqlalchemy.Engine]:
    """A migrated, empty database of its own on the session's PostgreSQL."""
    name = f"bulk_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
    engine = open_engine(f"{server}/{name}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture(scope="module")
def batch() -> Batch:
    """Twelve generated meetings, each with many paragraphs, decisions and actions."""
    return [(one.record.to_dict(), one.text.encode()) for one in generated_meetings(12, seed=3)]


def every_row(engine: sqlalchemy.Engine) -> dict[str, list[tuple]]:
    """Each meeting table's rows with their ids, in id order (sources less their time of reading)."""
    with engine.connect() as connection:
        rows = {
            table.name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key))]
            for table in t.MEETING_TABLES
        }
        sources = select(t.sources.c.id, t.sources.c.sha256).order_by(t.sources.c.id)
        rows["sources"] = [tuple(row) for row in connection.execute(sources)]
    return rows


def copies_seen(engine: sqlalchemy.Engine) -> list[str]:
    """A list that fills with the COPY statements `engine` runs from now on."""
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.startswith("COPY"):
            seen.append(statement.split()[1])

    sqlalchemy.event.listen(engine, "before_cursor_execute", note)
    return seen


def test_copy_stores_the_rows_and_ids_inserts_store(
    postgres_server: str, postgres_template: str, batch: Batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    with postgres_database(postgres_server, postgres_template) as engine:
        copied = copies_seen(engine)
        save_batch(engine, batch[:6])
        save_batch(engine, batch[6:])
        by_copy = every_row(engine)
    assert {"paragraphs", "search_entries", "decisions", "actions"} <= set(copied)
    monkeypatch.setattr(bulk, "MIN_ROWS", 10**9)  # every table by executemany instead
    with postgres_database(postgres_server, postgres_template) as engine:
        copied = copies_seen(engine)
        save_batch(engine, batch[:6])
        save_batch(engine, batch[6:])
        by_insert = every_row(engine)
    assert copied == []
    assert by_copy["paragraphs"] and by_copy["search_entries"]
    assert by_copy == by_insert


def test_a_bad_row_in_a_copy_costs_only_its_meeting(
    postgres_server: str, postgres_template: str, batch: Batch
) -> None:
    """A COPY that fails is a database error like a failed INSERT: the batch is retried meeting
    by meeting, and only the bad one is refused."""
    bad = dict(batch[1][0])
    bad["items"] = [
        {**item, "minutes": [{**p, "text": None} for p in item["minutes"]]} for item in bad["items"]
    ]
    assert sum(len(item["minutes"]) for item in bad["items"]) >= bulk.MIN_ROWS
    meetings = [batch[0], (bad, batch[1][1]), batch[2]]
    with postgres_database(postgres_server, postgres_template) as engine:
        outcomes = save_batch(engine, meetings)
        with engine.connect() as connection:
            stored = set(connection.scalars(select(t.meetings.c.id)))
    assert outcomes[0] == "new" and outcomes[2] == "new"
    assert isinstance(outcomes[1], sqlalchemy.exc.DBAPIError)
    assert stored == {batch[0][0]["id"], batch[2][0]["id"]}


def test_sqlite_takes_no_copy(tmp_path, batch: Batch) -> None:  # type: ignore[no-untyped-def]
    engine = open_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    rows = [{"meeting_id": "x", "position": i, "name": "A", "status": "present"} for i in range(8)]
    with engine.connect() as connection:
        assert bulk.copy_rows(connection, t.attendance, rows) is False
    engine.dispose()
