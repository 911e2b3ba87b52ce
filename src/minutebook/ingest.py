"""Ingest: paths in, meetings stored. Files and folders (recursively) -> read -> parse -> extract
(`minutebook.pipeline`) -> store -> refresh the cross-meeting registers, for the CLI, harvest and the
demo alike.

Each file is read and parsed on its own, in a worker process with limits on its memory and time
(`minutebook.sandbox`): a file over a limit, or whose worker dies, fails alone with the reason, the
worker is replaced and the others go on. The main process stores the meetings in batches (up to
BATCH_MEETINGS, or what came in BATCH_SECONDS), one transaction each: a commit per meeting cost
more than storing its rows. One bad file costs only itself: it is reported with its reason and the
run goes on, and the database never holds part of a meeting (`minutebook.store.save.save_batch`
retries a failed batch one meeting per transaction; a crash loses at most the batch in hand,
whole). Saving is idempotent, so ingesting the same files again changes nothing.

Two files in one run that give the same meeting (a PDF and its text, say): the first, in path
order, is stored and the later ones are reported as duplicates, so a run always leaves the same
database however often it is repeated.
"""

from __future__ import annotations

import calendar
import functools
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from minutebook.errors import MinutebookError, NotAMeeting
from minutebook.pipeline import read_meeting
from minutebook.read.detect import DEFAULT_SIZE_LIMIT
from minutebook.record import MeetingRecord, meeting_id
from minutebook.registers import refresh
from minutebook.sandbox import Limits, Stopped, run_each
from minutebook.store.lock import writer_lock
from minutebook.store.marker import registers_behind
from minutebook.store.save import Incoming, save_batch

# A batch is stored when it holds this many meetings or its first came this long ago: a commit
# every 100 meetings costs little, and a progress bar still moves twice a second.
BATCH_MEETINGS = 100
BATCH_SECONDS = 0.5


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
    linked: bool = False  # the registers were brought up to date
    # ... though this run changed nothing: an earlier ingest or refresh stopped before it finished
    relinked: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class Parsed:
    """What reading and parsing one file gave: a record and its bytes, or a problem. From a pool
    worker, `record` is None and `as_dict` alone comes back: the main process stores the dict,
    and unpickling the dataclasses too would cost it about a tenth of what storing does."""

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
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not _hidden(p.relative_to(path)) and not p.name.endswith(".meta.json")
            )
        elif path.is_file():
            yield path
        else:
            yield Problem(str(path), "no such file or folder")


def with_body_from_name(record: MeetingRecord, path: Path) -> MeetingRecord:
    """`record`, filed under a body named by its file where the document names none: councils name
    their files after the body and date ("sewer-commission-2014-06-04.pdf" -> "Sewer Commission"),
    as they do the dates the documents sometimes leave out. The record's warnings say so."""
    if record.body or not record.date:
        return record
    words = [w for w in re.split(r"[\W_]+", path.stem) if w and not w.isdigit()]
    words = [w for w in words if w.lower() not in _MONTHS and w.lower() not in ("minutes", "agenda", "draft")]
    if not words:
        return record
    body = " ".join(w if w.isupper() else w.capitalize() for w in words)
    warning = (
        f"no body found in the document: filed as '{body}' from the file name (give --body to correct it)"
    )
    return replace(
        record,
        body=body,
        title=record.title or body,
        id=meeting_id(body, record.date, record.council),
        warnings=[*record.warnings, warning],
    )


_MONTHS = {m.lower() for m in calendar.month_name[1:] + calendar.month_abbr[1:]}


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_source(
    path: Path, size_limit: int = DEFAULT_SIZE_LIMIT, given: dict[str, str] | None = None
) -> Parsed:
    """Read and parse one file; never raises for bad input. A record with no body is filed under the
    body its file name gives, with a warning; one with no date cannot be filed: it fails with the
    reason and how to give what is missing."""
    try:
        record = with_body_from_name(read_meeting(path, size_limit=size_limit, given=given), path)
        missing = [name for name in ("date", "body") if not getattr(record, name)]
        if missing:
            reason = (
                f"no meeting {' or '.join(missing)} found: give "
                + ", ".join(f"--{name}" for name in missing)
                + f" or put them in {path.stem}.meta.json beside the file"
            )
            return Parsed(str(path), problem=Problem(str(path), reason))
        return Parsed(str(path), record=record, as_dict=record.to_dict(), data=path.read_bytes())
    except NotAMeeting as error:
        return Parsed(str(path), problem=Problem(str(path), error.reason), skip=True)
    except MemoryError:
        raise  # the sandbox names the limit, and retires the worker whose heap failed
    except MinutebookError as error:
        return Parsed(str(path), problem=Problem(str(path), getattr(error, "reason", str(error))))
    except OSError as error:
        return Parsed(str(path), problem=Problem(str(path), error.strerror or str(error)))
    except Exception as error:  # a parser bug must cost one file, not the batch
        return Parsed(
            str(path), problem=Problem(str(path), f"could not parse: {type(error).__name__}: {error}")
        )


