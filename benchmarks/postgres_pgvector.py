"""Semantic search in PostgreSQL with pgvector beside the embedded index: same hits, recall, latency.

    .venv/bin/python benchmarks/postgres_pgvector.py relevance
    .venv/bin/python benchmarks/postgres_pgvector.py scale --vectors 100000
    .venv/bin/python benchmarks/postgres_pgvector.py scale --vectors 1000000

Both start PostgreSQL 16 with pgvector 0.6 from the `pgserver` wheel (the test extra) in
`--folder` (kept between runs, so a loaded database is loaded once), or use `--server`.

`relevance`: the documents of ../shared are ingested (as benchmarks/relevance.py does) into a
SQLite file and a pgvector database, the SQLite one embedded by `semantic.embed` and its vectors
copied to PostgreSQL's entries of the same text (so the model runs once); then every question of
benchmarks/relevance/questions.json runs in semantic and hybrid mode (limit 10) on each, and the
hits are compared by what they cite (meeting, kind, ref, line, item): shared of 10, and nDCG@10 of
each backend as benchmarks/relevance.py scores it.

`scale`: the rows of benchmarks/data/semantic-1000000.db (1.74M search entries, 1M stand-in
vectors; benchmarks/semantic.py latency --synthetic builds it) are copied into PostgreSQL by COPY,
and the first `--vectors` of its vectors into the pgvector column (the HNSW index dropped, then
built: timed). Then, as benchmarks/semantic.py measures the embedded index: each question in
semantic and hybrid mode through `minutebook.search.search` (limit 20, the question embedded each
time), p50/p95 by the wall clock and CPU; the time of the pgvector query alone, and with a date
filter; recall@10 against exact search over the same vectors for `--recall` questions; and, when
every vector is loaded, the top-10 overlap with the embedded index of the SQLite file.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import sqlalchemy
from sqlalchemy import text

import report
from minutebook.search import hybrid, pgvector, search, semantic
from minutebook.store import open_engine

DATA = Path(__file__).with_name("data")
SEMANTIC_DB = DATA / "semantic-1000000.db"
DATABASE = "minutebook_pgvector"


@contextmanager
def server(folder: Path, given: str | None) -> Iterator[str]:
    """A PostgreSQL server URL (no database): `given`, or pgserver's in `folder`."""
    if given:
        yield given
        return
    import pgserver

    started = pgserver.get_server(folder, cleanup_mode="stop")
    try:
        yield f"postgresql+psycopg://postgres@/?host={folder}"
    finally:
        started.cleanup()


def database_url(server_url: str, name: str) -> str:
    base, _, query = server_url.partition("/?")
    return f"{base}/{name}" + (f"?{query}" if query else "")


