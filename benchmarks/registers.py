"""Register latency at scale: every register query on a 10,000-meeting council.

    .venv/bin/python benchmarks/registers.py                     # 10,000 meetings (first run builds it)
    .venv/bin/python benchmarks/registers.py --meetings 1000     # a quick run
    .venv/bin/python benchmarks/registers.py --markdown benchmarks/out/registers.md

The database is built once per size and kept in benchmarks/data/ (gitignored): a generated
council (`minutebook.sample`) written as files and loaded by `minutebook.ingest`, then
`minutebook.registers.refresh` (timed: it is what ingest runs after a batch). Later runs reuse it,
migrating it first in case the schema moved on.

Each query runs once to warm the caches, then `--repeat` times; the table gives p50 and p95.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from minutebook.ingest import ingest
from minutebook.sample import generate_council
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate

DATA = Path(__file__).with_name("data")


def build(db: Path, meetings: int, seed: int) -> dict[str, object]:
    """Generate `meetings` meetings and ingest them into `db` (via a .partial file)."""
    partial = db.with_name(db.name + ".partial")
    for path in DATA.glob(partial.name + "*"):
        path.unlink()
    engine = open_engine(f"sqlite:///{partial}")
    migrate(engine)
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        print(f"generating {meetings:,} meetings ...", flush=True)
        generate_council(folder, meetings=meetings, seed=seed)
        print("ingesting (read, parse, store) ...", flush=True)
        start = time.perf_counter()
        report = ingest(engine, [folder])
        seconds = time.perf_counter() - start
    engine.dispose()
    with sqlite3.connect(partial) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(db)
    for path in DATA.glob(partial.name + "*"):
        path.unlink()
    return {"meetings": report.new, "failed": len(report.failed), "seed": seed, "ingest_seconds": round(seconds)}


def database(meetings: int, seed: int) -> tuple[Engine, dict[str, object]]:
    """The cached database for this size, built first if need be, migrated to the newest schema."""
    DATA.mkdir(exist_ok=True)
    db = DATA / f"registers-{meetings}-seed{seed}.db"
    about = db.with_suffix(".json")
    facts = json.loads(about.read_text()) if db.exists() and about.exists() else build(db, meetings, seed)
    about.write_text(json.dumps(facts, indent=2))
    engine = open_engine(f"sqlite:///{db}")
    migrate(engine)
    return engine, facts


def timings(run: Callable[[], object], repeat: int) -> list[float]:
    run()  # warm-up: caches, compiled statements
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        result.append((time.perf_counter() - start) * 1000)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()
    database(args.meetings, args.seed)


if __name__ == "__main__":
    main()
