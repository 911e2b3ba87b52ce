"""Which database is opened, and how SQLite is set up."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from minutebook.errors import MinutebookError
from minutebook.store import database_url, open_engine


def test_url_from_environment_else_local_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINUTEBOOK_DATABASE_URL", raising=False)
    assert database_url() == "sqlite:///minutebook.db"
    monkeypatch.setenv("MINUTEBOOK_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert database_url() == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.parametrize("url", ["not a url", "mysql://u@h/db"])
def test_unusable_url_is_a_one_line_error(url: str) -> None:
    with pytest.raises(MinutebookError, match="database URL") as error:
        open_engine(url)
    assert "\n" not in str(error.value)


def test_the_sqlite_page_cache_is_bounded_as_the_environment_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per connection: `serve` asks for 8 MB so that a worker's pooled connections cannot each grow
    to 64 MB (issue 10: server workers' memory grew without levelling off)."""
    from minutebook.store.engine import CACHE_VARIABLE

    def cache_size() -> int:
        engine = open_engine(f"sqlite:///{tmp_path / 'cache.db'}")
        with engine.connect() as connection:
            size = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
        engine.dispose()
        return size

    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    assert cache_size() == -64 * 1024
    monkeypatch.setenv(CACHE_VARIABLE, "8")
    assert cache_size() == -8 * 1024


def test_postgresql_pool_sizes_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://u@h/db"  # no connection is made
    assert (open_engine(url).pool.size(), open_engine(url).pool._max_overflow) == (5, 10)  # type: ignore[attr-defined]
    monkeypatch.setenv("MINUTEBOOK_DB_POOL_SIZE", "2")
    monkeypatch.setenv("MINUTEBOOK_DB_MAX_OVERFLOW", "0")
    engine = open_engine(url)
    assert (engine.pool.size(), engine.pool._max_overflow) == (2, 0)  # type: ignore[attr-defined]
    for bad in ("0", "many", "-1"):
        monkeypatch.setenv("MINUTEBOOK_DB_POOL_SIZE", bad)
        with pytest.raises(MinutebookError, match="MINUTEBOOK_DB_POOL_SIZE"):
            open_engine(url)


def test_a_process_holds_no_more_than_its_pool_and_overflow(
    postgres_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlalchemy

    monkeypatch.setenv("MINUTEBOOK_DB_POOL_SIZE", "1")
    monkeypatch.setenv("MINUTEBOOK_DB_MAX_OVERFLOW", "1")
    engine = open_engine(f"{postgres_server}/postgres")
    engine.pool._timeout = 0.5  # type: ignore[attr-defined]
    first, second = engine.connect(), engine.connect()
    with pytest.raises(sqlalchemy.exc.TimeoutError):
        engine.connect()
    second.close()  # the overflow connection is closed, the pooled one kept
    first.close()
    assert engine.pool.checkedin() == 1  # type: ignore[attr-defined]
    engine.dispose()
