"""Actions and their follow-up: raised, referred back to, matched in later minutes, closed."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy
from sqlalchemy import select

from minutebook.errors import MinutebookError
from minutebook.record import meeting_id
from minutebook.registers import refresh
from minutebook.registers.actions import ActionEntry, actions, close_action
from minutebook.store import schema as t
from minutebook.store.save import save_batch

from .meetings import LATER, raised


@pytest.fixture
def chain(load) -> sqlalchemy.Engine:
    return load([raised(), *LATER])


def _by_owner(rows: list[ActionEntry]) -> dict[str, ActionEntry]:
    return {row.owner or "": row for row in rows}


def test_follow_up_by_reference_matters_arising_and_text_match(chain: sqlalchemy.Engine) -> None:
    with chain.connect() as connection:
        rows = _by_owner(actions(connection, today=dt.date(2014, 4, 15)).rows)
    depot = rows["The Strategic Director of Finance"]
    assert (depot.status, depot.followup_how, depot.followup_meeting_id) == (
        "followed-up",
        "reference",
        "cabinet/2014-02-12",
    )
    assert depot.followup_ref == "2.1" and depot.followup_line is not None
    # Open from the meeting that raised it to the one that reported back on it.
    assert (depot.followup_date, depot.days_open) == ("2014-02-12", 28)
    lighting = rows["The Head of Highways"]
    assert (lighting.status, lighting.followup_how, lighting.followup_meeting_id) == (
        "followed-up",
        "matters-arising",
        "cabinet/2014-02-12",
    )
    flooding = rows["Councillor Wyatt"]
    assert (flooding.followup_how, flooding.followup_meeting_id) == ("text-match", "cabinet/2014-03-12")
    # The same words in another body's minutes are not a follow-up.
    timetable = rows["The Clerk"]
    assert (timetable.status, timetable.followup_meeting_id, timetable.days_open) == ("open", None, 90)
    assert timetable.meeting_id == "cabinet/2014-01-15" and timetable.line is not None


def test_close_keeps_note_and_date_and_survives_reingest(chain: sqlalchemy.Engine, load) -> None:
    with chain.begin() as connection:
        depot = _by_owner(actions(connection).rows)["The Strategic Director of Finance"]
        closed = close_action(
            connection, depot.id, "Appraisal received.", dt.datetime(2014, 3, 20, tzinfo=dt.UTC)
        )
    assert (closed.status, closed.close_note, closed.days_open) == ("closed", "Appraisal received.", 64)
    load([raised("The Cabinet considered three options for the depot."), *LATER])  # changed: re-ingested
    with chain.connect() as connection:
        again = _by_owner(actions(connection).rows)["The Strategic Director of Finance"]
        still_open = [row.owner for row in actions(connection, status="open").rows]
    assert (again.id, again.status, again.closed_at) == (depot.id, "closed", "2014-03-20T00:00:00+00:00")
    assert still_open == ["The Clerk"]


def test_filters_by_status_body_owner_and_text(chain: sqlalchemy.Engine) -> None:
    with chain.connect() as connection:
        followed = actions(connection, status="followed-up").rows
        wyatt = actions(connection, owner="wyatt").rows
        lane = actions(connection, text="Brinsworth Lane").rows
        planning = actions(connection, body="Planning Board").rows
    assert len(followed) == 3
    assert [row.owner for row in wyatt] == ["Councillor Wyatt"]
    assert [row.owner for row in lane] == ["The Head of Highways"]
    assert planning == []


def test_an_action_stored_after_the_last_refresh_can_be_closed(chain: sqlalchemy.Engine) -> None:
    with chain.begin() as connection:
        connection.execute(sqlalchemy.delete(sqlalchemy.table("action_states")))
    with chain.begin() as connection:
        timetable = _by_owner(actions(connection).rows)["The Clerk"]
        assert close_action(connection, timetable.id, "Circulated by email.").status == "closed"
    refresh(chain)
    with chain.connect() as connection:
        assert _by_owner(actions(connection).rows)["The Clerk"].status == "closed"


def test_a_closure_follows_its_meeting_when_the_id_changes(chain: sqlalchemy.Engine) -> None:
    """The parser comes to name the council: the same source re-saved is now
    'brackenford-borough-council/cabinet/2014-01-15', and the clerk's closure goes with it."""
    with chain.begin() as connection:
        depot = _by_owner(actions(connection).rows)["The Strategic Director of Finance"]
        close_action(connection, depot.id, "Appraisal received.", dt.datetime(2014, 3, 20, tzinfo=dt.UTC))
    m, s = t.meetings, t.sources
    with chain.connect() as connection:
        record, data = connection.execute(
            select(m.c.record, s.c.data).join(s, s.c.id == m.c.source_id).where(m.c.id == depot.meeting_id)
        ).one()
    council = "Brackenford Borough Council"
    named = {**record, "council": council, "id": meeting_id(record["body"], record["date"], council)}
    assert save_batch(chain, [(named, data)]) == ["updated"]
    for _ in ("before the next refresh", "after it"):
        with chain.connect() as connection:
            again = _by_owner(actions(connection).rows)["The Strategic Director of Finance"]
        assert again.meeting_id == "brackenford-borough-council/cabinet/2014-01-15"
        assert (again.status, again.close_note, again.closed_at) == (
            "closed",
            "Appraisal received.",
            "2014-03-20T00:00:00+00:00",
        )
        refresh(chain)


@pytest.mark.parametrize(
    ("action", "note", "message"),
    [
        ("cabinet/2014-01-15:1:000000000000", "done", "no such action"),
        ("nonsense", "done", "not an action id"),
    ],
)
def test_closing_what_cannot_be_closed_is_a_one_line_error(
    chain: sqlalchemy.Engine, action: str, note: str, message: str
) -> None:
    with chain.begin() as connection, pytest.raises(MinutebookError, match=message):
        close_action(connection, action, note)


def test_closing_without_a_note_is_refused(chain: sqlalchemy.Engine) -> None:
    with chain.begin() as connection:
        action = actions(connection).rows[0]
        with pytest.raises(MinutebookError, match="note"):
            close_action(connection, action.id, "  ")
