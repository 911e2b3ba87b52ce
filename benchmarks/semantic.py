"""Semantic and hybrid search figures: embedding throughput, index build, query latency, sizes.

    .venv/bin/python benchmarks/semantic.py throughput --database sqlite:///minutebook.db --sample 1000
    .venv/bin/python benchmarks/semantic.py latency --database sqlite:///big.db --synthetic --recall 100

`throughput` embeds a random sample of the database's search entries (real minutes, e.g. ../shared
ingested) as `minutebook embed` does (sorted by length, BATCH at a time) and prints entries a
second by the wall clock and by CPU time, and the time 1M entries would take at that rate.

`latency` needs a database whose entries have vectors. With `--synthetic`, entries without one get
a stand-in: the real vector of a real entry (embedded from a pool of the database's own texts)
plus noise, unit length, so that the index has the size and rough shape of the real thing without
the hours of embedding 1M texts would take here; the index is then built (timed). Each query of the
mix is embedded by the real model (every timed run, the question cache cleared) and run in each
mode, once to warm and `--repeat` times timed,
through `minutebook.search.search(engine, q, mode=..., limit=20)` (citations and snippets included),
by the wall clock and by the process's CPU time (all threads), which a shared machine's load
hardly moves. Before that, where a query's time goes (embedding the question, the graph search,
reading and ranking the candidates, the lexical half of hybrid). `--recall N` then reads every
vector and measures the graph's recall@10 against exact search for N queries (the questions and
random entries' texts), from its own top 10 and as search uses it (candidates ranked again).
The load average and the CPU check (`report.cpu_check`) are printed first and last.
"""

from __future__ import annotations

import argparse
import os
import random
import time

import numpy as np
from sqlalchemy import bindparam, text

import report
from minutebook.search import fulltext, hybrid, search, semantic
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


def latency(database: str, repeat: int, synthetic: bool, pool: int, vectors: int, recall: int) -> None:
    print(f"load average {os.getloadavg()[0]:.1f}, CPU check {report.cpu_check():.2f} s (idle: ~0.25 s)")
    engine = open_engine(database)
    if synthetic:
        fill_synthetic(engine, pool, vectors)
    graph = semantic.graph_path(engine, semantic.MODEL)
    had_graph = graph.exists()
    started = time.perf_counter()
    index = semantic.index_for(engine, semantic.MODEL)
    assert index is not None, "no vectors: run `minutebook embed` or pass --synthetic"
    kind = "HNSW (usearch, i8)" if index.graph is not None else "exact (numpy)"
    what = "opened" if had_graph else "read (and the graph built)"
    print(f"index: {len(index.ids)} vectors, {kind}, {what} in {time.perf_counter() - started:.1f} s")
    if graph.exists():
        size = graph.stat().st_size / 2**20
        print(f"  graph file {size:.0f} MB, search expansion {index.graph.expansion_search}")
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM search_vectors")).scalar_one()
    print(f"  search_vectors: {count} rows, about {count * (semantic.DIMS * 2 + 40) / 2**20:.0f} MB of rows")
    stages(engine, index, repeat)
    time_modes(engine, MODES, repeat)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if recall and index.graph is not None:
        graph_recall(engine, index, recall)


def time_modes(engine, modes: tuple[str, ...], repeat: int) -> None:  # type: ignore[no-untyped-def]
    """Each mode's p50/p95 over QUESTIONS, `repeat` timed runs a question after one untimed: the
    wall clock, and the CPU time of the whole process (every thread, the model's included): on a
    shared machine the first grows with the load, the second hardly."""
    for mode in modes:
        times, cpu = [], []
        for question in QUESTIONS:
            search(engine, question, mode=mode, limit=20)
            for _ in range(repeat):
                semantic.embed_query.cache_clear()  # each timed query embeds its question
                t, c = time.perf_counter(), time.process_time()
                result = search(engine, question, mode=mode, limit=20)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
                assert result.mode == mode, result.notice
        print(f"{mode:9s} {_p50_p95(times)}; CPU {_p50_p95(cpu)}  ({len(times)} queries)")


def _p50_p95(times: list[float]) -> str:
    times = sorted(times)
    p50, p95 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"


