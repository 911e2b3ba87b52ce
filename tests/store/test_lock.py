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


# --- Two ingests at once (issue 10: on an existing database both exited 1 with false UNIQUE
# failures; on a new one the second died with "table bodies already exists") ----------------------


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty generated meeting pages sharing bodies and people: what two ingests race over."""
    from minutebook.sample import generate_council

    folder = tmp_path_factory.mktemp("council")
    generate_council(folder, meetings=40, seed=11)
    return folder


def ingest_at_once(url: str, folders: list[Path]) -> list[tuple[int, str, str]]:
    """`minutebook ingest FOLDER -d url` for each folder, all started together."""
    runs = [
        subprocess.Popen(
            [str(MINUTEBOOK), "ingest", str(folder), "-d", url, "--workers", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    return [(run.wait(timeout=300), *run.communicate()) for run in runs]


@pytest.mark.parametrize("existing", [False, True], ids=["new database", "existing database"])
def test_two_ingests_at_once_both_succeed_and_store_each_meeting_once(
    empty_database_url: str, council: Path, existing: bool
) -> None:
    if existing:
        first = sorted(council.iterdir())[0]
        assert ingest_at_once(empty_database_url, [first])[0][0] == 0
    outcomes = ingest_at_once(empty_database_url, [council, council])
    assert [code for code, _, _ in outcomes] == [0, 0], outcomes
    news = [int(out.split("new ")[1].split(",")[0]) for _, out, _ in outcomes]
    assert sum(news) == 40 - existing, outcomes  # each meeting stored by one of the two
    engine = sqlalchemy.create_engine(empty_database_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM meetings").scalar() == 40
    engine.dispose()
