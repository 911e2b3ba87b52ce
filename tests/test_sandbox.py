"""The reading sandbox: a hostile file, a stuck reader or a dead worker costs one file, never the
ingest (issue 10: one reader killed for memory once lost all 49 good meetings of a run)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
import sqlalchemy

from minutebook import ingest as ingest_module
from minutebook.ingest import ingest
from minutebook.sample import generate_council
from minutebook.sandbox import Limits, Stopped, run_each
from minutebook.store import migrate, open_engine
from read.test_pdf import flate, pdf_with_contents  # tests/read: PDFs made byte by byte


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> sqlalchemy.Engine:
    engine = open_engine(f"sqlite:///{tmp_path / 'minutebook.db'}")
    migrate(engine)
    return engine


@pytest.fixture
def pages(tmp_path: Path) -> list[Path]:
    """Six generated meeting pages, in the order ingest reads them."""
    return sorted(generate_council(tmp_path / "pages", meetings=6, seed=5))


def hostile_reader(monkeypatch: pytest.MonkeyPatch, hostile: Path, action: str) -> None:
    """Make reading `hostile` do `action` in its worker; every other file is read as ever."""
    real = ingest_module.read_source

    def reading(path: Path, *args: object, **kwargs: object) -> ingest_module.Parsed:
        if path == hostile:
            if action == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            elif action == "hang":
                time.sleep(600)
            elif action == "spin":
                while True:
                    pass
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_module, "read_source", reading)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_killed_by_a_signal_costs_its_file_alone(
    sqlite_engine: sqlalchemy.Engine, pages: list[Path], monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    hostile_reader(monkeypatch, pages[2], "kill")
    report = ingest(sqlite_engine, pages, workers=workers)
    assert (report.read, report.new) == (6, 5)
    assert [problem.name for problem in report.failed] == [str(pages[2])]
    assert "reader process was killed (SIGKILL" in report.failed[0].reason


def test_a_stuck_reader_is_stopped_at_the_wall_clock_limit(
    sqlite_engine: sqlalchemy.Engine, pages: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile_reader(monkeypatch, pages[0], "hang")
    started = time.monotonic()
    report = ingest(sqlite_engine, pages, workers=2, limits=Limits(seconds=5))
    assert time.monotonic() - started < 60
    assert report.new == 5 and len(report.failed) == 1
    assert report.failed[0].reason.startswith("reading took over 5 s")
    assert "MINUTEBOOK_READ_SECONDS" in report.failed[0].reason


def test_a_reader_over_its_cpu_time_is_stopped(
    sqlite_engine: sqlalchemy.Engine, pages: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile_reader(monkeypatch, pages[-1], "spin")
    report = ingest(sqlite_engine, pages, workers=1, limits=Limits(cpu_seconds=1, seconds=60))
    assert report.new == 5 and len(report.failed) == 1
    assert report.failed[0].reason.startswith("reading used over 1 s of CPU")


def test_a_pdf_bomb_past_the_memory_limit_fails_alone(
    sqlite_engine: sqlalchemy.Engine, pages: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real hostile file: one content stream inflating to 512 MB. With the inflation check
    turned up out of its way, only the worker's address-space limit stands between the bomb and
    the machine's memory (unlimited, the worker reached 2 GB)."""
    monkeypatch.setenv("MINUTEBOOK_PDF_STREAM_MB", "100000")
    monkeypatch.setenv("MINUTEBOOK_PDF_INFLATE_MB", "100000")
    bomb = pages[0].parent / "a-bomb.pdf"
    bomb.write_bytes(pdf_with_contents([flate(512, 2)]))
    report = ingest(sqlite_engine, [bomb, *pages], workers=2, limits=Limits(memory_mb=200))
    assert report.new == 6
    assert [problem.name for problem in report.failed] == [str(bomb)]
    assert "memory" in report.failed[0].reason and "MINUTEBOOK_READ_MEMORY_MB" in report.failed[0].reason


def test_a_memory_error_names_the_limit_and_the_worker_is_replaced() -> None:
    answers = list(run_each(_allocate, [1, 1024, 1, 1], workers=1, limits=Limits(memory_mb=300)))
    assert answers[0] == answers[2] == answers[3] == 1
    assert isinstance(answers[1], Stopped)
    assert answers[1].reason.startswith("reading needed over 300 MB of memory")


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes << 20)) >> 20


def test_answers_come_back_in_order_whatever_order_workers_finish_in() -> None:
    assert list(run_each(_sleep_then_echo, [0.3, 0.0, 0.2, 0.0, 0.1], workers=3)) == [0.3, 0.0, 0.2, 0.0, 0.1]


def _sleep_then_echo(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTEBOOK_READ_MEMORY_MB", "512")
    monkeypatch.setenv("MINUTEBOOK_READ_CPU_SECONDS", "7")
    monkeypatch.setenv("MINUTEBOOK_READ_SECONDS", "not a number")
    assert Limits.from_environment() == Limits(memory_mb=512, cpu_seconds=7, seconds=Limits().seconds)
