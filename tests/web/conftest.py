"""A database built from the real documents (seeds and corpus), shared by the web tests."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine

with warnings.catch_warnings():  # starlette's note that httpx2 exists; the client works as is
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from minutebook.ingest import ingest
from minutebook.parse import parse_document
from minutebook.read.detect import read_path
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from minutebook.web.app import create_app


def _filled(url: str, folders: list[Path]) -> str:
    engine = open_engine(url)
    migrate(engine)
    report = ingest(engine, folders, workers=1)
    engine.dispose()
    assert report.new >= 20, report
    return url


@pytest.fixture(scope="session")
def sqlite_web_url(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, corpus_dir: Path) -> str:
    """The real seeds and corpus in a SQLite file: what the browser and fuzz tests serve."""
    return _filled(f"sqlite:///{tmp_path_factory.mktemp('web') / 'minutebook.db'}", [seeds_dir, corpus_dir])


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def web_database_url(request: pytest.FixtureRequest, seeds_dir: Path, corpus_dir: Path) -> str:
    """The same documents on each backend (PostgreSQL: the session server of tests/conftest.py)."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_web_url")
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    name = f"web_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
    admin.dispose()
    return _filled(f"{server}/{name}", [seeds_dir, corpus_dir])


@pytest.fixture(scope="session")
def app(web_database_url: str) -> FastAPI:
    return create_app(web_database_url)


@pytest.fixture(scope="session")
def sqlite_app(sqlite_web_url: str) -> FastAPI:
    return create_app(sqlite_web_url)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def seed_meetings(seeds_dir: Path) -> list[dict[str, Any]]:
    """The two founding meetings as the parser reads them (what the database holds), with their file."""
    return [
        {**parse_document(read_path(path)).to_dict(), "file": path.name}
        for path in sorted(seeds_dir.glob("*.txt"))
    ]
