"""Semantic and hybrid search figures: embedding throughput, index build, query latency, sizes.

    .venv/bin/python benchmarks/semantic.py throughput --database sqlite:///minutebook.db --sample 1000
    .venv/bin/python benchmarks/semantic.py latency --database sqlite:///benchmarks/data/semantic-1m.db

`throughput` embeds a random sample of the database's search entries (real minutes, e.g. ../shared
ingested) as `minutebook embed` does (sorted by length, BATCH at a time) and prints entries a
second by the wall clock and by CPU time, and the time 1M entries would take at that rate.

`latency` needs a database whose entries have vectors. With `--synthetic`, entries without one get
a stand-in: the real vector of a real entry (embedded from a pool of the database's own texts)
plus noise, unit length, so that the index has the size and rough shape of the real thing without
the hours of embedding 1M texts would take here; the index is then built (timed). Each query of the
mix is embedded by the real model (every timed run, the question cache cleared) and run in each
mode, once to warm and `--repeat` times timed,
through `minutebook.search.search(engine, q, mode=..., limit=20)` (citations and snippets included).
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np
from sqlalchemy import text

from minutebook.search import search, semantic
from minutebook.store import open_engine

QUESTIONS = [
    "vetting of minicab drivers",
    "support for steelworkers losing their jobs",
    "extra pay for emergency workers during the virus",
    "repairs to the village hall roof",
    "complaints about dog fouling in the park",
    "budget",
    "planning application",
    "adult social care",
    "what did the council decide about the library",
    "children at risk of exploitation",
]
MODES = ("lexical", "semantic", "hybrid")


def throughput(database: str, sample: int) -> None:
    engine = open_engine(database)
    with engine.connect() as connection:
        texts = [row[0] for row in connection.execute(text("SELECT text FROM search_entries"))]
    random.seed(1)
    texts = sorted(random.sample(texts, min(sample, len(texts))), key=len)
    model = semantic.load_model()
    assert model is not None, semantic.model_missing()
    model.encode(texts[:8])
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), semantic.BATCH):
        model.encode(texts[start : start + semantic.BATCH])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    chars = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} entries (mean {chars:.0f} characters), {semantic.MODEL}")
    print(
        f"  wall clock: {len(texts) / wall:.0f} entries/s -> 1M in {1e6 / (len(texts) / wall) / 3600:.1f} h"
    )
    print(f"  CPU time:   {len(texts) / cpu:.0f} entries per CPU-second (2 cores unshared: about twice that)")


def fill_synthetic(engine, pool: int, vectors: int) -> None:  # type: ignore[no-untyped-def]
    """Stand-in vectors for every entry without one (see the module docstring)."""
    semantic.ensure_tables(engine)
    model = semantic.load_model()
    assert model is not None, semantic.model_missing()
    with engine.connect() as connection:
        have = {r[0] for r in connection.execute(text("SELECT entry_id FROM search_vectors"))}
        entries = connection.execute(text("SELECT id, text FROM search_entries ORDER BY id"))
        rows = [r for r in entries if r[0] not in have][: max(0, vectors - len(have))]
    if not rows:
        return
    random.seed(2)
    texts = sorted({t for _, t in random.sample(rows, min(pool, len(rows)))}, key=len)
    started = time.perf_counter()
    base = np.concatenate([model.encode(texts[i : i + 32]) for i in range(0, len(texts), 32)])
    print(f"pool: {len(texts)} texts embedded in {time.perf_counter() - started:.0f} s")
    rng = np.random.default_rng(3)
    started = time.perf_counter()
    for start in range(0, len(rows), 50_000):
        chunk = rows[start : start + 50_000]
        vectors = base[rng.integers(0, len(base), len(chunk))]
        vectors = vectors + rng.normal(0, 0.03, vectors.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        with engine.begin() as connection:
            connection.execute(
                semantic.search_vectors.insert(),
                [
                    {"model": semantic.MODEL, "entry_id": i, "digest": semantic.digest(t), "vector": v}
                    for (i, t), v in zip(chunk, vectors.astype(np.float16), strict=True)
                ],
            )
    with engine.begin() as connection:
        semantic._bump(connection, semantic.MODEL)
    print(f"stored {len(rows)} stand-in vectors in {time.perf_counter() - started:.0f} s")


def latency(database: str, repeat: int, synthetic: bool, pool: int, vectors: int) -> None:
    engine = open_engine(database)
    if synthetic:
        fill_synthetic(engine, pool, vectors)
    started = time.perf_counter()
    index = semantic.index_for(engine, semantic.MODEL)
    assert index is not None, "no vectors: run `minutebook embed` or pass --synthetic"
    kind = "HNSW (usearch, i8)" if index.graph is not None else "exact (numpy)"
    print(f"index: {len(index.ids)} vectors, {kind}, ready in {time.perf_counter() - started:.1f} s")
    graph = semantic.graph_path(engine, semantic.MODEL)
    if graph.exists():
        print(f"  graph file {graph.stat().st_size / 2**20:.0f} MB")
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM search_vectors")).scalar_one()
    print(f"  search_vectors: {count} rows, about {count * (semantic.DIMS * 2 + 40) / 2**20:.0f} MB of rows")
    for mode in MODES:
        times = []
        for question in QUESTIONS:
            search(engine, question, mode=mode, limit=20)
            for _ in range(repeat):
                semantic.embed_query.cache_clear()  # each timed query embeds its question
                t = time.perf_counter()
                result = search(engine, question, mode=mode, limit=20)
                times.append((time.perf_counter() - t) * 1000)
                assert result.mode == mode, result.notice
        times.sort()
        p50, p95 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{mode:9s} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  ({len(times)} queries)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("throughput")
    one.add_argument("--database", required=True)
    one.add_argument("--sample", type=int, default=1000)
    two = sub.add_parser("latency")
    two.add_argument("--database", required=True)
    two.add_argument("--repeat", type=int, default=5)
    two.add_argument("--synthetic", action="store_true")
    two.add_argument("--pool", type=int, default=2000, help="real texts embedded for --synthetic")
    two.add_argument("--vectors", type=int, default=1_000_000, help="how many entries --synthetic fills")
    args = parser.parse_args()
    if args.command == "throughput":
        throughput(args.database, args.sample)
    else:
        latency(args.database, args.repeat, args.synthetic, args.pool, args.vectors)


if __name__ == "__main__":
    main()
