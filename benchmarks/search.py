"""Search latency at scale: minutebook's search (tantivy, BM25 over every match), raw FTS5 and
Datasette, on one database.

    .venv/bin/python benchmarks/search.py                         # >= 1M paragraphs (first run builds it)
    .venv/bin/python benchmarks/search.py --paragraphs 50000      # a quick run
    .venv/bin/python benchmarks/search.py --markdown benchmarks/out/search.md

The database is built once per size and kept in benchmarks/data/ (gitignored): a generated
council's records (`minutebook.sample.generated_meetings`) saved through `minutebook.store`,
skipping the text round trip (reading and parsing is what benchmarks/ingest.py measures).
Later runs reuse it. minutebook's own index (beside the file, `minutebook.search.index`) is
built on the first search and timed; the FTS5 table Datasette and the FTS5 row search need is
built by this script (minutebook itself no longer keeps one).

Every query of the mix runs once to warm the caches, then `--repeat` times on each engine:
- minutebook: `minutebook.search.fulltext.lexical_search(engine, query, limit=20)` (the lexical
  mode of `minutebook.search.search`), ranked hits with citations and snippets;
- FTS5: `SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 20`;
- Datasette: its table JSON, `/db/search_entries.json?_search=...&_searchmode=raw&_size=20`,
  through its Python client (no HTTP), as it comes (it also counts all matches, unranked), and
  with `_nocount=1`. Its 1 s SQL time limit is raised so slow queries finish instead of failing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlencode

from datasette.app import Datasette
from sqlalchemy import event

from databases import partial_of, promote
from minutebook.sample import PLACES, generated_meetings
from minutebook.search.fulltext import lexical_search as search
from minutebook.search.index import compile_query, entry_ids, index_for, index_location, refresh_index
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from minutebook.store.save import save_in
from report import Table, percentile, print_tables, write_markdown

T = TypeVar("T")
DATA = Path(__file__).with_name("data")
PARAGRAPHS_PER_MEETING = 28  # a little under the generator's mean, so the target is reached
TARGET_P95_MS = 30

# (kind, query): minutebook's syntax, which for these queries is also FTS5's.
QUERIES = [
    ("rare word", PLACES.items[2000]),  # place names far down the generator's Zipf tail
    ("rare word", PLACES.items[6000]),
    ("uncommon word", "hedgehogs"),
    ("phrase", '"adult social care"'),
    ("phrase", '"child sexual exploitation"'),
    ("prefix", "govern*"),
    ("prefix", "regen*"),
    ("boolean", "taxi OR licensing"),
    ("boolean", "housing NOT council"),
    ("common words", "council committee"),
    ("common words", "planning application"),
    ("common words", "report noted"),
    ("question", "what did Councillor Russell get appointed to"),
    ("question", "support for people losing their jobs"),
]


def build(db: Path, paragraphs: int, seed: int) -> dict[str, object]:
    """Generate a council big enough for `paragraphs` minute paragraphs and save it into `db`.

    The records come straight from the generator (`generated_meetings`), skipping the text round
    trip: reading and parsing 35,000 pages would take most of an hour on 2 cores. They are saved
    through the store (`save_in`, 500 meetings a transaction), so the tables, triggers and FTS5
    index are exactly those `minutebook ingest` fills."""
    meetings = paragraphs // PARAGRAPHS_PER_MEETING + 1
    partial = partial_of(db)
    engine = open_engine(f"sqlite:///{partial}")
    migrate(engine)
    print(f"generating and saving {meetings:,} meetings ...", flush=True)
    start = time.perf_counter()
    stored = 0
    for batch in batched(generated_meetings(meetings, seed=seed), 500):
        with engine.begin() as connection:
            for meeting in batch:
                save_in(connection, meeting.record, meeting.text.encode("utf-8"))
        stored += len(batch)
        print(f"  {stored:,} meetings", flush=True)
    seconds = time.perf_counter() - start
    engine.dispose()
    promote(partial, db)
    return {
        "meetings": stored,
        "seed": seed,
        "build": "generated records (minutebook.sample.generated_meetings) saved through minutebook.store, "
        "no text round trip",
        "build_seconds": round(seconds),
    }


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def database(paragraphs: int, seed: int) -> tuple[Path, dict[str, object]]:
    """The cached database for this size, built first if need be, and what it holds."""
    DATA.mkdir(exist_ok=True)
    db = DATA / f"search-{paragraphs}-seed{seed}.db"
    about = db.with_suffix(".json")
    if db.exists() and about.exists():
        engine = open_engine(f"sqlite:///{db}")
        migrate(engine)  # in case the schema moved on since the build
        engine.dispose()
        return db, json.loads(about.read_text())
    facts = build(db, paragraphs, seed)
    with sqlite3.connect(db) as conn:
        facts["entries"] = dict(
            conn.execute("SELECT kind, count(*) FROM search_entries GROUP BY kind").fetchall()
        )
    facts["megabytes"] = round(db.stat().st_size / 1e6)
    about.write_text(json.dumps(facts, indent=2))
    return db, facts


# For the comparison only: the FTS5 index minutebook kept before (migration 0001), filled at once.
FTS5 = """
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(text, content='search_entries', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO search_fts(search_fts) VALUES ('rebuild');
"""


def index_build(db: Path) -> float:
    """Seconds to bring minutebook's search index up to date (whole, the first time)."""
    engine = open_engine(f"sqlite:///{db}")
    start = time.perf_counter()
    refresh_index(engine)
    engine.dispose()
    return time.perf_counter() - start


def timings(run: Callable[[str], object], query: str, repeat: int) -> list[float]:
    run(query)  # warm-up: caches, compiled statements
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(query)
        result.append((time.perf_counter() - start) * 1000)
    return result


def engines(db: Path) -> dict[str, Callable[[str], object]]:
    """Each way of answering a query, as a function of the query."""
    engine = open_engine(f"sqlite:///{db}")
    conn = sqlite3.connect(db)
    fts = "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 20"
    datasette = Datasette(
        [str(db)],
        settings={"sql_time_limit_ms": 600_000, "suggest_facets": False},
        metadata={
            "databases": {
                db.stem: {"tables": {"search_entries": {"fts_table": "search_fts", "fts_pk": "id"}}}
            }
        },
    )
    loop = asyncio.new_event_loop()

    def through_datasette(query: str, **extra: str) -> object:
        params = urlencode({"_search": query, "_searchmode": "raw", "_size": 20, **extra})
        response = loop.run_until_complete(datasette.client.get(f"/{db.stem}/search_entries.json?{params}"))
        if response.status_code != 200:
            raise SystemExit(f"Datasette answered {response.status_code} to {query!r}: {response.text[:200]}")
        return response.json()

    return {
        "minutebook": lambda q: search(engine, q, limit=20),
        "FTS5 ranked": lambda q: conn.execute(fts, (q,)).fetchall(),
        "Datasette": through_datasette,
        "Datasette _nocount": lambda q: through_datasette(q, _nocount="1"),
    }


def median(values: list[float]) -> float:
    return percentile(values, 50)


def per_query_table(times: dict[str, dict[str, list[float]]], matches: dict[str, int]) -> Table:
    """Median milliseconds of each query on each engine, and minutebook's time over Datasette's."""
    headers = [
        "kind",
        "query",
        "FTS5 matches (every word)",
        *[f"{name} p50 ms" for name in times],
        "minutebook p95 ms",
        "minutebook / Datasette",
    ]
    rows = []
    for kind, query in QUERIES:
        both = "minutebook" in times and "Datasette" in times
        ratio = median(times["minutebook"][query]) / median(times["Datasette"][query]) if both else None
        medians = [f"{median(times[name][query]):.1f}" for name in times]
        p95 = f"{percentile(times['minutebook'][query], 95):.1f}" if "minutebook" in times else "-"
        rows.append([kind, query, f"{matches[query]:,}", *medians, p95, f"{ratio:.2f}" if ratio else "-"])
    return headers, rows


def overall_table(times: dict[str, dict[str, list[float]]]) -> Table:
    """Percentiles over every timed run of the mix, and over the common-word queries alone."""
    common = [query for kind, query in QUERIES if kind == "common words"]
    rows = []
    for name, by_query in times.items():
        every = [t for runs in by_query.values() for t in runs]
        common_runs = [t for query in common for t in by_query[query]]
        rows.append(
            [
                name,
                *(f"{value:.1f}" for value in (median(every), percentile(every, 95), max(every))),
                f"{percentile(common_runs, 95):.1f}",
            ]
        )
    return ["engine", "p50 ms", "p95 ms", "max ms", "p95 common words ms"], rows


def statement_profile(db: Path, query: str) -> Table:
    """Where minutebook's time goes on one query: each SQL statement it runs, timed through
    SQLAlchemy's cursor events (so nothing of the search module is copied here) from execute to
    its first row — a sort or an aggregate is done by then, rows streamed after it count as "the
    rest". The median of 3 runs."""
    engine = open_engine(f"sqlite:///{db}")
    steps: list[tuple[str, float]] = []
    started: list[float] = []

    @event.listens_for(engine, "before_cursor_execute")
    def before(*_: object) -> None:
        started.append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def after(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        steps.append((" ".join(statement.split()), (time.perf_counter() - started.pop()) * 1000))

    search(engine, query, limit=20)  # warm-up
    runs = []
    for _ in range(3):
        steps.clear()
        start = time.perf_counter()
        search(engine, query, limit=20)
        runs.append(((time.perf_counter() - start) * 1000, list(steps)))
    engine.dispose()
    total, median_steps = sorted(runs, key=lambda run: run[0])[1]
    rows = [[f"{ms:.1f}", statement[:150]] for statement, ms in median_steps]
    rows.append(
        [
            f"{total - sum(ms for _, ms in median_steps):.1f}",
            "(the rest: fetching rows after the first, parsing the query, making hits)",
        ]
    )
    rows.append([f"{total:.1f}", "total"])
    return ["ms", "SQL statement (first 150 characters)"], rows


def exactness_table(db: Path) -> Table:
    """minutebook's top 10 (block-max WAND: postings that cannot reach the top are skipped)
    against the top 10 of scoring every match (tantivy counting as it ranks visits them all),
    with the matches counted: recall@10 of the pruned ranking against exhaustive ranking."""
    engine = open_engine(f"sqlite:///{db}")
    rows = []
    with engine.connect() as connection:
        searcher = index_for(engine).searcher(connection)
        for kind, query in QUERIES:
            compiled = compile_query(searcher, query)
            pruned = searcher.search(compiled, 10, count=False).hits
            every = searcher.search(compiled, 10, count=True)
            same = set(entry_ids(searcher, pruned)) & set(entry_ids(searcher, every.hits))
            rows.append([kind, query, f"{every.count:,}", f"{len(same) / max(len(every.hits), 1):.2f}"])
    engine.dispose()
    return ["kind", "query", "matches (minutebook)", "recall@10 vs scoring every match"], rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--paragraphs", type=int, default=1_000_000, help="minute paragraphs in the database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query on each engine")
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown to this file")
    parser.add_argument(
        "--engines", nargs="+", help="time only these (e.g. minutebook); the ratio column needs Datasette"
    )
    args = parser.parse_args()

    db, facts = database(args.paragraphs, args.seed)
    with sqlite3.connect(db) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'").fetchone():
            print("building the FTS5 table for the comparison ...", flush=True)
            conn.executescript(FTS5)
    indexing = index_build(db)
    index_mb = sum(f.stat().st_size for f in index_location(open_engine(f"sqlite:///{db}")).iterdir()) / 1e6
    runs = {name: run for name, run in engines(db).items() if not args.engines or name in args.engines}
    with sqlite3.connect(db) as conn:
        matches = {
            q: conn.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (q,)).fetchone()[0]
            for _, q in QUERIES
        }
    times: dict[str, dict[str, list[float]]] = {name: {} for name in runs}
    for kind, query in QUERIES:
        print(f"{kind}: {query} ...", flush=True)
        for name, run in runs.items():
            times[name][query] = timings(run, query, args.repeat)

    slowest = max((q for _, q in QUERIES), key=lambda q: median(next(iter(times.values()))[q]))
    tables = [
        ("Latency over the query mix", overall_table(times)),
        ("Per query", per_query_table(times, matches)),
        (f"Where minutebook's time goes on its slowest query, {slowest}", statement_profile(db, slowest)),
        ("Exact ranking", exactness_table(db)),
    ]
    entries = facts.get("entries", {})
    notes = [
        f"Database: {facts['meetings']:,} meetings, {entries.get('paragraph', 0):,} minute paragraphs, "
        f"{sum(entries.values()):,} indexed entries in all, {facts['megabytes']} MB; built by "
        f"{facts['build']} in {facts['build_seconds']} s.",
        f"minutebook's index: {index_mb:.0f} MB beside the database; bringing it up to date took "
        f"{indexing:.1f} s on this run (the whole index when first built).",
        f"{len(QUERIES)} queries x {args.repeat} timed runs per engine after one warm-up; target: minutebook "
        f"p95 <= {TARGET_P95_MS} ms.",
    ]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "Search", notes, tables)


if __name__ == "__main__":
    main()
