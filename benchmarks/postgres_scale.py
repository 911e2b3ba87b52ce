"""Search on PostgreSQL beside SQLite at benchmarks/search.py's generated database (1M paragraphs).

    .venv/bin/python benchmarks/postgres_scale.py --server postgresql+psycopg://postgres@127.0.0.1:5432
    .venv/bin/python benchmarks/postgres_scale.py --server URL --markdown benchmarks/out/pg-scale.md

The SQLite database is the one benchmarks/search.py builds and keeps in benchmarks/data/
(`search-1000000-seed1.db`, 35,715 generated meetings: run that script first). Its rows are
copied into a PostgreSQL database on `--server` by COPY, table by table with their ids (kept
between runs as `minutebook_search_1000000`), and its search index folder is copied to where
PostgreSQL's index belongs (`search.index.index_location`): the database's index state is
copied with the rows, so the copy is current, as a restore with its index folder would be.

Every question then runs once to warm up and `--repeat` times on each backend through
`search.fulltext.lexical_search(engine, q, limit=20)`, the site's lexical search: p50 and p95.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import time
from pathlib import Path

import sqlalchemy

from minutebook.search.fulltext import lexical_search
from minutebook.search.index import index_location
from minutebook.store import schema as t
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from report import percentile, print_tables, write_markdown

DATA = Path(__file__).with_name("data")
QUESTIONS = [
    ("common words", "council committee"),
    ("common words", "planning application"),
    ("common words", "report noted"),
    ("phrase", '"adult social care"'),
    ("prefix", "govern*"),
    ("boolean", "taxi OR licensing"),
    ("uncommon word", "hedgehogs"),
    ("question", "support for people losing their jobs"),
]


def load(sqlite_db: Path, url: str) -> float:
    """Copy every minutebook table of `sqlite_db` into the (migrated, emptied) database at `url`;
    seconds taken. Ids are copied, then each id sequence set past the largest."""
    start = time.perf_counter()
    engine = open_engine(url)
    migrate(engine)
    source = sqlite3.connect(f"file:{sqlite_db}?mode=ro", uri=True)
    present = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables = [table for table in t.metadata.sorted_tables if table.name in present]
    with engine.begin() as connection:
        names = ", ".join(f'"{table.name}"' for table in tables)
        connection.exec_driver_sql(f"TRUNCATE {names} CASCADE")
        raw = connection.connection.driver_connection
        for table in tables:
            have = {row[1] for row in source.execute(f'PRAGMA table_info("{table.name}")')}
            columns = [column.name for column in table.columns if column.name in have]
            listed = ", ".join(f'"{name}"' for name in columns)
            booleans = [isinstance(table.c[name].type, sqlalchemy.Boolean) for name in columns]
            print(f"  {table.name} ...", flush=True)
            with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({listed}) FROM STDIN') as copy:
                for row in source.execute(f'SELECT {listed} FROM "{table.name}"'):
                    copy.write_row(
                        [
                            bool(v) if flag and v is not None else v
                            for v, flag in zip(row, booleans, strict=True)
                        ]
                    )
            if "id" in columns and isinstance(table.c.id.type, sqlalchemy.Integer):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f'coalesce((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
                )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    folder = index_location(engine)
    assert folder is not None
    shutil.rmtree(folder, ignore_errors=True)
    beside = sqlite_db.with_name(sqlite_db.name + ".search")
    if beside.exists():  # else the first search builds it
        shutil.copytree(beside, folder)
    engine.dispose()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server", required=True, help="PostgreSQL server URL, no database")
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reload", action="store_true", help="copy the rows again even if present")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    sqlite_db = DATA / f"search-{args.paragraphs}-seed1.db"
    name = f"minutebook_search_{args.paragraphs}"
    url = f"{args.server}/{name}"
    admin = sqlalchemy.create_engine(f"{args.server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %(n)s", {"n": name})
        if exists.first() is None:
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
            args.reload = True
    admin.dispose()
    notes = []
    if args.reload:
        seconds = load(sqlite_db, url)
        notes.append(
            f"Loaded into PostgreSQL by COPY in {seconds:.0f} s (rows, VACUUM ANALYZE, index folder)."
        )
    engines = {"sqlite": open_engine(f"sqlite:///{sqlite_db}"), "postgresql": open_engine(url)}
    with engines["postgresql"].connect() as connection:
        entries = connection.exec_driver_sql("SELECT count(*) FROM search_entries").scalar_one()
        paragraphs = connection.exec_driver_sql("SELECT count(*) FROM paragraphs").scalar_one()
        size = connection.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one()
    rows: list[list[str]] = []
    overall: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    for kind, question in QUESTIONS:
        tops = {}
        for backend, engine in engines.items():
            found = lexical_search(engine, question, limit=20)  # warm-up
            tops[backend] = [(hit.meeting_id, hit.kind, hit.ref, hit.line) for hit in found.hits]
            runs = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                lexical_search(engine, question, limit=20)
                runs.append((time.perf_counter() - start) * 1000)
            overall[backend] += runs
            rows.append(
                [
                    kind,
                    question,
                    backend,
                    "-" if found.total is None else f"{found.total:,}",
                    f"{statistics.median(runs):.1f}",
                    f"{percentile(runs, 95):.1f}",
                ]
            )
        same = len(set(tops["sqlite"][:10]) & set(tops["postgresql"][:10]))
        rows[-1].append(f"{same}/10")
        rows[-2].append("")
    for backend, runs in overall.items():
        rows.append(
            ["all", "", backend, "", f"{statistics.median(runs):.1f}", f"{percentile(runs, 95):.1f}", ""]
        )
    notes.insert(
        0,
        f"{paragraphs:,} paragraphs, {entries:,} search entries; PostgreSQL database {size / 1e9:.1f} GB; "
        f"{args.repeat} runs per question per backend; load average {os.getloadavg()[0]:.1f} at the end.",
    )
    headers = ["kind", "query", "backend", "matches", "p50 ms", "p95 ms", "top-10 shared"]
    tables = [("Lexical search at scale, top 20", (headers, rows))]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "PostgreSQL search at scale", notes, tables)
    for engine in engines.values():
        engine.dispose()


if __name__ == "__main__":
    main()
