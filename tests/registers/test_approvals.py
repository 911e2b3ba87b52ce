"""Draft minutes approved at a later meeting become approved versions, on both backends; an undo
(restoring the draft) stays undone through later refreshes."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy

from minutebook.accounts import audit
from minutebook.clerk.keep import restore, stored_record
from minutebook.ingest import ingest
from minutebook.registers import refresh
from minutebook.registers.approvals import find_approvals
from minutebook.sample import generate_council
from minutebook.store import migrate, open_engine
from minutebook.store.versions import history


def test_minutes_approved_as_previous_meeting_are_marked_approved(database_url: str, tmp_path: Path) -> None:
    generate_council(tmp_path / "council", meetings=40, seed=3)
    engine = open_engine(database_url)
    migrate(engine)
    ingest(engine, [tmp_path / "council"], workers=1)
    refresh(engine)
    with engine.connect() as connection:
        found = find_approvals(connection)
        meetings = {
            row.id: (row.body_id, row.date)
            for row in connection.exec_driver_sql("SELECT id, body_id, date FROM meetings")
        }
    assert found, "the sample council approves its previous minutes"
    for approval in found:
        body, date = meetings[approval.meeting_id]
        by_body, by_date = meetings[approval.by_meeting_id]
        assert (body, date < by_date) == (by_body, True)
        earlier = [d for (b, d) in meetings.values() if b == body and date < d < by_date]
        assert earlier == [], f"{approval.meeting_id} is not the meeting before {approval.by_meeting_id}"
    target = found[0].meeting_id
    with engine.connect() as connection:
        assert stored_record(connection, target)["minutes_status"] == "approved"
        assert [(v.kind, v.made_by) for v in history(connection, target)] == [
            ("read", "ingest"),
            ("approval", "minutebook"),
        ]
    assert any(
        e.action == "meeting.approval" and e.subject == target for e in audit.entries(engine, limit=1000)
    )
    # A clerk undoes it: the draft is back, and a later refresh does not approve it again.
    restore(engine, target, 1, actor="user:clara")
    refresh(engine)
    with engine.connect() as connection:
        assert stored_record(connection, target)["minutes_status"] != "approved"


def test_no_approval_without_a_minutes_decision(engine: sqlalchemy.Engine, seed_files: list[Path]) -> None:
    ingest(engine, seed_files, workers=1)
    with engine.connect() as connection:
        assert find_approvals(connection) == []
        assert connection.exec_driver_sql("SELECT count(*) FROM meeting_versions").scalar_one() == 0
