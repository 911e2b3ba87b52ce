"""Ingest throughput: generated meetings read, parsed and stored in a fresh SQLite file.

    .venv/bin/python benchmarks/ingest.py                          # 10,000 meetings (several minutes)
    .venv/bin/python benchmarks/ingest.py --meetings 500           # a quick run
    .venv/bin/python benchmarks/ingest.py --markdown benchmarks/out/ingest.md

The pages come from `minutebook.sample` (ModernGov pages copied as text, ~7 KB each), written
to a temporary folder. Three measurements, each into its own fresh database:
- ingest: `minutebook.ingest.ingest(engine, [folder])`, what `minutebook ingest FOLDER` runs
  (its process pool reads and parses, the main process stores);
- read+parse alone: `minutebook.ingest.read_source` on every file, one process;
- store alone: `minutebook.store.save` of those records, one process.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from minutebook.ingest import Parsed, ingest, read_source
from minutebook.sample import generate_council, meeting_texts
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from minutebook.store.save import save
from report import Table, print_tables, write_markdown

T = TypeVar("T")


def timed(label: str, work: Callable[[], T]) -> tuple[T, float]:
    print(f"{label} ...", flush=True)
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def fresh_engine(path: Path):  # type: ignore[no-untyped-def]
    engine = open_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine


def store_all(parsed: list[Parsed], db: Path) -> None:
    engine = fresh_engine(db)
    for one in parsed:
        if one.record is not None:
            save(engine, one.record, one.data)
    engine.dispose()


def rate_row(stage: str, meetings: int, megabytes: float, seconds: float) -> list[str]:
    return [stage, f"{seconds:.1f}", f"{meetings / seconds:,.0f}", f"{megabytes / seconds:.2f}"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()

    _, texts_s = timed("generating in memory", lambda: list(meeting_texts(args.meetings, seed=args.seed)))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files, generate_s = timed(
            "generating", lambda: generate_council(work / "pages", meetings=args.meetings, seed=args.seed)
        )
        megabytes = sum(path.stat().st_size for path in files) / 1e6
        engine = fresh_engine(work / "ingest.db")
        report, ingest_s = timed("ingest (pool of processes)", lambda: ingest(engine, [work / "pages"]))
        engine.dispose()
        db_mb = sum(p.stat().st_size for p in work.glob("ingest.db*")) / 1e6
        parsed, parse_s = timed("read+parse, one process", lambda: [read_source(path) for path in files])
        _, store_s = timed("store, one process", lambda: store_all(parsed, work / "store.db"))

    paragraphs = sum(len(item.minutes) for one in parsed if one.record for item in one.record.items)
    notes = [
        f"{len(files):,} generated meetings, {megabytes:.1f} MB of text, {paragraphs:,} minute paragraphs; "
        f"ingest stored {report.new:,} ({len(report.failed)} failed) in a {db_mb:.0f} MB database.",
    ]
    table: Table = (
        ["stage", "seconds", "meetings/s", "MB/s"],
        [
            rate_row("ingest: read+parse+store (minutebook.ingest)", len(files), megabytes, ingest_s),
            rate_row("read+parse alone, one process", len(files), megabytes, parse_s),
            rate_row("store alone, one process", len(files), megabytes, store_s),
            rate_row("(generator, in memory: meeting_texts)", len(files), megabytes, texts_s),
            rate_row("(generator, writing files: generate_council)", len(files), megabytes, generate_s),
        ],
    )
    tables = [("Ingest throughput", table)]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "Ingest", notes, tables)


if __name__ == "__main__":
    main()
