"""Two processes that create or upgrade the same new database at once: both succeed."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy

from minutebook.store.schema import metadata

MINUTEBOOK = Path(sys.executable).with_name("minutebook")


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all (not the migrated template)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"empty_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    yield f"{server}/{name}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    admin.dispose()


def test_concurrent_upgrades_of_a_new_database_all_succeed(empty_database_url: str) -> None:
    runs = [
        subprocess.Popen(
            [str(MINUTEBOOK), "db", "upgrade", "-d", empty_database_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outcomes = [(run.wait(timeout=120), run.stderr.read() if run.stderr else "") for run in runs]
    assert [code for code, _ in outcomes] == [0, 0, 0], outcomes
    engine = sqlalchemy.create_engine(empty_database_url)
    assert set(metadata.tables) <= set(sqlalchemy.inspect(engine).get_table_names())
    engine.dispose()
