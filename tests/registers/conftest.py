"""Databases for the register tests: the real documents, and meetings written for a purpose.

Synthetic meetings are written as ModernGov pages copied as text (the format of
../shared/seeds/*.txt) and go through the real reader, parser and store, so the registers are
tested on what the extractors really give them.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import date as Date
from pathlib import Path

import pytest
import sqlalchemy

from minutebook.ingest import ingest, read_source, source_files
from minutebook.record import MeetingRecord, slug
from minutebook.registers import refresh
from minutebook.store import migrate, open_engine, save

# Readable text formats only: the PDFs and HTML duplicate these meetings, and the answer keys
# (*.expected.json) are not meetings.
REAL_SUFFIXES = {".txt", ".md", ".xml"}


Item = tuple[str, Sequence[str]]  # title, minute paragraphs
Meeting = tuple[str, str, Sequence[Item]]  # body, ISO date, items


def meeting_page(body: str, day: str, items: Sequence[Item]) -> str:
    """One meeting as a ModernGov page copied as text."""
    when = Date.fromisoformat(day)
    lines = [
        "Agenda and minutes",
        "",
        f"{body} - {when:%A} {when.day} {when:%B %Y} 10.00 a.m.",
        "",
        "Venue: Town Hall, Moorgate Street, Brackenford.",
        "",
        "Items",
        "No. Item",
        "",
    ]
    for number, (title, paragraphs) in enumerate(items, start=1):
        lines += [f"{number}.", "", title, ""]
        if paragraphs:
            lines += ["Minutes:", ""]
            numbers = (f"{number}.{i}   " for i in range(1, len(paragraphs) + 1))
            for text in paragraphs:  # lettered sub-points "(a) ..." are printed as they are
                lines += [text if text.startswith("(") else next(numbers) + text, "", "\u00a0", ""]
    return "\n".join(lines) + "\n"


@pytest.fixture
def load(engine: sqlalchemy.Engine, tmp_path: Path) -> Callable[[Sequence[Meeting]], sqlalchemy.Engine]:
    """Write meetings as pages, ingest them and refresh the registers; returns the engine."""

    def load_meetings(meetings: Sequence[Meeting]) -> sqlalchemy.Engine:
        folder = tmp_path / "pages"
        folder.mkdir(exist_ok=True)
        for body, day, items in meetings:
            (folder / f"{slug(body)}-{day}.txt").write_text(meeting_page(body, day, items), encoding="utf-8")
        report = ingest(engine, [folder], workers=1)
        assert report.ok, report.failed
        refresh(engine)
        return engine

    return load_meetings


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
