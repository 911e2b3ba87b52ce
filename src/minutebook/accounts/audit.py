"""The audit log: who changed what, when, with the value before and after. Every change to the
record or to accounts writes an entry in the same transaction as the change, so there is never a
change without its entry (nor an entry without its change)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from minutebook.accounts.clock import now, stamp
from minutebook.store.schema import audit_log


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    actor: str
    action: str
    subject: str | None
    before: Any
    after: Any


def record(
    connection: Connection, actor: str, action: str, subject: str | None, before: Any, after: Any
) -> None:
    connection.execute(
        insert(audit_log).values(
            at=stamp(now()), actor=actor, action=action, subject=subject, before=before, after=after
        )
    )


def entries(engine: Engine, *, limit: int = 100, before_id: int | None = None) -> list[Entry]:
    """The newest entries first; `before_id` pages back through older ones."""
    query = select(*audit_log.c).order_by(audit_log.c.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(audit_log.c.id < before_id)
    with engine.connect() as connection:
        return [Entry(*row) for row in connection.execute(query)]
