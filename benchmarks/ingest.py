"""Ingest throughput: generated meetings read, parsed and stored in a fresh SQLite file.

    .venv/bin/python benchmarks/ingest.py                          # 10,000 meetings (a few minutes)
    .venv/bin/python benchmarks/ingest.py --meetings 1000          # a quick run
    .venv/bin/python benchmarks/ingest.py --markdown benchmarks/out/ingest.md

The pages come from `minutebook.sample` (ModernGov pages copied as text, ~7 KB each), written
to a temporary folder. Four measurements, each storing into its own fresh database:
- ingest: `minutebook.ingest.ingest(engine, [folder])`, what `minutebook ingest FOLDER` runs
  (its process pool reads and parses, the main process stores in batches);
- read+parse alone: `minutebook.ingest.read_source` on every file, one process;
- store alone: `minutebook.store.save.save_batch` of those records in ingest's batches, one process;
- store one meeting per transaction: `minutebook.store.save` of each record, for comparison.

Besides wall-clock rates, each row gives the CPU time it took per meeting (this process and the
pool's workers together) and the load average when it ended: the machine is shared, and CPU
time is what stays comparable when other work slows the wall clock.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from minutebook.ingest import BATCH_MEETINGS, Parsed, ingest, read_source
from minutebook.sample import generate_council, meeting_texts
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from minutebook.store.save import save, save_batch
from report import Table, print_tables, write_markdown

T = TypeVar("T")


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the pool's workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(label: str, work: Callable[[], T]) -> tuple[T, float, float]:
    """`work()`, its wall-clock seconds and its CPU seconds."""
    print(f"{label} ...", flush=True)
    start, cpu = time.perf_counter(), cpu_seconds()
    result = work()
    return result, time.perf_counter() - start, cpu_seconds() - cpu


def fresh_engine(path: Path):  # type: ignore[no-untyped-def]
    engine = open_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine


def store_batches(parsed: list[Parsed], db: Path) -> None:
    engine = fresh_engine(db)
    meetings = [(one.as_dict, one.data) for one in parsed if one.as_dict is not None]
    for start in range(0, len(meetings), BATCH_MEETINGS):
        save_batch(engine, meetings[start : start + BATCH_MEETINGS])
    engine.dispose()


def store_one_by_one(parsed: list[Parsed], db: Path) -> None:
    engine = fresh_engine(db)
    for one in parsed:
        if one.record is not None:
            save(engine, one.record, one.data, as_dict=one.as_dict)
    engine.dispose()


def rate_row(stage: str, meetings: int, megabytes: float, seconds: float, cpu: float) -> list[str]:
    return [
        stage,
        f"{seconds:.1f}",
        f"{meetings / seconds:,.0f}",
        f"{megabytes / seconds:.2f}",
        f"{cpu / meetings * 1000:.2f}",
        f"{os.getloadavg()[0]:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()

    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files, generate_s, generate_cpu = timed(
            "generating", lambda: generate_council(work / "pages", meetings=args.meetings, seed=args.seed)
        )
        megabytes = sum(path.stat().st_size for path in files) / 1e6
        generated = rate_row(
            "(generator, writing files: generate_council)", len(files), megabytes, generate_s, generate_cpu
        )

        def measure(stage: str, job: Callable[[], T]) -> T:
            result, seconds, cpu = timed(stage, job)
            rows.append(rate_row(stage, len(files), megabytes, seconds, cpu))
            return result

        engine = fresh_engine(work / "ingest.db")
        report = measure(
            "ingest: read+parse+store (minutebook.ingest)", lambda: ingest(engine, [work / "pages"])
        )
        engine.dispose()
        db_mb = sum(p.stat().st_size for p in work.glob("ingest.db*")) / 1e6
        parsed = measure("read+parse alone, one process", lambda: [read_source(path) for path in files])
        measure(
            f"store alone, one process ({BATCH_MEETINGS} meetings a transaction)",
            lambda: store_batches(parsed, work / "store.db"),
        )
        measure(
            "store, one meeting a transaction (store.save)", lambda: store_one_by_one(parsed, work / "one.db")
        )
        measure(
            "(generator, in memory: meeting_texts)",
            lambda: list(meeting_texts(args.meetings, seed=args.seed)),
        )
    rows.append(generated)

    paragraphs = sum(len(item.minutes) for one in parsed if one.record for item in one.record.items)
    notes = [
        f"{len(files):,} generated meetings, {megabytes:.1f} MB of text, {paragraphs:,} minute paragraphs; "
        f"ingest stored {report.new:,} ({len(report.failed)} failed) in a {db_mb:.0f} MB database.",
    ]
    table: Table = (["stage", "seconds", "meetings/s", "MB/s", "CPU ms/meeting", "load after"], rows)
    tables = [("Ingest throughput", table)]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "Ingest", notes, tables)


if __name__ == "__main__":
    main()
