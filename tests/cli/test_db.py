"""`minutebook db check` and `db reindex`: one line per check, exit 1 on a failure, on both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.search.index import index_location
from minutebook.store import open_engine

runner = CliRunner()


@pytest.fixture(autouse=True)
def own_index_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL's search index in this test's folder, not the user's cache."""
    monkeypatch.setenv("MINUTEBOOK_INDEX_DIR", str(tmp_path / "indexes"))


def check(url: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["db", "check", "-d", url])
    return result.exit_code, result.stdout.splitlines()


def test_an_ingested_database_passes_every_check(database_url: str, seed_files: list[Path]) -> None:
    assert runner.invoke(app, ["ingest", *map(str, seed_files), "-d", database_url]).exit_code == 0
    code, lines = check(database_url)
    assert code == 0, lines
    assert [line.split(":")[0] for line in lines] == [
        "ok   migrations",
        "ok   search index",
        *(["ok   indexes", "ok   semantic search"] if database_url.startswith("postgresql") else []),
    ]


def test_a_missing_search_index_fails_until_reindexed(database_url: str, seed_files: list[Path]) -> None:
    assert runner.invoke(app, ["ingest", *map(str, seed_files), "-d", database_url]).exit_code == 0
    engine = open_engine(database_url)
    folder = index_location(engine)
    engine.dispose()
    assert folder is not None
    shutil.rmtree(folder)  # as after a restore of the database alone
    code, lines = check(database_url)
    assert code == 1
    assert any(line.startswith("FAIL search index: missing") and "db reindex" in line for line in lines)
    assert runner.invoke(app, ["db", "reindex", "-d", database_url]).exit_code == 0
    assert check(database_url)[0] == 0


def test_a_database_behind_the_migrations_fails(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    from minutebook.store import migrate

    engine = open_engine(url)
    migrate(engine, "0005")
    engine.dispose()
    code, lines = check(url)
    assert code == 1
    assert lines[0].startswith("FAIL migrations: at 0005, newest is") and "db upgrade" in lines[0]


def test_an_invalid_index_on_postgresql_fails(postgres_server: str, postgres_template: str) -> None:
    """A unique index built CONCURRENTLY over duplicates fails and is left behind, invalid."""
    name = "dbcheck_invalid"
    admin = sqlalchemy.create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {postgres_template} STRATEGY FILE_COPY")
    url = f"{postgres_server}/{name}"
    try:
        assert runner.invoke(app, ["db", "reindex", "-d", url]).exit_code == 0
        engine = open_engine(url).execution_options(isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql(
                "INSERT INTO bodies (slug, name) VALUES ('a', 'Cabinet'), ('b', 'Cabinet')"
            )
            with pytest.raises(sqlalchemy.exc.IntegrityError):
                connection.exec_driver_sql("CREATE UNIQUE INDEX CONCURRENTLY ix_one_name ON bodies (name)")
        engine.dispose()
        code, lines = check(url)
        assert code == 1
        assert lines[-2].startswith("FAIL indexes: not valid: ix_one_name on bodies")
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()
