"""Benchmark databases are built under a `.partial` name and renamed when whole, so an interrupted
build is never taken for a finished one. What lies beside a SQLite file moves or goes with it: its
WAL and lock files, and the search index folder (`NAME.search/`), which names its database by a
token inside it and so stays valid under the new name."""

from __future__ import annotations

import shutil
import sqlite3
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
