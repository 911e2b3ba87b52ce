"""PostgreSQL's fast path for a batch of meeting rows: COPY, as PostgreSQL is meant to be loaded.

`store.save` builds every row of a batch and hands each table's rows to `copy_rows`. On
PostgreSQL they go in through one `COPY table (columns) FROM STDIN` per table (psycopg 3's
`cursor.copy()`), in the caller's transaction: the same rows, in the same order, so the same
serial ids as an executemany of INSERTs, but the server parses one stream instead of planning and
running one INSERT per row. On SQLite (or any other driver) `copy_rows` does nothing and says so,
and the caller runs its executemany, which SQLite does in-process at no round-trip cost.

Values go as psycopg adapts them for COPY's text format; JSON columns are serialised here the way
SQLAlchemy's JSON type does it for an INSERT (the dialect's serializer, `json.dumps` by default,
and None as JSON `null`, not SQL NULL), so a value reads back the same whichever path stored it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from sqlalchemy import JSON, Connection, Table
from sqlalchemy.exc import DBAPIError

Row = dict[str, Any]

# Below this many rows a COPY's own set-up costs about what the INSERTs would: a table with one
# or two rows in a batch (a meeting's attendance on a single save) takes the ordinary path.
MIN_ROWS = 4


def copy_rows(connection: Connection, table: Table, rows: Sequence[Row]) -> bool:
    """Add `rows` to `table` by COPY when `connection` is PostgreSQL through psycopg 3; whether it did.
    Every row must have the same keys (those of the first), as `store.save.meeting_rows` gives them."""
    if len(rows) < MIN_ROWS or connection.dialect.driver != "psycopg":
        return False
    names = list(rows[0])
    encoders = [_encoder(connection, table, name) for name in names]
    columns = ", ".join(connection.dialect.identifier_preparer.quote(name) for name in names)
    statement = f"COPY {connection.dialect.identifier_preparer.format_table(table)} ({columns}) FROM STDIN"
    raw = connection.connection.driver_connection
    assert raw is not None  # a live connection inside the caller's transaction
    with raw.cursor() as cursor:
        # Listeners (statement profiles, tests that interrupt a batch) see the COPY as a statement.
        connection.dispatch.before_cursor_execute(connection, cursor, statement, None, None, True)
        try:
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([encode(row[name]) for name, encode in zip(names, encoders, strict=True)])
        except psycopg.Error as error:
            # As SQLAlchemy wraps a failed INSERT, so `save_batch` retries meeting by meeting.
            raise DBAPIError.instance(statement, None, error, psycopg.Error) from error
    return True


def _encoder(connection: Connection, table: Table, name: str) -> Callable[[Any], Any]:
    """How a value of column `name` is written: JSON columns as their JSON text, others as they are."""
    if isinstance(table.c[name].type, JSON):
        serialise: Callable[[Any], str] = getattr(connection.dialect, "_json_serializer", None) or json.dumps
        return serialise
    return _as_is


def _as_is(value: Any) -> Any:
    return value
