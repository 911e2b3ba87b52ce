"""Web latency and throughput: the meeting page, a search and an API list under concurrent clients.

    .venv/bin/python benchmarks/web.py                        # 10,000 meetings (first run builds it)
    .venv/bin/python benchmarks/web.py --meetings 500 --requests 100   # a quick run
    .venv/bin/python benchmarks/web.py --workers 1 --modes cold       # one process, no answer cache
    .venv/bin/python benchmarks/web.py --markdown benchmarks/out/web.md

The database is built once per size and kept in benchmarks/data/ (gitignored): a generated council
(`minutebook.sample`) written as files and loaded by `minutebook.ingest`. `minutebook serve`
(`--workers`, default one per core) runs in its own processes on a free loopback port; the clients
are asyncio tasks over httpx (HTTP/1.1 keep-alive, one connection each) in this process, whose CPU
time per request is reported. Each server mode is measured in turn: `cold`, `serve --no-cache`, so
every answer is computed; `warm`, the answer cache on and every timed URL asked for beforehand.
Each scenario gets a warm-up, then `--requests` requests at each concurrency; a request's latency is
from send to the last byte of the answer. The clients share the machine with the server, so the
figures are a floor on what a separate load generator would see.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from databases import partial_of, promote
from minutebook.ingest import ingest
from minutebook.sample import generate_council
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from report import Table, percentile, print_tables, write_markdown

DATA = Path(__file__).with_name("data")
TARGETS_MS = {"meeting page": 50, "search": 100}
WARM_POOL = 100
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
    partial = partial_of(db)
    engine = open_engine(f"sqlite:///{partial}")
    migrate(engine)
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        print(f"generating and ingesting {meetings:,} meetings ...", flush=True)
        generate_council(folder, meetings=meetings, seed=seed)
        report = ingest(engine, [folder])
    engine.dispose()
    promote(partial, db)
    db.with_suffix(".json").write_text(json.dumps({"meetings": report.new, "failed": len(report.failed)}))
    return db


def candidates(db: Path) -> dict[str, list[str]]:
    """For each scenario, the URLs a request is drawn from."""
    with sqlite3.connect(db) as conn:
        meeting_ids = [row[0] for row in conn.execute("SELECT id FROM meetings ORDER BY id")]
    pages = min(len(meeting_ids) // 20, 500)
    return {
        "meeting page": [f"/meetings/{m}" for m in meeting_ids],
        "search": [f"/search?q={q}" for q in SEARCHES],
        "API list": [f"/api/v1/meetings?limit=20&offset={20 * p}" for p in range(pages)],
    }


async def load(
    base: str, urls: list[str], rng: random.Random, requests: int, clients: int
) -> tuple[list[float], int]:
    """Latencies (ms) of `requests` GETs of URLs drawn from `urls` by `clients` concurrent clients,
    and how many were answered from the server's answer cache."""
    latencies: list[float] = []
    hits = 0
    remaining = iter(range(requests))

    async def client() -> None:
        nonlocal hits
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            await http.get(
                urls[0]
            )  # untimed: connecting is not what a request on a kept-alive connection costs
            for _ in remaining:
                url = rng.choice(urls)
                start = time.perf_counter()
                response = await http.get(url)
                latencies.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{response.request.url}: HTTP {response.status_code}")
                hits += response.headers.get("x-cache") == "hit"

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, hits


async def fill(base: str, urls: list[str]) -> None:
    """Each URL once, in order, on one new connection."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        for url in urls:
            (await http.get(url)).raise_for_status()


def measure(base: str, urls: list[str], rng: random.Random, requests: int, clients: int) -> dict[str, float]:
    """Requests/s, p50 and p95 (ms), this client process's CPU per request (ms), and the share of
    answers from the server's cache (%)."""
    cpu, wall = time.process_time(), time.perf_counter()
    latencies, hits = asyncio.run(load(base, urls, rng, requests, clients))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "rate": requests / wall,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "client_cpu": 1000 * cpu / requests,
        "hits": 100 * hits / requests,
    }


