"""The "registers behind" marker: a crash between saving meetings and linking them is remembered
(issue 10: kill -9 while linking left people, references and follow-ups empty, and every later
ingest said "unchanged" and never linked again)."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import func, select
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.ingest import ingest
from minutebook.registers import refresh
from minutebook.store import open_engine
from minutebook.store import schema as t
from minutebook.store.marker import registers_behind

refresh_module = importlib.import_module("minutebook.registers.refresh")


def linked_people(engine: sqlalchemy.Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(t.person_identities)) or 0


def test_saving_marks_the_registers_behind_and_a_refresh_brings_them_up(
    engine: sqlalchemy.Engine, seed_files: list[Path]
) -> None:
    assert registers_behind(engine) is False  # a new database has nothing to link
    report = ingest(engine, seed_files, workers=1)  # no linking asked
    assert report.new == 2 and not report.linked
    assert registers_behind(engine) is True
    refresh(engine)
    assert registers_behind(engine) is False
    assert not ingest(engine, seed_files, workers=1).new
    assert registers_behind(engine) is False  # unchanged meetings are no change


def _ingest_killed_while_linking(url: str, files: list[Path]) -> None:
    """In a child process: ingest `files`, and be killed (SIGKILL, no cleanup at all) in the middle
    of linking them, after the people are worked out and before anything commits."""
    people = refresh_module.refresh_people

    def then_killed(connection: sqlalchemy.Connection) -> dict[str, int]:
        counts = people(connection)
        os.kill(os.getpid(), signal.SIGKILL)
        return counts

    refresh_module.refresh_people = then_killed  # type: ignore[assignment]
    ingest(open_engine(url), files, workers=1, link=True)


def test_a_kill_while_linking_is_remembered_and_the_next_ingest_links_again(
    database_url: str, seed_files: list[Path]
) -> None:
    child = multiprocessing.get_context("fork").Process(
        target=_ingest_killed_while_linking, args=(database_url, seed_files)
    )
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL
    engine = open_engine(database_url)
    try:
        assert linked_people(engine) == 0  # the meetings are stored, their people not linked
        assert registers_behind(engine) is True
        again = ingest(engine, seed_files, workers=1, link=True)
        assert (again.new, again.unchanged) == (0, 2)  # every file unchanged...
        assert again.linked and again.relinked  # ...and linked all the same
        assert linked_people(engine) > 0 and registers_behind(engine) is False
        quiet = ingest(engine, seed_files, workers=1, link=True)
        assert not quiet.linked  # up to date: nothing to do
    finally:
        engine.dispose()


def test_the_cli_says_when_it_links_what_an_earlier_run_left(
    database_url: str, seed_files: list[Path]
) -> None:
    engine = open_engine(database_url)
    ingest(engine, seed_files, workers=1)  # stored, never linked: as a killed ingest leaves it
    engine.dispose()
    result = CliRunner().invoke(app, ["ingest", *map(str, seed_files), "-d", database_url])
    assert result.exit_code == 0, result.output
    assert "unchanged 2" in result.stdout
    assert "linked people, references and action follow-ups again: an earlier ingest" in result.stdout


@pytest.mark.parametrize("revision", ["0006"])
def test_a_database_without_the_marker_links_when_anything_changed(
    tmp_path: Path, seed_files: list[Path], revision: str
) -> None:
    """An old schema (before migration 0007) cannot say whether it is behind: ingest links when
    its own run changed something, as it always did."""
    from minutebook.store import migrate

    engine = open_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, revision)
    assert registers_behind(engine) is None
    report = ingest(engine, seed_files, workers=1, link=True)
    assert report.new == 2 and report.linked and not report.relinked
    assert linked_people(engine) > 0
