"""A clerk's closure of an action follows it when republished minutes move or reword it."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy

from minutebook.ingest import ingest
from minutebook.registers import refresh
from minutebook.registers.actions import actions, close_action
from minutebook.store import migrate, open_engine

MINUTES = """\
Minutes of the Meeting of the Ashcombe Parish Council held on 5 March 2024 at 7.00pm in the Village Hall

Present: Cllr A Brown (Chair), Cllr C Dunn, Cllr E Fox

1. Apologies
Apologies were received from Cllr G Hale.

2. Playground
The council discussed the playground fence.
ACTION: Clerk to obtain three quotes for repairing the playground fence.

3. Footpaths
ACTION: Cllr Dunn to report the blocked footpath at Mill Lane to the county council.
"""


def _closed(engine: sqlalchemy.Engine) -> list[tuple[str, str | None]]:
    with engine.connect() as connection:
        return [(a.text, a.close_note) for a in actions(connection, limit=100).rows if a.status == "closed"]


def test_a_closure_follows_its_action_moved_and_reworded(database_url: str, tmp_path: Path) -> None:
    page = tmp_path / "ashcombe-parish-council-2024-03-05.txt"
    page.write_text(MINUTES)
    engine = open_engine(database_url)
    migrate(engine)
    ingest(engine, [page], workers=1)
    refresh(engine)
    with engine.begin() as connection:
        fence = next(a for a in actions(connection, limit=100).rows if "fence" in a.text)
        close_action(connection, fence.id, "quotes received in April")
    # Republished: an item inserted before it, and the action reworded a little.
    page.write_text(
        MINUTES.replace("1. Apologies", "1. Welcome\nThe Chair welcomed everyone.\n\n1a. Apologies")
        .replace("2. Playground", "3. Playground")
        .replace("3. Footpaths", "4. Footpaths")
        .replace(
            "three quotes for repairing the playground fence",
            "three quotes for repairing the playground fence urgently",
        )
    )
    report = ingest(engine, [page], workers=1)
    assert report.updated == 1, report
    refresh(engine)
    assert _closed(engine) == [
        (
            "Clerk to obtain three quotes for repairing the playground fence urgently.",
            "quotes received in April",
        )
    ]
    with engine.connect() as connection:
        assert [a.status for a in actions(connection, limit=100).rows if "footpath" in a.text] == ["open"]


def test_two_closures_never_move_to_one_action(database_url: str, tmp_path: Path) -> None:
    """Two closed actions republished as one that reads like both: one closure moves to it, the
    other stays where it was (each action takes at most one closure; two would share its key)."""
    page = tmp_path / "ashcombe-parish-council-2024-03-05.txt"
    repair = "ACTION: Clerk to obtain three quotes for repairing the playground fence."
    paint = "ACTION: Clerk to obtain three quotes for painting the playground fence."
    page.write_text(MINUTES.replace(repair, f"{repair}\n{paint}"))
    engine = open_engine(database_url)
    migrate(engine)
    ingest(engine, [page], workers=1)
    refresh(engine)
    with engine.begin() as connection:
        for action in [a for a in actions(connection, limit=100).rows if "fence" in a.text]:
            close_action(connection, action.id, "done")
    both = "ACTION: Clerk to obtain three quotes for repairing and painting the playground fence."
    page.write_text(MINUTES.replace(repair, both))
    report = ingest(engine, [page], workers=1)
    assert report.updated == 1 and not report.failed, report
    refresh(engine)
    assert _closed(engine) == [(both.removeprefix("ACTION: "), "done")]
    with engine.connect() as connection:
        assert connection.scalar(sqlalchemy.text("SELECT count(*) FROM action_closures")) == 2
