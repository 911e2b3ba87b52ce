"""Do costly requests starve cheap ones? (issue 10, item 5; `web/limits.py`)

    .venv/bin/minutebook serve --workers 1 --port 8711 --database sqlite:///DB &
    .venv/bin/python benchmarks/costly.py http://127.0.0.1:8711 --seconds 30

Four clients loop costly requests against the site: an ndjson export of everything, and timelines
and searches of an OR of eight random two-letter prefixes (random, so the response cache never
answers them); meanwhile one client asks for a cheap page (`/api/v1/bodies`) every 50 ms and times
it. Prints the cheap page's latency (p50, p95, max) and the costly answers by status (503: refused
by the concurrency limit; 429: by the per-client limit; 400: past the query time budget).

Each client sends an X-Forwarded-For address of its own (uvicorn trusts it from loopback), so the
server sees five visitors; with `--one-client` the four costly loops are one visitor (one address)
looping searches on four connections, as a scraper might, and the per-client limit
(MINUTEBOOK_MAX_COSTLY_PER_CLIENT) refuses what goes beyond its share.
"""

from __future__ import annotations

import argparse
import collections
import random
import statistics
import threading
import time

import httpx

LETTERS = "abcdefghilmnoprstuw"


def address(client_number: int) -> dict[str, str]:
    return {"x-forwarded-for": f"198.51.100.{client_number + 1}"}


def costly(base: str, client_number: int, stop: float, status: collections.Counter, one: bool) -> None:
    rng = random.Random(client_number)
    with httpx.Client(base_url=base, timeout=120, headers=address(0 if one else client_number)) as client:
        while time.monotonic() < stop:
            query = " OR ".join(rng.choice(LETTERS) + rng.choice(LETTERS) + "*" for _ in range(8))
            if one:  # one visitor looping searches on four connections
                url = f"/api/v1/search?q={query}&mode=lexical"
            elif client_number == 0:
                url = "/export/ndjson"
            else:
                path = "/api/v1/timeline" if client_number == 1 else "/api/v1/search"
                url = f"{path}?q={query}&mode=lexical"
            try:
                answer = client.get(url)
                status[answer.status_code] += 1
                if answer.status_code in (429, 503):
                    time.sleep(0.2)
            except httpx.HTTPError as error:
                status[type(error).__name__] += 1


def cheap(base: str, stop: float, times: list[float]) -> None:
    with httpx.Client(base_url=base, timeout=120, headers=address(99)) as client:
        while time.monotonic() < stop:
            start = time.perf_counter()
            answer = client.get("/api/v1/bodies")
            times.append((time.perf_counter() - start) * 1000)
            answer.raise_for_status()
            time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base", help="the site's address, e.g. http://127.0.0.1:8711")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--one-client", action="store_true", help="the costly loops as one visitor")
    args = parser.parse_args()
    stop = time.monotonic() + args.seconds
    status: collections.Counter = collections.Counter()
    times: list[float] = []
    threads = [
        threading.Thread(target=costly, args=(args.base, n, stop, status, args.one_client)) for n in range(4)
    ]
    threads.append(threading.Thread(target=cheap, args=(args.base, stop, times)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    p95 = statistics.quantiles(times, n=20)[18]
    print(
        f"cheap /api/v1/bodies: {len(times)} answers, p50 {statistics.median(times):.0f} ms, "
        f"p95 {p95:.0f} ms, max {max(times):.0f} ms; costly answers by status: {dict(status)}"
    )


if __name__ == "__main__":
    main()
