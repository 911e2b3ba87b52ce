"""A read-only role's URL names the same database as the writer's, so it finds the same search
index folder (and semantic graph) the writer built, rather than building its own copy."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from minutebook.cli.app import app
from minutebook.search import search, semantic
from minutebook.search.index import index_location
from minutebook.store import open_engine


def test_the_folders_are_named_by_the_database_not_the_user() -> None:
    writer = open_engine("postgresql+psycopg://minutebook:secret@db.example:5433/minutes")
    reader = open_engine("postgresql+psycopg://reader:other@db.example:5433/minutes")
    elsewhere = open_engine("postgresql+psycopg://minutebook:secret@db.example:5433/other")
    assert index_location(writer) == index_location(reader) != index_location(elsewhere)
    assert (
        semantic.graph_path(writer, "m")
        == semantic.graph_path(reader, "m")
        != semantic.graph_path(elsewhere, "m")
    )
    assert "secret" not in str(index_location(writer)) and "minutebook:" not in str(index_location(writer))


def test_a_read_only_role_searches_the_writers_index(
    postgres_server: str,
    postgres_template: str,
    seed_files: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MINUTEBOOK_INDEX_DIR", str(tmp_path / "indexes"))
    name = f"reader_index_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {postgres_template} STRATEGY FILE_COPY")
    url, role = f"{postgres_server}/{name}", f"reader_{uuid.uuid4().hex[:8]}"
    try:
        assert CliRunner().invoke(app, ["ingest", *map(str, seed_files), "-d", url]).exit_code == 0
        folders = sorted((tmp_path / "indexes").iterdir())
        assert len(folders) == 1
        built = {p: p.stat().st_mtime_ns for p in folders[0].iterdir()}
        with open_engine(url).connect() as connection:
            connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
            connection.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
            connection.commit()
        reader = open_engine(make_url(url).set(username=role).render_as_string(hide_password=False))
        assert search(reader, "council", mode="lexical").hits
        # The same folder, untouched: not a second one, not a rebuild.
        assert sorted((tmp_path / "indexes").iterdir()) == folders
        assert {p: p.stat().st_mtime_ns for p in folders[0].iterdir()} == built
        reader.dispose()
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
            connection.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
        admin.dispose()
