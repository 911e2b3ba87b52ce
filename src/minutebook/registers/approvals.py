"""Draft minutes approved at a later meeting.

Councils approve a meeting's minutes at the next one: an item "Minutes of the previous meeting"
resolving "That the minutes of the meeting held on 10 July be approved as a correct record",
or "It was proposed ... that the minutes of the last meeting ... were correct". When such a
decision names the meeting (a reference already resolved to a stored meeting, not to an item
in it) or says "previous" or "last" meeting (that body's meeting before this one), and the
approved meeting's minutes are draft or of unknown status, it becomes approved: a new version
of its record (`store.versions`, made by "minutebook", its draft kept as the version before),
with an audit entry. A clerk confirms it or undoes it (restores the draft); a meeting once
approved this way is never approved again by a later refresh, so an undo stays undone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, func, or_, select

from minutebook.accounts import audit
from minutebook.store import schema as t
from minutebook.store.queries import get_record
from minutebook.store.save import apply_version
from minutebook.store.versions import approved_before

ACTOR = "minutebook"
_APPROVES = re.compile(
    r"\bminutes\b[^.;]{0,200}?\b(?:approved|confirmed|agreed|signed|adopted|accepted|correct|true record)\b"
    r"|\b(?:approve|confirm|sign|adopt|accept)\w*\b[^.;]{0,80}?\bminutes\b",
    re.IGNORECASE,
)
_PREVIOUS = re.compile(r"\b(?:previous|last|preceding)\s+(?:\w+\s+){0,2}meeting\b", re.IGNORECASE)
_OPEN = ("draft", "unknown")


@dataclass(frozen=True)
class Approval:
    meeting_id: str  # the meeting whose minutes were approved
    by_meeting_id: str  # where
    by_item_position: int


def find_approvals(connection: Connection) -> list[Approval]:
    """Each stored meeting with draft or unknown minutes that a later meeting's decision approved."""
    d, i, m = t.decisions, t.items, t.meetings
    lowered = func.lower(d.c.text)
    rows = connection.execute(
        select(d.c.meeting_id, d.c.item_position, d.c.text, i.c.title, m.c.body_id, m.c.date)
        .join(i, (i.c.meeting_id == d.c.meeting_id) & (i.c.position == d.c.item_position))
        .join(m, m.c.id == d.c.meeting_id)
        .where(or_(lowered.like("%minutes%"), func.lower(i.c.title).like("%minutes%")))
    ).all()
    found: dict[str, Approval] = {}
    for row in rows:
        said = f"{row.title}. {row.text}"
        if not (_APPROVES.search(row.text) or ("minutes" in row.title.lower() and _APPROVES.search(said))):
            continue
        for target in _targets(connection, row, said):
            found.setdefault(target, Approval(target, row.meeting_id, row.item_position))
    return list(found.values())


def refresh_approvals(connection: Connection) -> int:
    """Approve what `find_approvals` finds and was not approved this way before; how many."""
    done = 0
    for approval in find_approvals(connection):
        record = get_record(connection, approval.meeting_id)
        if record is None or record["minutes_status"] not in _OPEN:
            continue
        if approved_before(connection, approval.meeting_id):
            continue
        note = f"approved at {approval.by_meeting_id} (item {approval.by_item_position + 1})"
        number = apply_version(
            connection, record, {**record, "minutes_status": "approved"}, "approval", ACTOR, note
        )
        audit.record(
            connection,
            ACTOR,
            "meeting.approval",
            approval.meeting_id,
            {"minutes_status": record["minutes_status"], "version": number - 1},
            {"minutes_status": "approved", "version": number, "by": approval.by_meeting_id},
        )
        done += 1
    return done


def _targets(connection: Connection, row, said: str) -> list[str]:
    """The meetings the approving words name: "previous/last meeting" is the body's meeting before
    this one; else a reference resolved to a whole meeting, cited in these very words."""
    r, m = t.reference_links, t.meetings
    if _PREVIOUS.search(said):
        previous = connection.execute(
            select(m.c.id)
            .where(m.c.body_id == row.body_id, m.c.date < row.date)
            .order_by(m.c.date.desc(), m.c.id.desc())
            .limit(1)
        ).scalar()
        return [previous] if previous else []
    named = connection.execute(
        select(r.c.text, r.c.target_meeting_id).where(
            r.c.meeting_id == row.meeting_id,
            r.c.item_position == row.item_position,
            r.c.status == "resolved",
            r.c.target_item_position.is_(None),
            r.c.target_meeting_id != row.meeting_id,
        )
    ).all()
    return [target for text, target in named if target and text in said]
