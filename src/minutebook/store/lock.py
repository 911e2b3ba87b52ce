"""One writer of the schema at a time: a lock that a second `migrate` (or ingest) waits on.

Two processes that start on a new database both see no tables and both try to create them; the
loser fails with "table bodies already exists". Migrations therefore run under a lock held for
the whole upgrade. SQLite: an advisory `flock` on a file beside the database (`NAME.db.lock`),
because SQLite itself has no lock that spans Alembic's several transactions. PostgreSQL: a
session advisory lock, which every server sharing the database sees.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, text

# pg_advisory_lock takes a bigint; one fixed key for minutebook's schema writer.
ADVISORY_KEY = 0x6D696E7574  # "minut"


@contextlib.contextmanager
def schema_lock(engine: Engine) -> Iterator[Connection | None]:
    """Hold the schema lock for `engine`'s database; a second holder waits until it is released.

    Yields the connection that holds the lock on PostgreSQL (None on SQLite)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_KEY})
            connection.commit()
            try:
                yield connection
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                connection.commit()
        return
    path = _lock_path(engine)
    if path is None:  # an in-memory database belongs to one process
        yield None
        return
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield None
    finally:
        os.close(descriptor)  # closing releases the flock


def _lock_path(engine: Engine) -> Path | None:
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database).with_name(Path(database).name + ".lock")
