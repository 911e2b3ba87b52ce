"""Web latency and throughput: the meeting page, a search and an API list under concurrent clients.

    .venv/bin/python benchmarks/web.py                        # 10,000 meetings (first run builds it)
    .venv/bin/python benchmarks/web.py --meetings 500 --requests 100   # a quick run
    .venv/bin/python benchmarks/web.py --markdown benchmarks/out/web.md

The database is built once per size and kept in benchmarks/data/ (gitignored): a generated council
(`minutebook.sample`) written as files and loaded by `minutebook.ingest`. `minutebook serve` runs
in its own process on a free loopback port; the clients are asyncio tasks over httpx (HTTP/1.1
keep-alive, one connection each) in this process. Each scenario gets a warm-up, then `--requests`
requests at each concurrency; a request's latency is from send to the last byte of the answer.
The clients share the machine with the server, so the figures are a floor on what a separate
load generator would see.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from minutebook.ingest import ingest
from minutebook.sample import generate_council
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from report import Table, percentile, print_tables, write_markdown

DATA = Path(__file__).with_name("data")
TARGETS_MS = {"meeting page": 50, "search": 100}
SEARCHES = [
    "planning application",
    '"adult social care"',
    "govern*",
    "taxi OR licensing",
    "budget",
    "hedgehogs",
    "council committee",
    "library closure",
]


def database(meetings: int, seed: int) -> Path:
    """The cached database of `meetings` generated meetings, built first if need be."""
    DATA.mkdir(exist_ok=True)
    db = DATA / f"web-{meetings}-seed{seed}.db"
    if db.exists():
        return db
    partial = db.with_name(db.name + ".partial")
    for path in DATA.glob(partial.name + "*"):
        path.unlink()
    engine = open_engine(f"sqlite:///{partial}")
    migrate(engine)
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        print(f"generating and ingesting {meetings:,} meetings ...", flush=True)
        generate_council(folder, meetings=meetings, seed=seed)
        report = ingest(engine, [folder])
    engine.dispose()
    with sqlite3.connect(partial) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(db)
    for path in DATA.glob(partial.name + "*"):
        path.unlink()
    db.with_suffix(".json").write_text(json.dumps({"meetings": report.new, "failed": len(report.failed)}))
    return db


def urls(db: Path, rng: random.Random) -> dict[str, Callable[[], str]]:
    """For each scenario, a function giving the next URL to ask for."""
    with sqlite3.connect(db) as conn:
        meeting_ids = [row[0] for row in conn.execute("SELECT id FROM meetings")]
    pages = len(meeting_ids) // 20
    return {
        "meeting page": lambda: f"/meetings/{rng.choice(meeting_ids)}",
        "search": lambda: f"/search?q={rng.choice(SEARCHES)}",
        "API list": lambda: f"/api/v1/meetings?limit=20&offset={20 * rng.randrange(min(pages, 500))}",
    }


async def load(
    base: str, next_url: Callable[[], str], requests: int, clients: int
) -> tuple[list[float], float]:
    """Latencies (ms) of `requests` GETs made by `clients` concurrent clients, and the wall time (s)."""
    latencies: list[float] = []
    remaining = iter(range(requests))

    async def client() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            for _ in remaining:
                start = time.perf_counter()
                response = await http.get(next_url())
                latencies.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{response.request.url}: HTTP {response.status_code}")

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, time.perf_counter() - start


def serve(db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    minutebook = str(Path(sys.executable).with_name("minutebook"))
    command = [
        minutebook,
        "serve",
        "--port",
        str(port),
        "--database",
        f"sqlite:///{db}",
    ]
    server = subprocess.Popen(command)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/api/v1/bodies", timeout=1)
            return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("minutebook serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=400, help="requests per scenario and concurrency")
    parser.add_argument("--clients", default="1,8,32", help="concurrencies, comma-separated")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()

    db = database(args.meetings, args.seed)
    scenarios = urls(db, random.Random(args.seed))
    server, base = serve(db)
    rows = []
    try:
        for name, next_url in scenarios.items():
            asyncio.run(load(base, next_url, 50, 4))  # warm-up: page cache, compiled templates
            for clients in (int(c) for c in args.clients.split(",")):
                latencies, seconds = asyncio.run(load(base, next_url, args.requests, clients))
                p95 = percentile(latencies, 95)
                target = TARGETS_MS.get(name)
                verdict = "" if target is None or clients != 8 else ("yes" if p95 <= target else "no")
                rows.append(
                    [
                        name,
                        str(clients),
                        f"{args.requests / seconds:.0f}",
                        f"{percentile(latencies, 50):.1f}",
                        f"{p95:.1f}",
                        f"{target} ms" if target else "",
                        verdict,
                    ]
                )
    finally:
        server.terminate()
        server.wait()
    headers = ["scenario", "clients", "requests/s", "p50 ms", "p95 ms", "target p95 (8 clients)", "met"]
    tables: list[tuple[str, Table]] = [("Latency and throughput", (headers, rows))]
    notes = [
        f"{args.meetings:,} generated meetings (seed {args.seed}) in SQLite, `minutebook serve` (one "
        f"process), {args.requests} requests per row after a warm-up, clients on the same machine.",
        "Meeting page: the full HTML page of a random meeting. Search: the HTML search page for a query "
        f"drawn from {len(SEARCHES)} (common words, a phrase, a prefix, OR, a rare word). API list: "
        "`/api/v1/meetings?limit=20` at a random offset.",
    ]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "Web", notes, tables)


if __name__ == "__main__":
    main()
