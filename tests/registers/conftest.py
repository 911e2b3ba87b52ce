"""Databases for the register tests: the real documents, and meetings written for a purpose
(see meetings.py)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
import sqlalchemy

from minutebook.ingest import read_source, source_files
from minutebook.record import MeetingRecord
from minutebook.registers import refresh
from minutebook.store import migrate, open_engine, save

from .meetings import Meeting, load_meetings

# Readable text formats only: the PDFs and HTML duplicate these meetings, and the answer keys
# (*.expected.json) are not meetings.
REAL_SUFFIXES = {".txt", ".md", ".xml"}


@pytest.fixture
def load(engine: sqlalchemy.Engine, tmp_path: Path) -> Callable[[Sequence[Meeting]], sqlalchemy.Engine]:
    """Write meetings as pages, ingest them and refresh the registers; returns the engine."""

    def load(meetings: Sequence[Meeting]) -> sqlalchemy.Engine:
        return load_meetings(engine, tmp_path / "pages", meetings)

    return load


@pytest.fixture(scope="session")
def _real_records(seeds_dir: Path, corpus_dir: Path) -> list[tuple[MeetingRecord, bytes]]:
    files = [p for p in source_files([seeds_dir, corpus_dir]) if isinstance(p, Path)]
    parsed = [read_source(p) for p in files if p.suffix in REAL_SUFFIXES and ".expected" not in p.name]
    return [(p.record, p.data) for p in parsed if p.record is not None]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def real_db(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    _real_records: list[tuple[MeetingRecord, bytes]],
) -> Iterator[sqlalchemy.Engine]:
    """The seeds and the readable corpus stored and the registers refreshed, on each backend;
    shared by a module's tests, which only read it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('real') / 'minutebook.db'}"
        engine = open_engine(url)
        migrate(engine)
    else:
        server = request.getfixturevalue("postgres_server")
        template = request.getfixturevalue("postgres_template")
        name = f"real_{uuid.uuid4().hex[:12]}"
        admin = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        engine = open_engine(f"{server}/{name}")
    seen: set[str] = set()
    for record, data in copy.deepcopy(_real_records):
        if record.id not in seen:
            seen.add(record.id)
            save(engine, record, data)
    refresh(engine)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()
