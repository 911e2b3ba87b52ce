"""Ingest: paths in, meetings stored. Files and folders (recursively) -> read -> parse -> store.

Each file is read and parsed on its own (in a process pool when there are many), then saved in
its own transaction, so one bad file costs only itself: it is reported with its reason and the
batch goes on, and the database never holds part of a meeting. Saving is idempotent (see
`minutebook.store.save`), so ingesting the same files again changes nothing.

Two files in one batch that give the same meeting (a PDF and its text, say): the first, in path
order, is stored and the later ones are reported as duplicates, so a batch always leaves the
same database however often it is run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from minutebook.errors import MinutebookError, NotAMeeting
from minutebook.parse import parse_document
from minutebook.read.detect import DEFAULT_SIZE_LIMIT, read_path
from minutebook.record import MeetingRecord
from minutebook.store import save

# Below this many files a process pool costs more to start than it saves.
POOL_THRESHOLD = 16


@dataclass(frozen=True)
class Problem:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class IngestReport:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # not meetings, or duplicates in the batch

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class Parsed:
    """What reading and parsing one file gave: a record and its bytes, or a problem."""

    name: str
    record: MeetingRecord | None = None
    as_dict: dict[str, Any] | None = None  # record.to_dict(), made here so that pool workers share the cost
    data: bytes = b""
    problem: Problem | None = None
    skip: bool = False  # the problem is "not a meeting", not a failure


def source_files(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    """Each file named or under a folder named, in path order; a missing path is a Problem."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
        elif path.is_file():
            yield path
        else:
            yield Problem(str(path), "no such file or folder")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_source(path: Path, size_limit: int = DEFAULT_SIZE_LIMIT) -> Parsed:
    """Read and parse one file; never raises for bad input."""
    try:
        record = parse_document(read_path(path, size_limit=size_limit))
        return Parsed(str(path), record=record, as_dict=record.to_dict(), data=path.read_bytes())
    except NotAMeeting as error:
        return Parsed(str(path), problem=Problem(str(path), error.reason), skip=True)
    except MinutebookError as error:
        return Parsed(str(path), problem=Problem(str(path), getattr(error, "reason", str(error))))
    except OSError as error:
        return Parsed(str(path), problem=Problem(str(path), error.strerror or str(error)))
    except Exception as error:  # a parser bug must cost one file, not the batch
        return Parsed(
            str(path), problem=Problem(str(path), f"could not parse: {type(error).__name__}: {error}")
        )


def read_sources(files: list[Path], size_limit: int, workers: int) -> Iterator[Parsed]:
    """`read_source` over `files`, in order; in a process pool when that pays."""
    if workers <= 1 or len(files) < POOL_THRESHOLD:
        for path in files:
            yield read_source(path, size_limit)
        return
    # Workers are forked (spawning would import everything again in each): a caller running threads
    # should not be holding locks the workers need, so the CLI's progress bar runs without one.
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(read_source, files, [size_limit] * len(files), chunksize=4)


def ingest(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    size_limit: int = DEFAULT_SIZE_LIMIT,
    workers: int | None = None,
    on_file: Callable[[str], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> IngestReport:
    """Store every meeting found under `paths`. `on_total(n)` is called once with the number of
    files, `on_file(name)` after each file: hooks for a progress bar."""
    report = IngestReport()
    files: list[Path] = []
    for found in source_files(paths):
        if isinstance(found, Problem):
            report.read += 1
            report.failed.append(found)
        else:
            files.append(found)
    if on_total:
        on_total(len(files))
    stored_from: dict[str, str] = {}  # meeting id -> the file in this batch that gave it
    for parsed in read_sources(files, size_limit, workers or os.cpu_count() or 1):
        report.read += 1
        _store(engine, parsed, report, stored_from)
        if on_file:
            on_file(parsed.name)
    return report


def _store(engine: Engine, parsed: Parsed, report: IngestReport, stored_from: dict[str, str]) -> None:
    if parsed.problem is not None:
        (report.skipped if parsed.skip else report.failed).append(parsed.problem)
        return
    record = parsed.record
    assert record is not None
    if record.id in stored_from:
        report.skipped.append(Problem(parsed.name, f"same meeting ({record.id}) as {stored_from[record.id]}"))
        return
    try:
        outcome = save(engine, record, parsed.data, as_dict=parsed.as_dict)
    except SQLAlchemyError as error:
        reason = str(error.orig if getattr(error, "orig", None) else error).splitlines()[0]
        report.failed.append(Problem(parsed.name, f"could not store {record.id}: {reason}"))
        return
    stored_from[record.id] = parsed.name
    setattr(report, outcome, getattr(report, outcome) + 1)
