"""A stored meeting read back whole, table by table: plain dicts out, bound parameters in.

`get_meeting` gives a meeting with its items and, inside each item, its paragraphs, documents,
decisions, actions, appointments, references and declarations, in their stored order; the store's
tests read what was saved through it; `get_record` gives a meeting's whole record, which the
clerks' corrections and the approvals start from. (The site and the registers read through
`store.browse`.)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Table, select

from minutebook.store import schema as t

Row = dict[str, Any]

# Item children: the key each goes under in a meeting's item dict.
ITEM_PARTS: dict[str, Table] = {
    "minutes": t.paragraphs,
    "documents": t.documents,
    "decisions": t.decisions,
    "actions": t.actions,
    "appointments": t.appointments,
    "references": t.references,
    "declarations": t.declarations,
}


def get_meeting(connection: Connection, meeting_id: str) -> Row | None:
    """A meeting with its body, source, attendance and items (each with everything inside it)."""
    m = t.meetings
    query = (
        select(
            *[c for c in m.c if c.name != "record"],
            t.bodies.c.name.label("body"),
            t.bodies.c.slug.label("body_slug"),
            t.sources.c.name.label("source_name"),
            t.sources.c.sha256.label("source_sha256"),
            t.sources.c.format.label("source_format"),
        )
        .join(t.bodies, t.bodies.c.id == m.c.body_id)
        .join(t.sources, t.sources.c.id == m.c.source_id)
        .where(m.c.id == meeting_id)
    )
    meeting = connection.execute(query).mappings().first()
    if meeting is None:
        return None
    items = _rows(connection, t.items, meeting_id)
    for item in items:
        item.update({key: [] for key in ITEM_PARTS})
    for key, table in ITEM_PARTS.items():
        by_item: dict[int, list[Row]] = defaultdict(list)
        for row in _rows(connection, table, meeting_id):
            by_item[row["item_position"]].append(row)
        for item in items:
            item[key] = by_item[item["position"]]
    return {**meeting, "attendance": _rows(connection, t.attendance, meeting_id), "items": items}


def get_record(connection: Connection, meeting_id: str) -> dict[str, Any] | None:
    """The stored MeetingRecord JSON of a meeting, as `minutebook parse --format json` gives it."""
    return connection.scalar(select(t.meetings.c.record).where(t.meetings.c.id == meeting_id))


def get_source(connection: Connection, sha256: str) -> Row | None:
    """A stored source, bytes included."""
    row = connection.execute(select(t.sources).where(t.sources.c.sha256 == sha256)).mappings().first()
    return dict(row) if row else None


def _rows(connection: Connection, table: Table, meeting_id: str) -> list[Row]:
    order = [table.c.item_position] if "item_position" in table.c else []
    query = select(table).where(table.c.meeting_id == meeting_id).order_by(*order, table.c.position)
    return [dict(row) for row in connection.execute(query).mappings()]
