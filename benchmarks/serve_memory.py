"""Server memory and connection balance under load: each worker's RSS over a few minutes, and how
many of the clients' keep-alive connections each worker holds (issue 10: workers grew from 86 MB
to 226-276 MB in three minutes without levelling off, and one worker got every connection).

    .venv/bin/python benchmarks/serve_memory.py --db /tmp/council.db --seconds 180 --clients 8

`minutebook serve --workers N` runs on a free loopback port over an existing database; `--clients`
threads each keep one connection alive and ask for meeting pages, searches and API pages drawn at
random (most distinct, so the answer cache fills). Every `--every` seconds it prints each worker's
RSS (from /proc) and its established connections on the server's port; at the end, the requests
made and the errors (any answer but 200).
"""

from __future__ import annotations

import argparse
import random
import threading
import time
from pathlib import Path

import httpx

from web import SEARCHES, candidates, serve


def workers_of(pid: int) -> list[int]:
    """The worker processes uvicorn's supervisor `pid` started (its children)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def connections(pid: int, port: int) -> int:
    """Established TCP connections on `port` whose socket `pid` holds."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().name
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        if local_port == port and fields[3] == "01" and fields[9] in inodes:
            count += 1
    return count


def client(base: str, urls: list[str], stop: threading.Event, counts: dict[str, int], seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as http:
        while not stop.is_set():
            response = http.get(rng.choice(urls))
            counts["requests"] += 1
            counts["errors"] += response.status_code != 200


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=int, default=30)
    parser.add_argument("--no-cache", action="store_true", help="serve --no-cache: no answer cache")
    args = parser.parse_args()
    scenarios = candidates(args.db)
    urls = [*scenarios["meeting page"], *scenarios["API list"], *(f"/search?q={q}" for q in SEARCHES)]
    server, base = serve(args.db, args.workers, cache=not args.no_cache)
    port = int(base.rsplit(":", 1)[1])
    stop, counts = threading.Event(), {"requests": 0, "errors": 0}
    threads = [
        threading.Thread(target=client, args=(base, urls, stop, counts, n), daemon=True)
        for n in range(args.clients)
    ]
    try:
        time.sleep(1)
        workers = [w for w in workers_of(server.pid) if rss_mb(w) > 40]  # not multiprocessing's helper
        print("seconds | " + " | ".join(f"worker {n + 1} RSS MB, connections" for n in range(len(workers))))
        print("seconds | " + " | ".join(f"{rss_mb(w):.0f}, -" for w in workers) + "   (before load)")
        for thread in threads:
            thread.start()
        started = time.monotonic()
        while (elapsed := time.monotonic() - started) < args.seconds:
            time.sleep(min(args.every, args.seconds - elapsed))
            row = " | ".join(f"{rss_mb(w):.0f}, {connections(w, port)}" for w in workers)
            print(f"{time.monotonic() - started:7.0f} | {row}", flush=True)
        stop.set()
        for thread in threads:
            thread.join(60)
        print(f"requests {counts['requests']}, errors {counts['errors']}")
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
