"""One writer at a time: a lock that a second `migrate`, ingest or registers refresh waits on.

Two processes that start on a new database both see no tables and both try to create them; the
loser fails with "table bodies already exists". Migrations therefore run under a lock held for
the whole upgrade. Two ingests of the same files at once each found a meeting (or a body, or a
person) missing, and the later to commit failed on the other's row: a false UNIQUE failure.
So ingest stores each batch, and refreshes the registers, under the same lock: the second
writer waits for the first's batch, then finds its meetings stored ("unchanged"). The lock is
held for a batch (a fraction of a second), not for a whole ingest: two ingests take turns.
It is not reentrant: a holder must not take it again.

SQLite: an advisory `flock` on a file beside the database (`NAME.db.lock`), because SQLite
itself has no lock that spans Alembic's several transactions. PostgreSQL: a session advisory
lock, which every server sharing the database sees.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, text

# pg_advisory_lock takes a bigint; one fixed key for minutebook's writers.
ADVISORY_KEY = 0x6D696E7574  # "minut"


@contextlib.contextmanager
def writer_lock(engine: Engine, on_wait: Callable[[], None] | None = None) -> Iterator[Connection | None]:
    """Hold the writer's lock for `engine`'s database; a second holder waits until it is released,
    calling `on_wait()` first when it has to wait (to say so).

    Yields the connection that holds the lock on PostgreSQL (None on SQLite)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY})
            if not taken.scalar():
                if on_wait:
                    on_wait()
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
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield None
    finally:
        os.close(descriptor)  # closing releases the flock


def _lock_path(engine: Engine) -> Path | None:
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database).with_name(Path(database).name + ".lock")
