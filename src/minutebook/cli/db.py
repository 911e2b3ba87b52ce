"""`minutebook db`: create or upgrade the database, check it is fit to serve, rebuild its search index.

`db check` prints one line per check and exits 1 when any fails:
- migrations: the database's Alembic revision is this version of minutebook's newest;
- search index: the tantivy index (`search.index`) exists and reflects the database's version
  (what `db reindex`, or the first search, brings it to);
- indexes (PostgreSQL): no index is left invalid (`pg_index.indisvalid`), as a failed
  `CREATE INDEX CONCURRENTLY` or an interrupted restore leaves one: the planner skips it and
  queries that need it slow down without an error;
- semantic search (PostgreSQL): whether vectors are stored in pgvector (`search.pgvector`), and all
  of them in its column; a server without pgvector is a notice, not a failure (the embedded index
  answers there).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import typer
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from minutebook.cli.app import app, console, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.store import database_url, migrate, open_engine
from minutebook.store.migrate import alembic_config

db_app = typer.Typer(help="Look after the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@dataclass(frozen=True)
class Finding:
    """The outcome of one check: its name, whether it passed, and what was found."""

    check: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.check}: {self.detail}"


@db_app.command()
@one_line_errors
def upgrade(database: DatabaseOption = None) -> None:
    """Create the tables, or upgrade them to this version of minutebook."""
    migrate(open_engine(database))
    console.print(f"database {database_url(database)} is up to date", highlight=False, markup=False)


@db_app.command()
@one_line_errors
def check(database: DatabaseOption = None) -> None:
    """Check migrations, the search index and (PostgreSQL) index validity; exit 1 on a failure."""
    findings = run_checks(open_engine(database))
    for finding in findings:
        typer.echo(finding.line())  # one line each, however narrow the terminal
    if not all(finding.ok for finding in findings):
        raise typer.Exit(1)


@db_app.command()
@one_line_errors
def reindex(database: DatabaseOption = None) -> None:
    """Bring the search index up to date with the database, building it whole if it is missing
    (after a restore, or on a new web server with its own index folder)."""
    from minutebook.search.index import SearchIndex, index_location, refresh_index

    engine = open_engine(database)
    path = index_location(engine)
    if path is None:
        refresh_index(engine)
    else:
        # Opened afresh, not the process's cached index: that one may predate a folder removed since.
        with engine.connect() as connection:
            SearchIndex(path).current(connection)
    console.print(f"search index {path} is up to date", highlight=False, markup=False)


def run_checks(engine: Engine) -> list[Finding]:
    """Every check that applies to `engine`'s database, in order; a check that cannot run fails."""
    checks: list[tuple[str, Callable[[Engine], Finding]]] = [
        ("migrations", migrations_current),
        ("search index", search_index_current),
    ]
    if engine.dialect.name == "postgresql":
        checks.append(("indexes", indexes_valid))
        checks.append(("semantic search", semantic_store))
    findings = []
    for name, one in checks:
        try:
            findings.append(one(engine))
        except (SQLAlchemyError, OSError) as error:
            message = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            findings.append(Finding(name, False, message))
    return findings


def migrations_current(engine: Engine) -> Finding:
    with engine.connect() as connection:
        have = MigrationContext.configure(connection).get_current_heads()
        newest = ScriptDirectory.from_config(alembic_config(connection)).get_heads()
    if set(have) == set(newest):
        return Finding("migrations", True, f"at {', '.join(newest)}, the newest")
    found = ", ".join(have) or "none (no minutebook tables)"
    return Finding(
        "migrations", False, f"at {found}, newest is {', '.join(newest)}: run `minutebook db upgrade`"
    )


def search_index_current(engine: Engine) -> Finding:
    from minutebook.search.index import META, database_stamp, index_location

    path = index_location(engine)
    if path is None:
        return Finding("search index", True, "in memory, built on first search")
    with engine.connect() as connection:
        wanted = database_stamp(connection)
    try:
        stamp = json.loads((path / META).read_text())
    except FileNotFoundError:
        return Finding("search index", False, f"missing at {path}: run `minutebook db reindex`")
    except ValueError:
        return Finding("search index", False, f"unreadable at {path}: run `minutebook db reindex`")
    if stamp.get("token") != wanted.token:
        return Finding("search index", False, f"{path} is another database's: run `minutebook db reindex`")
    if stamp.get("version") != wanted.version:
        behind = f"at version {stamp.get('version')}, the database at {wanted.version}"
        return Finding("search index", False, f"{path} {behind}: run `minutebook db reindex`")
    return Finding("search index", True, f"{path} at version {wanted.version}, current")


# Indexes of the tables in the connection's schema search path that are not valid (or not ready).
INVALID_INDEXES = text(
    """
    SELECT c.relname AS index, t.relname AS "table"
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready)
    ORDER BY t.relname, c.relname
    """
)
INDEX_COUNT = text(
    """
    SELECT count(*), count(DISTINCT i.indrelid)
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema()
    """
)


def indexes_valid(engine: Engine) -> Finding:
    with engine.connect() as connection:
        return _indexes_valid_in(connection)


def _indexes_valid_in(connection: Connection) -> Finding:
    invalid = connection.execute(INVALID_INDEXES).all()
    if invalid:
        listed = ", ".join(f"{row.index} on {row.table}" for row in invalid)
        return Finding("indexes", False, f"not valid: {listed} (REINDEX INDEX CONCURRENTLY each)")
    indexes, tables = connection.execute(INDEX_COUNT).one()
    return Finding("indexes", True, f"{indexes} on {tables} tables, all valid")


def semantic_store(engine: Engine) -> Finding:
    from minutebook.search import pgvector, semantic

    notice = pgvector.notice(engine)
    if notice:
        return Finding("semantic search", True, notice)
    with engine.connect() as connection:
        version, missing = pgvector.version(connection), pgvector.missing(connection, semantic.MODEL)
    if missing:
        return Finding(
            "semantic search",
            False,
            f"pgvector {version}: {missing} vectors not in its column: run `minutebook embed`",
        )
    return Finding("semantic search", True, f"pgvector {version}, vectors in its HNSW-indexed column")