def stages(engine, index: semantic.VectorIndex, repeat: int) -> None:  # type: ignore[no-untyped-def]
    """Where a query's time goes: for semantic, the question's embedding, the graph (or exact)
    search for the nearest candidates, and reading and ranking them again from the database
    (`_current`); for hybrid's other half, the lexical search with each hit's coverage."""
    spent: dict[str, list[float]] = {
        "embed the question": [],
        "nearest in the index": [],
        "check and rank rows": [],
        "lexical with coverage": [],
    }
    depth = max(hybrid.DEPTH, semantic.CANDIDATES)
    for question in QUESTIONS:
        for _ in range(repeat + 1):
            semantic.embed_query.cache_clear()
            t0 = time.perf_counter()
            vector = semantic.embed_query(question)
            t1 = time.perf_counter()
            found = index.nearest(vector, depth)
            t2 = time.perf_counter()
            semantic._current(engine, vector, found, {})
            t3 = time.perf_counter()
            fulltext.lexical_with_coverage(engine, question, {}, hybrid.DEPTH)
            t4 = time.perf_counter()
            for name, seconds in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                spent[name].append(seconds * 1000)
    for name, times in spent.items():
        print(f"  {name:22s} {_p50_p95(times)}")


def graph_recall(engine, index: semantic.VectorIndex, queries: int) -> None:  # type: ignore[no-untyped-def]
    """Recall@10 of the HNSW graph against exact search over the stored vectors, for the
    benchmark's questions and the texts of random entries: from the graph's own top 10, and as
    search answers (CANDIDATES from the graph ranked again exactly). Stand-in vectors are near
    copies of a few real ones, so the true top 10 are often near ties: "within 0.01" also counts
    a hit whose similarity is within 0.01 of the true 10th's."""
    started = time.perf_counter()
    ids, matrix = semantic._read_vectors(engine, semantic.MODEL)
    print(f"recall: {len(ids)} vectors read for exact search in {time.perf_counter() - started:.0f} s")
    position = {int(entry): row for row, entry in enumerate(ids)}
    model = semantic.load_model()
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT max(id) FROM search_entries")).scalar_one()
        random.seed(4)
        picked = [random.randint(1, rows) for _ in range(queries * 2)]
        sql = text("SELECT text FROM search_entries WHERE id IN :ids")
        texts = connection.execute(
            sql.bindparams(bindparam("ids", expanding=True)), {"ids": picked}
        ).scalars()
        texts = [*QUESTIONS, *list(texts)[: max(0, queries - len(QUESTIONS))]]
    asked = np.concatenate([model.encode(texts[i : i + 16]) for i in range(0, len(texts), 16)])
    graph = index.graph
    default = graph.expansion_search
    for expansion in (64, 128):
        graph.expansion_search = expansion
        for candidates in (10, semantic.CANDIDATES):
            strict, close, times = [], [], []
            for q in asked:
                similarity = matrix @ q
                top = np.argpartition(-similarity, 10)[:10]
                tenth = similarity[top].min()
                t = time.perf_counter()
                found = graph.search(q, candidates).keys
                times.append((time.perf_counter() - t) * 1000)
                found = sorted(found, key=lambda entry: -similarity[position[int(entry)]])[:10]
                scores = np.array([similarity[position[int(entry)]] for entry in found])
                strict.append(len(set(found) & set(ids[top].tolist())) / 10)
                close.append(float(np.mean(scores >= tenth - 0.01)))
            print(
                f"  expansion {expansion:3d}, {candidates:3d} candidates: recall@10 {np.mean(strict):.3f}"
                f" (min {min(strict):.1f}), within 0.01 {np.mean(close):.3f},"
                f" graph search {_p50_p95(times)}  ({len(asked)} queries)"
            )
    graph.expansion_search = default


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
    two.add_argument("--recall", type=int, default=0, help="queries for the graph's recall against exact")
    args = parser.parse_args()
    if args.command == "throughput":
        throughput(args.database, args.sample)
    else:
        latency(args.database, args.repeat, args.synthetic, args.pool, args.vectors, args.recall)


if __name__ == "__main__":
    main()
