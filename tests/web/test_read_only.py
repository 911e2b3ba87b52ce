"""The web app on PostgreSQL: a statement timeout on its connections, and public pages read
through a read-only role when given one (`store.serving`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from minutebook.cli import app as cli
from minutebook.store.serving import serving_engine
from minutebook.web.app import create_app


@pytest.fixture(autouse=True)
def own_index_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTEBOOK_INDEX_DIR", str(tmp_path / "indexes"))


@pytest.fixture
def postgres_url(postgres_server: str, postgres_template: str) -> Iterator[str]:
    name = f"serving_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {postgres_template} STRATEGY FILE_COPY")
    yield f"{postgres_server}/{name}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    admin.dispose()


def test_a_statement_past_the_timeout_is_cancelled(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINUTEBOOK_STATEMENT_TIMEOUT_MS", "200")
    engine = serving_engine(postgres_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar_one() == "200ms"
        with pytest.raises(sqlalchemy.exc.OperationalError, match="statement timeout"):
            connection.exec_driver_sql("SELECT pg_sleep(2)")
    engine.dispose()
    monkeypatch.delenv("MINUTEBOOK_STATEMENT_TIMEOUT_MS")
    engine = serving_engine(postgres_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar_one() == "5s"  # the default
    engine.dispose()


def test_public_pages_read_through_the_read_only_role(
    postgres_url: str, seed_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    assert CliRunner().invoke(cli, ["ingest", *map(str, seed_files), "-d", postgres_url]).exit_code == 0
    role = f"reader_{uuid.uuid4().hex[:8]}"
    owner = sqlalchemy.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        connection.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    reader_url = make_url(postgres_url).set(username=role).render_as_string(hide_password=False)
    try:
        monkeypatch.setenv("MINUTEBOOK_READONLY_DATABASE_URL", reader_url)
        site = create_app(postgres_url, cache=False)
        assert site.state.reader.url.username == role and site.state.engine.url.username != role
        with TestClient(site) as client:
            assert client.get("/api/v1/search?q=budget").status_code == 200
            assert client.get("/api/v1/meetings").status_code == 200
        with site.state.reader.connect() as connection, pytest.raises(sqlalchemy.exc.ProgrammingError):
            connection.exec_driver_sql("DELETE FROM meetings")
        site.state.reader.dispose()
        site.state.engine.dispose()
    finally:
        with owner.connect() as connection:
            connection.exec_driver_sql(f"DROP OWNED BY {role}")
            connection.exec_driver_sql(f"DROP ROLE {role}")
        owner.dispose()