def read_sources(
    files: list[Path],
    size_limit: int,
    workers: int,
    given: dict[str, str] | None = None,
    limits: Limits | None = None,
) -> Iterator[Parsed]:
    """`read_source` over `files`, in order, each in a worker process under `limits` (see
    `minutebook.sandbox`): a file whose reading was stopped is a Parsed with the reason."""
    # Workers are forked (spawning would import everything again in each): a caller running threads
    # should not be holding locks the workers need, so the CLI's progress bar runs without one.
    read = functools.partial(_read_in_worker, size_limit=size_limit, given=given)
    for path, parsed in zip(files, run_each(read, files, max(1, workers), limits), strict=True):
        yield (
            Parsed(str(path), problem=Problem(str(path), parsed.reason))
            if isinstance(parsed, Stopped)
            else parsed
        )


def _read_in_worker(path: Path, size_limit: int, given: dict[str, str] | None) -> Parsed:
    return replace(read_source(path, size_limit, given), record=None)


def ingest(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    size_limit: int = DEFAULT_SIZE_LIMIT,
    workers: int | None = None,
    on_file: Callable[[str], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    link: bool = False,
    given: dict[str, str] | None = None,
    linking: Callable[[], AbstractContextManager[object]] | None = None,
    limits: Limits | None = None,
    waiting: Callable[[], None] | None = None,
) -> IngestReport:
    """Store every meeting found under `paths`, then (with `link`, as the CLI, harvest and demo ask)
    bring the cross-meeting registers up to date when they are behind what is stored (changed by
    this run, or left behind by one that stopped before linking). `on_total(n)` is called once
    with the number of files, `on_file(name)` after each file, and the registers are refreshed
    inside `linking()`: hooks for a progress bar and a status line. Each file is read under
    `limits` (default: from the environment, `Limits.from_environment`). Each batch is stored,
    and the registers refreshed, under the database's writer lock (`store.lock`), so two ingests
    at once take turns; `waiting()` is called when this one has to wait for another."""
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
    stored_from: dict[str, str] = {}  # meeting id -> the file in this run that gave it
    pending: list[tuple[str, Incoming]] = []  # file name, meeting: read, to be stored together
    deadline = 0.0
    for parsed in read_sources(files, size_limit, workers or os.cpu_count() or 1, given, limits):
        report.read += 1
        record = _admitted(parsed, report, stored_from)
        if record is None:
            if on_file:
                on_file(parsed.name)
            continue
        if not pending:
            deadline = time.monotonic() + BATCH_SECONDS
        pending.append((parsed.name, (record, parsed.data)))
        if len(pending) >= BATCH_MEETINGS or time.monotonic() >= deadline:
            with writer_lock(engine, waiting):
                _store(engine, pending, report, on_file)
            pending = []
    if pending:
        with writer_lock(engine, waiting):
            _store(engine, pending, report, on_file)
    if link:
        _link(engine, report, linking, waiting)
    return report


def _link(
    engine: Engine,
    report: IngestReport,
    linking: Callable[[], AbstractContextManager[object]] | None,
    waiting: Callable[[], None] | None,
) -> None:
    """Refresh the registers if they are behind: by this run's changes, or by an earlier run's
    that was killed before it linked (the marker says so, `store.marker`). Under the writer lock,
    so of two ingests at once the second finds the first has linked its meetings too."""
    changed = bool(report.new or report.updated)
    with writer_lock(engine, waiting):
        behind = registers_behind(engine)
        if behind or (behind is None and changed):
            with linking() if linking else nullcontext():
                refresh(engine)
            report.linked, report.relinked = True, not changed


def _admitted(parsed: Parsed, report: IngestReport, stored_from: dict[str, str]) -> dict[str, Any] | None:
    """The record of `parsed` to store, or None with the reason put in the report."""
    if parsed.problem is not None:
        (report.skipped if parsed.skip else report.failed).append(parsed.problem)
        return None
    assert parsed.as_dict is not None
    meeting_id = parsed.as_dict["id"]
    if meeting_id in stored_from:
        report.skipped.append(
            Problem(parsed.name, f"same meeting ({meeting_id}) as {stored_from[meeting_id]}")
        )
        return None
    stored_from[meeting_id] = parsed.name
    return parsed.as_dict


def _store(
    engine: Engine,
    batch: list[tuple[str, Incoming]],
    report: IngestReport,
    on_file: Callable[[str], None] | None,
) -> None:
    outcomes = save_batch(engine, [meeting for _, meeting in batch])
    for (name, (record, _)), outcome in zip(batch, outcomes, strict=True):
        if isinstance(outcome, str):
            setattr(report, outcome, getattr(report, outcome) + 1)
        else:
            reason = str(getattr(outcome, "orig", None) or outcome).splitlines()[0]
            report.failed.append(Problem(name, f"could not store {record['id']}: {reason}"))
        if on_file:
            on_file(name)