def serve(db: Path, workers: int, cache: bool) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    minutebook = str(Path(sys.executable).with_name("minutebook"))
    command = [minutebook, "serve", "--port", str(port), "--database", f"sqlite:///{db}"]
    command += ["--workers", str(workers), "--cache" if cache else "--no-cache"]
    server = subprocess.Popen(command)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/api/v1/bodies", timeout=1)
            return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("minutebook serve did not start")


def run_mode(db: Path, mode: str, args: argparse.Namespace) -> list[list[str]]:
    """Rows for one server: `cold` serves every request afresh (--no-cache); `warm` caches answers
    and draws from WARM_POOL URLs per scenario, each asked for beforehand, so timed requests are
    cache hits (the table says how many were)."""
    rng = random.Random(args.seed)
    server, base = serve(db, args.workers, cache=mode == "warm")
    rows = []
    try:
        for name, urls in candidates(db).items():
            if mode == "warm":
                urls = rng.sample(urls, min(WARM_POOL, len(urls)))
                # Each worker has its own cache, and a connection is served by one worker: ask for
                # every URL on several fresh connections so that each worker has likely seen it.
                for _ in range(4 * args.workers):
                    asyncio.run(fill(base, urls))
            else:
                asyncio.run(load(base, urls, rng, 50, 4))  # warm-up: page cache, compiled templates
            for clients in (int(c) for c in args.clients.split(",")):
                got = measure(base, urls, rng, args.requests, clients)
                target = TARGETS_MS.get(name)
                verdict = "" if target is None or clients != 8 else ("yes" if got["p95"] <= target else "no")
                rows.append(
                    [
                        mode,
                        name,
                        str(clients),
                        f"{got['rate']:.0f}",
                        f"{got['p50']:.1f}",
                        f"{got['p95']:.1f}",
                        f"{target} ms" if target else "",
                        verdict,
                        f"{got['client_cpu']:.2f}",
                        f"{got['hits']:.0f}",
                        f"{os.getloadavg()[0]:.1f}",
                    ]
                )
    finally:
        server.terminate()
        server.wait()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=400, help="requests per scenario and concurrency")
    parser.add_argument("--clients", default="1,8,32", help="concurrencies, comma-separated")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="`minutebook serve --workers`"
    )
    parser.add_argument("--modes", default="cold,warm", help="cold (no answer cache), warm (cached), or both")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()

    db = database(args.meetings, args.seed)
    rows = [row for mode in args.modes.split(",") for row in run_mode(db, mode, args)]
    headers = ["mode", "scenario", "clients", "requests/s", "p50 ms", "p95 ms", "target p95 (8 clients)"]
    headers += ["met", "client CPU ms/request", "cache hits %", "load average"]
    tables: list[tuple[str, Table]] = [("Latency and throughput", (headers, rows))]
    notes = [
        f"{args.meetings:,} generated meetings (seed {args.seed}) in SQLite, `minutebook serve --workers "
        f"{args.workers}` in its own process(es), {args.requests} requests per row after a warm-up; the "
        "clients (asyncio tasks over httpx, one keep-alive connection each) run in this process, on the "
        "same machine.",
        "Meeting page: the full HTML page of a random meeting. Search: the HTML search page for a query "
        f"drawn from {len(SEARCHES)} (common words, a phrase, a prefix, OR, a rare word). API list: "
        "`/api/v1/meetings?limit=20` at a random offset.",
        "cold: `serve --no-cache`, every answer computed. warm: the answer cache on, URLs drawn from "
        f"{WARM_POOL} per scenario asked for beforehand, so the timed requests are cache hits (the share "
        "that were is in the table: each worker has its own cache). The load "
        "average (1 min) is read at the end of each row.",
    ]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "Web", notes, tables)


if __name__ == "__main__":
    main()
