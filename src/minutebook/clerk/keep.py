"""Clerks' changes applied to the database: a correction, a restored version, a published upload.
Each is one transaction holding the new version, the meeting's new rows and the audit entry;
after it commits, the search index and the registers are brought up to date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, select

from minutebook.accounts import audit
from minutebook.clerk.corrections import corrected
from minutebook.errors import MinutebookError
from minutebook.registers import refresh
from minutebook.registers.approvals import ACTOR as APPROVER
from minutebook.search.index import refresh_index
from minutebook.store import schema as t
from minutebook.store.queries import get_record
from minutebook.store.save import apply_version, save_all_in, store_source
from minutebook.store.versions import Version, add_version, latest_of_kind, version


def stored_record(connection: Connection, meeting_id: str) -> dict[str, Any]:
    record = get_record(connection, meeting_id)
    if record is None:
        raise MinutebookError(f"meeting {meeting_id!r}: no such meeting is stored")
    return dict(record)


def correct(engine: Engine, meeting_id: str, form: Mapping[str, str], *, actor: str, note: str = "") -> int:
    """Apply the edit form to the meeting as a new version; its number."""
    with engine.begin() as connection:
        before = stored_record(connection, meeting_id)
        after = corrected(before, form)
        if after == before:
            raise MinutebookError(f"meeting {meeting_id}: the form changes nothing")
        number = _apply(connection, before, after, "correction", actor, note or None)
    _after_change(engine)
    return number


def restore(engine: Engine, meeting_id: str, number: int, *, actor: str) -> int:
    """Make an earlier version (or a newer reading of the source) the meeting's record again."""
    with engine.begin() as connection:
        before = stored_record(connection, meeting_id)
        wanted = version(connection, meeting_id, number)
        if wanted is None:
            raise MinutebookError(f"meeting {meeting_id}: no version {number}")
        if wanted.record == before:
            raise MinutebookError(f"meeting {meeting_id}: version {number} is the record already")
        new = _apply(connection, before, wanted.record, "restore", actor, f"restores version {number}")
    _after_change(engine)
    return new


def approvals_to_confirm(engine: Engine) -> list[Version]:
    """Approvals minutebook made from a later meeting's decision that no clerk has confirmed yet."""
    with engine.connect() as connection:
        made = latest_of_kind(connection, "approval", APPROVER)
        confirmed = set(
            connection.execute(
                select(t.audit_log.c.subject).where(t.audit_log.c.action == "meeting.approval.confirm")
            ).scalars()
        )
    return [v for v in made if v.meeting_id not in confirmed]


def confirm_approval(engine: Engine, meeting_id: str, *, actor: str) -> None:
    with engine.begin() as connection:
        audit.record(connection, actor, "meeting.approval.confirm", meeting_id, None, None)


def publish(engine: Engine, record: dict[str, Any], data: bytes, *, actor: str) -> str:
    """Store an uploaded document's record: a new meeting, or a new version of one already stored
    (an approved copy of draft minutes, say), whether or not a clerk had changed it."""
    with engine.begin() as connection:
        exists = connection.execute(select(t.meetings.c.id).where(t.meetings.c.id == record["id"])).first()
        if exists is None:
            save_all_in(connection, [(record, data)])
            number = add_version(
                connection, record["id"], "upload", record, actor, note=record["source"]["name"]
            )
            audit.record(connection, actor, "meeting.upload", record["id"], None, {"version": number})
        else:
            store_source(connection, record, data)
            before = stored_record(connection, record["id"])
            _apply(connection, before, record, "upload", actor, record["source"]["name"])
    _after_change(engine)
    return str(record["id"])


def _apply(
    connection: Connection,
    before: dict[str, Any],
    after: dict[str, Any],
    kind: str,
    actor: str,
    note: str | None,
) -> int:
    number = apply_version(connection, before, after, kind, actor, note)
    audit.record(
        connection, actor, f"meeting.{kind}", before["id"], {"version": number - 1}, {"version": number}
    )
    return number


def _after_change(engine: Engine) -> None:
    refresh_index(engine)
    refresh(engine)