def create_database(server_url: str, name: str) -> bool:
    """Create `name` unless it exists; whether it was created."""
    admin = sqlalchemy.create_engine(database_url(server_url, "postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if connection.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %(n)s", {"n": name}).first():
            admin.dispose()
            return False
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return True


def _p50_p95(times: list[float]) -> str:
    return f"p50 {report.percentile(times, 50):6.1f} ms  p95 {report.percentile(times, 95):6.1f} ms"


# --- relevance ----------------------------------------------------------------------------------


def relevance(server_url: str) -> None:
    from relevance import SETS, SHARED, build, item_index, load_questions, run, summary

    questions = load_questions()
    name = f"relevance_{uuid.uuid4().hex[:8]}"
    create_database(server_url, name)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MINUTEBOOK_INDEX_DIR"] = str(Path(folder) / "indexes")
        urls = {
            "sqlite": f"sqlite:///{Path(folder) / 'relevance.db'}",
            "pgvector": database_url(server_url, name),
        }
        for url in urls.values():
            build(url, [SHARED / one for one in SETS])
        engines = {backend: open_engine(url) for backend, url in urls.items()}
        started = time.perf_counter()
        done = semantic.embed(engines["sqlite"], semantic.load_model())
        print(f"embedded {done.embedded} entries in {time.perf_counter() - started:.0f} s (SQLite)")
        print(f"copied {copy_vectors(engines['sqlite'], engines['pgvector'])} vectors to pgvector by text")
        for mode in ("semantic", "hybrid"):
            tops = {
                backend: [
                    [hybrid.hit_key(h) for h in search(e, q.query, mode=mode, limit=10).hits]
                    for q in questions
                ]
                for backend, e in engines.items()
            }
            shared = [len(set(a) & set(b)) for a, b in zip(tops["sqlite"], tops["pgvector"], strict=True)]
            same = sum(a == b for a, b in zip(tops["sqlite"], tops["pgvector"], strict=True))
            print(
                f"{mode}: {len(questions)} questions, top 10 shared mean {statistics.mean(shared):.2f}/10,"
                f" lowest {min(shared)}/10, identical in order for {same}"
            )
            for question, count in zip(questions, shared, strict=True):
                if count < 10:
                    print(f"  {question.id} {question.query!r}: {count}/10")
        for backend, engine in engines.items():
            outcomes, unavailable = run(engine, questions, ["semantic", "hybrid"], item_index(engine))
            assert not unavailable, unavailable
            for mode, rows in summary(outcomes).items():
                print(
                    f"{backend:8s} {mode:8s} nDCG@10 {rows['all']['ndcg@10']:.3f}"
                    f"  recall@20 {rows['all']['recall@20']:.3f}"
                )
            engine.dispose()
    admin = sqlalchemy.create_engine(database_url(server_url, "postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    admin.dispose()


def copy_vectors(source: sqlalchemy.Engine, target: sqlalchemy.Engine) -> int:
    """Store `source`'s vectors for `target`'s entries of the same text; how many."""
    with source.connect() as connection:
        by_digest = dict(
            connection.execute(
                text("SELECT digest, vector FROM search_vectors WHERE model = :m"), {"m": semantic.MODEL}
            ).all()
        )
    assert semantic.ensure_tables(target), "the target has no pgvector"
    with target.begin() as connection:
        entries = connection.execute(text("SELECT id, text FROM search_entries")).all()
        rows = [
            {"model": semantic.MODEL, "entry_id": i, "digest": d, "vector": by_digest[d]}
            for i, t in entries
            if (d := semantic.digest(t)) in by_digest
        ]
        pgvector.insert(connection, rows)
        semantic._bump(connection, semantic.MODEL)
    return len(rows)


# --- scale --------------------------------------------------------------------------------------


def load_rows(url: str) -> None:
    """The semantic-1000000 database's tables (not its vectors) into `url`, by COPY."""
    from postgres_scale import load

    print(f"copying {SEMANTIC_DB.name} into PostgreSQL ...", flush=True)
    seconds = load(SEMANTIC_DB, url)
    print(f"rows copied in {seconds:.0f} s", flush=True)


def load_vectors(engine: sqlalchemy.Engine, count: int) -> None:
    """The first `count` vectors of the SQLite file into the pgvector column (those not there yet),
    then the HNSW index built again over all of them (timed)."""
    assert semantic.ensure_tables(engine), pgvector.notice(engine)
    with engine.connect() as connection:
        have = connection.execute(
            text("SELECT count(*), coalesce(max(entry_id), 0) FROM search_vectors")
        ).one()
    if have[0] >= count:
        return
    source = sqlite3.connect(f"file:{SEMANTIC_DB}?mode=ro", uri=True)
    rows = source.execute(
        "SELECT entry_id, digest, vector FROM search_vectors WHERE model = ? AND entry_id > ?"
        " ORDER BY entry_id LIMIT ?",
        (semantic.MODEL, have[1], count - have[0]),
    )
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {pgvector.INDEX}")
        raw = connection.connection.driver_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(
                "COPY search_vectors (model, entry_id, digest, vector, embedding) FROM STDIN"
            ) as copy,
        ):
            for entry_id, digest, blob in rows:
                copy.write_row((semantic.MODEL, entry_id, digest, blob, pgvector.from_float16(blob)))
        semantic._bump(connection, semantic.MODEL)
    copied = time.perf_counter() - started
    print(f"vectors copied ({count - have[0]}) in {copied:.0f} s; building the HNSW index ...", flush=True)
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("SET maintenance_work_mem = '6GB'")
        connection.exec_driver_sql("SET max_parallel_maintenance_workers = 2")
        pgvector.prepare(connection)  # the index again, with the memory to build it in
        connection.exec_driver_sql("VACUUM ANALYZE search_vectors")
    print(f"HNSW index built in {time.perf_counter() - started:.0f} s", flush=True)


def scale(server_url: str, vectors: int, repeat: int, recall: int) -> None:
    from semantic import time_modes

    print(f"load average {os.getloadavg()[0]:.1f}, CPU check {report.cpu_check():.2f} s (idle: ~0.25 s)")
    url = database_url(server_url, DATABASE)
    if create_database(server_url, DATABASE):
        load_rows(url)
    engine = open_engine(url)
    load_vectors(engine, vectors)
    sizes(engine)
    started = time.perf_counter()
    search(engine, "warm the lexical index", mode="lexical")
    print(f"lexical index ready in {time.perf_counter() - started:.0f} s")
    time_modes(engine, ("semantic", "hybrid"), repeat)
    stage_times(engine, repeat)
    asked = questions_and_texts(engine, recall)
    recall_against_exact(engine, asked)
    if vectors >= 1_000_000:
        overlap_with_embedded(engine, asked)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    engine.dispose()


def sizes(engine: sqlalchemy.Engine) -> None:
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM search_vectors")).scalar_one()
        table, index = connection.execute(
            text("SELECT pg_total_relation_size('search_vectors'), pg_relation_size(:i)"),
            {"i": pgvector.INDEX},
        ).one()
        version = pgvector.version(connection)
    print(
        f"pgvector {version}: {count} vectors; search_vectors with its indexes {table / 2**20:.0f} MB,"
        f" of which the HNSW index {index / 2**20:.0f} MB"
    )


def stage_times(engine: sqlalchemy.Engine, repeat: int) -> None:
    """The pgvector query alone (question already embedded), unfiltered and with a date filter."""
    from semantic import QUESTIONS

    with engine.connect() as connection:  # the latest quarter of the embedded entries' dates
        since = connection.execute(
            text(
                "SELECT percentile_disc(0.75) WITHIN GROUP (ORDER BY e.date) FROM search_entries e"
                " JOIN search_vectors v ON v.entry_id = e.id"
            )
        ).scalar_one()
    for label, where, params in (
        ("nearest, no filter", "", {}),
        (f"nearest, since {since}", " AND e.date >= :since", {"since": since}),
        ("nearest, kind=action", " AND e.kind = :kind", {"kind": "action"}),
    ):
        times = []
        for question in QUESTIONS:
            vector = semantic.embed_query(question)
            for _ in range(repeat):
                t = time.perf_counter()
                found = pgvector.nearest(engine, vector, semantic.MODEL, where, params, hybrid.DEPTH)
                times.append((time.perf_counter() - t) * 1000)
            assert len(found) == hybrid.DEPTH, (label, len(found))
        print(f"  {label:28s} {_p50_p95(times)}")


def questions_and_texts(engine: sqlalchemy.Engine, count: int) -> np.ndarray:
    """The benchmark's questions and random entries' texts, embedded."""
    from semantic import QUESTIONS

    with engine.connect() as connection:
        top = connection.execute(text("SELECT max(entry_id) FROM search_vectors")).scalar_one()
        random.seed(4)
        picked = [random.randint(1, top) for _ in range(count)]
        found = connection.execute(
            text("SELECT text FROM search_entries WHERE id IN :ids").bindparams(
                sqlalchemy.bindparam("ids", expanding=True)
            ),
            {"ids": picked},
        ).scalars()
        texts = [*QUESTIONS, *list(found)[: max(0, count - len(QUESTIONS))]]
    model = semantic.load_model()
    assert model is not None
    return np.concatenate([model.encode(texts[i : i + 16]) for i in range(0, len(texts), 16)])


def _stored_vectors(engine: sqlalchemy.Engine) -> tuple[np.ndarray, np.ndarray]:
    with engine.connect() as connection:
        top = connection.execute(text("SELECT max(entry_id) FROM search_vectors")).scalar_one()
    source = sqlite3.connect(f"file:{SEMANTIC_DB}?mode=ro", uri=True)
    rows = source.execute(
        "SELECT entry_id, vector FROM search_vectors WHERE model = ? AND entry_id <= ? ORDER BY entry_id",
        (semantic.MODEL, top),
    ).fetchall()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16).reshape(len(rows), semantic.DIMS)
    return ids, matrix.astype(np.float32)


def recall_against_exact(engine: sqlalchemy.Engine, asked: np.ndarray) -> None:
    """Recall@10 of pgvector's answer against exact search over the same vectors, at ef_search
    40 (pgvector's default) and EF_SEARCH; 'within 0.01' as benchmarks/semantic.py counts it."""
    ids, matrix = _stored_vectors(engine)
    for ef in (40, pgvector.EF_SEARCH):
        strict, close = [], []
        old = pgvector.EF_SEARCH
        pgvector.EF_SEARCH = ef
        for q in asked:
            similarity = matrix @ q
            top = np.argpartition(-similarity, 10)[:10]
            tenth = similarity[top].min()
            found = [i for i, _ in pgvector.nearest(engine, q, semantic.MODEL, "", {}, 10)]
            strict.append(len(set(found) & set(ids[top].tolist())) / 10)
            scores = np.array([similarity[np.searchsorted(ids, i)] for i in found])
            close.append(float(np.mean(scores >= tenth - 0.01)))
        pgvector.EF_SEARCH = old
        print(
            f"  ef_search {ef:4d}: recall@10 {np.mean(strict):.3f} (min {min(strict):.1f}),"
            f" within 0.01 {np.mean(close):.3f}  ({len(asked)} queries, {len(ids)} vectors)"
        )


def overlap_with_embedded(engine: sqlalchemy.Engine, asked: np.ndarray) -> None:
    """Top 10 shared between pgvector and the embedded index (usearch graph + ranking again) of the
    SQLite file holding the same vectors under the same entry ids."""
    lite = open_engine(f"sqlite:///{SEMANTIC_DB}")
    index = semantic.index_for(lite, semantic.MODEL)
    assert index is not None
    shared = []
    for q in asked:
        pg = {i for i, _ in pgvector.nearest(engine, q, semantic.MODEL, "", {}, 10)}
        found = semantic._current(lite, q, index.nearest(q, semantic.CANDIDATES), {})[:10]
        shared.append(len(pg & {i for i, _ in found}))
    print(
        f"  top 10 shared with the embedded index: mean {statistics.mean(shared):.2f}/10,"
        f" lowest {min(shared)}/10"
    )
    lite.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "minutebook-pgvector-bench"
    )
    parser.add_argument("--server", help="a PostgreSQL server URL with pgvector (no database) instead")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("relevance")
    one = sub.add_parser("scale")
    one.add_argument("--vectors", type=int, default=100_000)
    one.add_argument("--repeat", type=int, default=5)
    one.add_argument("--recall", type=int, default=100)
    args = parser.parse_args()
    with server(args.folder, args.server) as url:
        if args.command == "relevance":
            relevance(url)
        else:
            scale(url, args.vectors, args.repeat, args.recall)


if __name__ == "__main__":
    main()
