"""Server memory and connection balance under load: each worker's RSS over a few minutes, and how
many of the clients' keep-alive connections each worker holds (issue 10: workers grew from 86 MB
to 226-276 MB in three minutes without levelling off, and one worker got every connection).

    .venv/bin/python benchmarks/serve_memory.py --db /tmp/council.db --seconds 180 --clients 8
    .venv/bin/python benchmarks/serve_memory.py --db /tmp/council.db --seconds 1800 --every 60  # soak

`minutebook serve --workers N` runs on a free loopback port over an existing database; `--clients`
threads each keep one connection alive and ask for meeting pages, API pages, searches (page and
API) and timelines drawn at random (most distinct, so the answer cache fills). Each client sends
an X-Forwarded-For address of its own, which uvicorn trusts from loopback, so the server counts
them as the distinct visitors they stand for (its per-client limit on costly requests). Every
`--every` seconds it prints each worker's RSS (from /proc), its established connections on the
server's port and the load average; at the end, the requests made, the errors (any answer but
200, and failed connections) by kind, and the connections each worker held.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import threading
import time
from pathlib import Path

import httpx

from web import SEARCHES, candidates, serve

FAILED: list[str] = []  # the first few answers that were not 200, to say what they were


def workers_of(pid: int) -> list[int]:
    """The worker processes `serve`'s supervisor `pid` started (its children)."""
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


def client(
    base: str, urls: list[str], stop: threading.Event, counts: collections.Counter[str], seed: int
) -> None:
    rng = random.Random(seed)
    headers = {"x-forwarded-for": f"198.51.100.{seed + 1}"}  # a visitor of its own (see above)
    with httpx.Client(base_url=base, timeout=60, headers=headers) as http:
        while not stop.is_set():
            try:
                response = http.get(rng.choice(urls))
            except httpx.HTTPError as error:
                counts[type(error).__name__] += 1
                continue
            finally:
                counts["requests"] += 1
            if response.status_code != 200:
                counts[str(response.status_code)] += 1
                if len(FAILED) < 10:
                    FAILED.append(
                        f"{response.status_code} {response.request.url.path}: {response.text[:200]}"
                    )


def mix(db: Path) -> list[str]:
    """The URLs the clients draw from: every meeting page and API list page, and each search as a
    page, an API answer and a timeline (a handful, as a site's popular questions)."""
    scenarios = candidates(db)
    questions = [f"/search?q={q}" for q in SEARCHES]
    questions += [f"/api/v1/search?q={q}&mode=lexical" for q in SEARCHES]
    questions += [f"/timeline?q={q}" for q in SEARCHES]
    return [*scenarios["meeting page"], *scenarios["API list"], *questions]


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
    urls = mix(args.db)
    server, base = serve(args.db, args.workers, cache=not args.no_cache)
    port = int(base.rsplit(":", 1)[1])
    stop, counts = threading.Event(), collections.Counter[str]()
    threads = [
        threading.Thread(target=client, args=(base, urls, stop, counts, n), daemon=True)
        for n in range(args.clients)
    ]
    held: dict[int, list[int]] = collections.defaultdict(list)  # connections per worker, each row
    try:
        time.sleep(1)
        workers = workers_of(server.pid)
        print("seconds | " + " | ".join(f"worker {n + 1} RSS MB, connections" for n in range(len(workers))))
        print("seconds | " + " | ".join(f"{rss_mb(w):.0f}, -" for w in workers) + "   (before load)")
        for thread in threads:
            thread.start()
        started = time.monotonic()
        while (elapsed := time.monotonic() - started) < args.seconds:
            time.sleep(min(args.every, args.seconds - elapsed))
            if set(now := workers_of(server.pid)) != set(workers):
                print(f"workers changed: {workers} -> {now}")
                workers = now
            cells = []
            for w in workers:
                held[w].append(connections(w, port))
                cells.append(f"{rss_mb(w):.0f}, {held[w][-1]}")
            load = os.getloadavg()[0]
            print(f"{time.monotonic() - started:7.0f} | {' | '.join(cells)} | load {load:.1f}", flush=True)
        stop.set()
        for thread in threads:
            thread.join(60)
        errors = {kind: n for kind, n in counts.items() if kind != "requests"}
        print(f"requests {counts['requests']}, errors {sum(errors.values())} {errors or ''}")
        spread = ", ".join(f"worker {w}: {min(n)}-{max(n)}" for w, n in held.items())
        print(f"connections held per worker over the run: {spread}")
        print("\n".join(FAILED))
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
