"""Benchmark databases are built under a `.partial` name and renamed when whole, so an interrupted
build is never taken for a finished one. What lies beside a SQLite file moves or goes with it: its
WAL and lock files, and the search index folder (`NAME.search/`), which names its database by a
token inside it and so stays valid under the new name."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path


def partial_of(db: Path) -> Path:
    """The `.partial` path to build `db` at, with anything left by an earlier, interrupted build gone."""
    partial = db.with_name(db.name + ".partial")
    for path in db.parent.glob(partial.name + "*"):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return partial


def promote(partial: Path, db: Path) -> None:
    """Make the finished `partial` database `db`, its search index folder with it."""
    with sqlite3.connect(partial) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(db)
    for path in db.parent.glob(partial.name + "*"):
        if path.is_dir():
            path.rename(db.with_name(db.name + path.name.removeprefix(partial.name)))
        else:
            path.unlink()


DATA = Path(__file__).with_name("data")


def generated_council(
    name: str, meetings: int, seed: int, linked: bool = False
) -> tuple[Path, dict[str, object]]:
    """A generated council of `meetings` meetings in `benchmarks/data/NAME-MEETINGS-seedSEED.db`,
    built (under its `.partial` name) the first time and reused after, migrated to the newest
    schema; with what is known of it (meetings stored, failures, seed, seconds to ingest, and
    whether it was built now). `linked`: the registers refreshed after the ingest."""
    from minutebook.ingest import ingest
    from minutebook.registers import refresh
    from minutebook.sample import generate_council
    from minutebook.store.engine import open_engine
    from minutebook.store.migrate import migrate

    DATA.mkdir(exist_ok=True)
    db = DATA / f"{name}-{meetings}-seed{seed}.db"
    about = db.with_suffix(".json")
    reused = db.exists() and about.exists()
    if reused:
        facts = json.loads(about.read_text())
    else:
        partial = partial_of(db)
        engine = open_engine(f"sqlite:///{partial}")
        migrate(engine)
        with tempfile.TemporaryDirectory(dir=DATA) as folder:
            print(f"generating {meetings:,} meetings ...", flush=True)
            generate_council(folder, meetings=meetings, seed=seed)
            print("ingesting (read, parse, store) ...", flush=True)
            start = time.perf_counter()
            report = ingest(engine, [folder])
            seconds = time.perf_counter() - start
        for problem in report.failed[:3]:
            print(f"failed: {problem}", flush=True)
        if linked:
            print("refreshing the registers ...", flush=True)
            refresh(engine)
        engine.dispose()
        promote(partial, db)
        facts = {
            "meetings": report.new,
            "failed": len(report.failed),
            "seed": seed,
            "ingest_seconds": round(seconds),
        }
        about.write_text(json.dumps(facts, indent=2))
    engine = open_engine(f"sqlite:///{db}")
    migrate(engine)
    engine.dispose()
    return db, {**facts, "database": "reused, migrated" if reused else "built in this run"}
