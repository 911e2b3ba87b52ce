"""PostgreSQL beside SQLite on the same generated meetings: ingest and store rates, search latency.

    .venv/bin/python benchmarks/postgres.py --server postgresql+psycopg://postgres@127.0.0.1:5432
    .venv/bin/python benchmarks/postgres.py --server URL --meetings 2000 --markdown benchmarks/out/pg.md

`--server` is a PostgreSQL server URL without a database: each measurement creates its own fresh
database there (and drops it after), as it uses a fresh SQLite file. The pages come from
`minutebook.sample`, written once to a temporary folder. Measurements, each on both backends:
- ingest: `minutebook.ingest.ingest(engine, [folder])`, what `minutebook ingest FOLDER` runs;
- store alone: `store.save.save_batch` of the parsed records in ingest's batches, one process;
  on PostgreSQL also with COPY turned off (the executemany of INSERTs `store.bulk` replaces);
- lexical search: `search.query.search` of common and rare questions (top 20 with a total, as
  the site asks), p50 and p95 over `--repeat` runs each, on the database ingest filled.

Both backends answer search from the same tantivy index (`search.index`), so search differs only
in the rows it then reads from the database. Each row gives CPU time per meeting (this process
and the pool's workers) and the load average: the machine is shared, so wall clock is noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import sqlalchemy

from minutebook.ingest import BATCH_MEETINGS, ingest, read_source
from minutebook.sample import generate_council
from minutebook.search.fulltext import lexical_search as search
from minutebook.store import bulk
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from minutebook.store.save import save_batch
from report import Table, percentile, print_tables, write_markdown

T = TypeVar("T")
QUESTIONS = [
    "council committee",
    "planning application",
    '"adult social care"',
    "govern*",
    "taxi OR licensing",
]


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], T], server: str) -> tuple[T, float, float, float]:
    """What `work` gave, its wall-clock seconds, its CPU seconds here, the server's CPU seconds."""
    start, cpu, served = time.perf_counter(), cpu_seconds(), server_cpu_seconds(server)
    result = work()
    return (
        result,
        time.perf_counter() - start,
        cpu_seconds() - cpu,
        server_cpu_seconds(server) - served,
    )


def server_cpu_seconds(server: str) -> float:
    """CPU time of the PostgreSQL server's processes so far, read from /proc (the server on this
    machine, readable by its user or root): the postmaster's own and its reaped children's, and
    each live child's. 0 when it cannot be read (another machine): then the column says nothing."""
    try:
        engine = sqlalchemy.create_engine(f"{server}/postgres")
        with engine.connect() as connection:
            data = Path(connection.exec_driver_sql("SHOW data_directory").scalar_one())
        engine.dispose()
        postmaster = int((data / "postmaster.pid").read_text().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")

        def own(pid: int, reaped: bool) -> float:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return sum(int(v) for v in fields[11 : 15 if reaped else 13]) / ticks

        children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
        total = own(postmaster, reaped=True)
        for child in children:
            with contextlib.suppress(OSError):
                total += own(int(child), reaped=False)
        return total
    except (OSError, ValueError, sqlalchemy.exc.SQLAlchemyError):
        return 0.0


@contextlib.contextmanager
def fresh(backend: str, server: str, folder: Path) -> Iterator[sqlalchemy.Engine]:
    """A migrated, empty database: a SQLite file in `folder`, or a new database on `server`."""
    if backend == "sqlite":
        engine = open_engine(f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}")
        migrate(engine)
        yield engine
        engine.dispose()
        return
    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    engine = open_engine(f"{server}/{name}")
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


def search_times(engine: sqlalchemy.Engine, repeat: int) -> dict[str, tuple[int | None, list[float]]]:
    """Each question's total matches and its run times in ms (after one warm-up run)."""
    times: dict[str, tuple[int | None, list[float]]] = {}
    for question in QUESTIONS:
        found = search(engine, question, limit=20)
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            search(engine, question, limit=20)
            runs.append((time.perf_counter() - start) * 1000)
        times[question] = (found.total, runs)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server", required=True, help="PostgreSQL server URL, no database")
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()

    rates: list[list[str]] = []
    searches: list[list[str]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        os.environ["MINUTEBOOK_INDEX_DIR"] = str(work / "indexes")
        files = generate_council(work / "pages", meetings=args.meetings, seed=args.seed)
        parsed = [read_source(path) for path in files]
        meetings = [(one.as_dict, one.data) for one in parsed if one.as_dict is not None]
        paragraphs = sum(len(item["minutes"]) for record, _ in meetings for item in record["items"])

        def row(stage: str, backend: str, seconds: float, cpu: float, served: float) -> None:
            rates.append(
                [
                    stage,
                    backend,
                    f"{seconds:.1f}",
                    f"{len(files) / seconds:,.0f}",
                    f"{cpu / len(files) * 1000:.2f}",
                    f"{served / len(files) * 1000:.2f}" if backend == "postgresql" else "-",
                    f"{os.getloadavg()[0]:.1f}",
                ]
            )

        def store(engine: sqlalchemy.Engine) -> None:
            for start in range(0, len(meetings), BATCH_MEETINGS):
                save_batch(engine, meetings[start : start + BATCH_MEETINGS])

        for backend in ("sqlite", "postgresql"):
            with fresh(backend, args.server, work) as engine:
                _, seconds, cpu, served = timed(
                    lambda engine=engine: ingest(engine, [work / "pages"]), args.server
                )
                row("ingest: read+parse+store", backend, seconds, cpu, served)
                for question, (total, runs) in search_times(engine, args.repeat).items():
                    p50, p95 = statistics.median(runs), percentile(runs, 95)
                    searches.append(
                        [
                            question,
                            backend,
                            "-" if total is None else f"{total:,}",
                            f"{p50:.1f}",
                            f"{p95:.1f}",
                        ]
                    )
            with fresh(backend, args.server, work) as engine:
                _, seconds, cpu, served = timed(lambda engine=engine: store(engine), args.server)
                row(f"store alone ({BATCH_MEETINGS} a transaction)", backend, seconds, cpu, served)
        copy_from = bulk.MIN_ROWS
        bulk.MIN_ROWS = 10**9  # the executemany of INSERTs, for comparison
        with fresh("postgresql", args.server, work) as engine:
            _, seconds, cpu, served = timed(lambda engine=engine: store(engine), args.server)
            row("store alone, COPY off (executemany)", "postgresql", seconds, cpu, served)
        bulk.MIN_ROWS = copy_from

    notes = [
        f"{len(files):,} generated meetings ({paragraphs:,} minute paragraphs); PostgreSQL at {args.server} "
        f"(its own settings); {os.cpu_count()} cores shared with other work (load average in each row).",
    ]
    tables = [
        (
            "Ingest and store, side by side",
            (
                [
                    "stage",
                    "backend",
                    "seconds",
                    "meetings/s",
                    "CPU ms/meeting",
                    "server CPU ms/meeting",
                    "load after",
                ],
                rates,
            ),
        ),
        (
            f"Lexical search, top 20 with total, {args.repeat} runs each",
            (["query", "backend", "matches", "p50 ms", "p95 ms"], searches),
        ),
    ]
    table_list: list[tuple[str, Table]] = tables  # type: ignore[assignment]
    print_tables(notes, table_list)
    if args.markdown:
        write_markdown(args.markdown, "PostgreSQL beside SQLite", notes, table_list)


if __name__ == "__main__":
    main()
