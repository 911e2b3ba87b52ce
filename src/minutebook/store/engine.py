"""Which database, and a SQLAlchemy engine for it.

The URL comes from the caller, else `MINUTEBOOK_DATABASE_URL`, else `sqlite:///minutebook.db`
in the current directory. SQLite runs in WAL mode (readers never block the one writer) with
foreign keys on; PostgreSQL is `postgresql+psycopg://user@host/db`.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from minutebook.errors import MinutebookError

DEFAULT_URL = "sqlite:///minutebook.db"

# Per-connection settings: WAL with NORMAL sync never corrupts the file and is much faster than
# FULL (no fsync per commit); a power cut or OS crash (not a crash of minutebook) may lose the
# last commits, which a re-run of ingest puts back. The busy timeout lets a reader wait out a
# writer's commit instead of failing.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    "PRAGMA temp_store=MEMORY",
)
# SQLite's page cache is per connection, and a server process pools up to 15 connections (one
# per thread answering): at 64 MB each a worker grew without levelling off under load (issue 10,
# 106 -> 220 MB in two minutes). Ingest writes through one connection and keeps 64 MB; `serve`
# sets this to 8 MB for its processes (the pages stay in the OS's file cache all the same).
CACHE_VARIABLE = "MINUTEBOOK_SQLITE_CACHE_MB"
DEFAULT_CACHE_MB = 64


# PostgreSQL connections each engine keeps open (the pool), and how many more it may open at a
# peak (closed again when returned). `serve` has one engine per worker process, two with a
# read-only role: each process may hold up to 2 x (size + overflow) connections, and the sum over
# every process of every web server must stay under the server's max_connections (100 by
# default), or a busy moment fails with "too many clients". docs/operations.md sizes them.
POOL_VARIABLE = "MINUTEBOOK_DB_POOL_SIZE"
OVERFLOW_VARIABLE = "MINUTEBOOK_DB_MAX_OVERFLOW"
DEFAULT_POOL_SIZE = 5  # SQLAlchemy's defaults
DEFAULT_MAX_OVERFLOW = 10


def pool_sizes() -> tuple[int, int]:
    """(pool size, overflow) for PostgreSQL engines, from the environment; a bad value is a
    one-line MinutebookError."""
    return _whole(POOL_VARIABLE, DEFAULT_POOL_SIZE, 1), _whole(OVERFLOW_VARIABLE, DEFAULT_MAX_OVERFLOW, 0)


def _whole(variable: str, default: int, least: int) -> int:
    given = os.environ.get(variable, "").strip()
    if not given:
        return default
    if not given.isdigit() or int(given) < least:
        raise MinutebookError(f"{variable}={given!r}: give a whole number, at least {least}")
    return int(given)


def database_url(url: str | None = None) -> str:
    return url or os.environ.get("MINUTEBOOK_DATABASE_URL") or DEFAULT_URL


def open_engine(url: str | None = None, *, connect_args: dict[str, Any] | None = None) -> Engine:
    """An engine for `url` (or the default); a malformed URL is a one-line MinutebookError.
    `connect_args` go to the PostgreSQL driver (`store.serving` sets a statement timeout so)."""
    url = database_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise MinutebookError(f"database URL {url!r}: not a database URL") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        size, overflow = pool_sizes()
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=size, max_overflow=overflow, connect_args=connect_args or {}
        )
    raise MinutebookError(f"database URL {url!r}: only sqlite:/// and postgresql+psycopg:// are supported")


def server_identity(url: URL) -> str:
    """The database a URL names, without who connects: backend, host, port, database and options.
    Folders kept per database (the search index, the semantic graph) are named by this, so a
    read-only role's URL (`serve --read-only-url`) finds the folder the writer built."""
    options = "&".join(f"{key}={value}" for key, value in sorted(url.query.items()))
    return f"{url.get_backend_name()}://{url.host or ''}:{url.port or ''}/{url.database or ''}?{options}"


def _sqlite_pragmas(connection: sqlite3.Connection, _record: Any) -> None:
    cursor = connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.execute(f"PRAGMA cache_size=-{_cache_mb() * 1024}")  # negative: in KiB
    cursor.close()


def _cache_mb() -> int:
    try:
        return max(1, int(os.environ.get(CACHE_VARIABLE, DEFAULT_CACHE_MB)))
    except ValueError:
        return DEFAULT_CACHE_MB
