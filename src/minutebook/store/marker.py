"""Whether the cross-meeting registers are behind the stored meetings: a marker in the database.

Saving meetings and linking them (people, references, action follow-ups: `registers.refresh`)
are two transactions. A process killed between them left meetings stored but never linked, and
since every later ingest of the same files found them "unchanged", nothing linked them again.
So `registers_state` (migration 0007) counts, in the same transaction as the rows, every write
that stored or deleted meetings (`changes`), and a refresh records the count it began from
(`linked`). The registers are behind while `linked < changes`, whatever stopped the refresh;
ingest relinks then even when no file changed, and says so.

A database not yet at migration 0007 (an old schema being upgraded step by step) has no marker:
writes there are not counted, and whether it is behind is unknown (None).
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, select, update

from minutebook.store.schema import registers_state as state

_MARKED: set[str] = set()  # databases known to have the marker's table


def note_meetings_changed(connection: Connection) -> None:
    """In a writer's transaction that stored or deleted meetings: the registers are now behind."""
    if _has_marker(connection):
        connection.execute(update(state).where(state.c.id == 1).values(changes=state.c.changes + 1))


def changes_so_far(connection: Connection) -> int | None:
    """The count of meeting writes a refresh is about to link (read as it begins)."""
    if not _has_marker(connection):
        return None
    return connection.scalar(select(state.c.changes).where(state.c.id == 1))


def note_linked(connection: Connection, as_of: int | None) -> None:
    """In the refresh's own transaction: the registers hold every write up to `as_of`."""
    if as_of is not None:
        connection.execute(update(state).where(state.c.id == 1, state.c.linked < as_of).values(linked=as_of))


def registers_behind(engine: Engine) -> bool | None:
    """Whether meetings were stored or deleted since the registers were last brought up to date;
    None for a database without the marker."""
    with engine.connect() as connection:
        if not _has_marker(connection):
            return None
        row = connection.execute(select(state.c.changes, state.c.linked).where(state.c.id == 1)).first()
    return row is not None and row.linked < row.changes


def _has_marker(connection: Connection) -> bool:
    key = connection.engine.url.render_as_string(hide_password=True)
    if key not in _MARKED and inspect(connection).has_table(state.name):
        _MARKED.add(key)
    return key in _MARKED
