"""Versions of a meeting's record (table `meeting_versions`): the record as read, and every
clerk's correction, approval, upload or restore of it, numbered 1, 2, ... within the meeting.

A meeting gets its first version only when a clerk first changes it (version 1 is then the record
as read, so the history starts from the source). From then on the meeting is kept by clerks:
`store.save` never replaces its rows from a re-read source. A source that reads differently is
kept as a "read" version that is not applied, for a clerk to compare and restore if they wish.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select

from minutebook.store import schema as t

KINDS = ("read", "correction", "approval", "upload", "restore")
CLERK_KINDS = KINDS[1:]


@dataclass(frozen=True)
class Version:
    meeting_id: str
    number: int
    kind: str
    applied: bool
    made_at: str
    made_by: str
    note: str | None
    record: dict[str, Any]


_V = t.meeting_versions
_COLUMNS = (
    _V.c.meeting_id,
    _V.c.number,
    _V.c.kind,
    _V.c.applied,
    _V.c.made_at,
    _V.c.made_by,
    _V.c.note,
    _V.c.record,
)
_KEPT = (
    select(_V.c.meeting_id)
    .where(_V.c.meeting_id.in_(bindparam("ids", expanding=True)), _V.c.kind.in_(CLERK_KINDS))
    .distinct()
)


def history(connection: Connection, meeting_id: str) -> list[Version]:
    """Every version of the meeting, oldest first (empty: no clerk has changed it)."""
    rows = connection.execute(select(*_COLUMNS).where(_V.c.meeting_id == meeting_id).order_by(_V.c.number))
    return [Version(*row) for row in rows]


def version(connection: Connection, meeting_id: str, number: int) -> Version | None:
    row = connection.execute(
        select(*_COLUMNS).where(_V.c.meeting_id == meeting_id, _V.c.number == number)
    ).first()
    return Version(*row) if row else None


def kept_by_clerks(connection: Connection, meeting_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Of these meetings, those a clerk has changed, each with the last record read from its source."""
    kept = list(connection.execute(_KEPT, {"ids": meeting_ids}).scalars())
    if not kept:
        return {}
    last_read = (
        select(_V.c.meeting_id, func.max(_V.c.number).label("number"))
        .where(_V.c.meeting_id.in_(kept), _V.c.kind == "read")
        .group_by(_V.c.meeting_id)
        .subquery()
    )
    rows = connection.execute(
        select(_V.c.meeting_id, _V.c.record).join(
            last_read, (last_read.c.meeting_id == _V.c.meeting_id) & (last_read.c.number == _V.c.number)
        )
    )
    return {meeting_id: record for meeting_id, record in rows}


def add_version(
    connection: Connection,
    meeting_id: str,
    kind: str,
    record: dict[str, Any],
    made_by: str,
    *,
    note: str | None = None,
    applied: bool = True,
) -> int:
    """Add the next version of the meeting; its number."""
    if kind not in KINDS:
        raise ValueError(f"version kind {kind!r}")
    last = connection.execute(select(func.max(_V.c.number)).where(_V.c.meeting_id == meeting_id)).scalar()
    number = (last or 0) + 1
    connection.execute(
        insert(_V).values(
            meeting_id=meeting_id,
            number=number,
            kind=kind,
            applied=applied,
            record=record,
            made_at=datetime.now(UTC).isoformat(timespec="seconds"),
            made_by=made_by,
            note=note,
        )
    )
    return number


def last_change(connection: Connection, meeting_id: str) -> dict[str, Any] | None:
    """The newest version a clerk applied ({"number", "kind", "made_at"}), or None if none has."""
    row = connection.execute(
        select(_V.c.number, _V.c.kind, _V.c.made_at)
        .where(_V.c.meeting_id == meeting_id, _V.c.kind.in_(CLERK_KINDS), _V.c.applied.is_(True))
        .order_by(_V.c.number.desc())
        .limit(1)
    ).first()
    return dict(row._mapping) if row else None


def approved_before(connection: Connection, meeting_id: str) -> bool:
    """Whether the meeting was ever approved by a later meeting's decision (even if since undone)."""
    query = select(_V.c.id).where(_V.c.meeting_id == meeting_id, _V.c.kind == "approval").limit(1)
    return connection.execute(query).first() is not None


def latest_of_kind(connection: Connection, kind: str, made_by: str, limit: int = 200) -> list[Version]:
    """Versions of `kind` by `made_by` that are still their meeting's newest, newest first."""
    later = _V.alias("later")
    superseded = select(later.c.id).where(later.c.meeting_id == _V.c.meeting_id, later.c.number > _V.c.number)
    rows = connection.execute(
        select(*_COLUMNS)
        .where(_V.c.kind == kind, _V.c.made_by == made_by, ~superseded.exists())
        .order_by(_V.c.made_at.desc(), _V.c.id.desc())
        .limit(limit)
    )
    return [Version(*row) for row in rows]
