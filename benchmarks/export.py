"""Export speed at scale: every `minutebook export` format over a 10,000-meeting council.

    .venv/bin/python benchmarks/export.py                     # 10,000 meetings (first run builds it)
    .venv/bin/python benchmarks/export.py --meetings 1000     # a quick run
    .venv/bin/python benchmarks/export.py --markdown benchmarks/out/export.md

The database is built once per size and kept in benchmarks/data/ (gitignored): a generated
council (`minutebook.sample`) loaded by `minutebook.ingest`, then `minutebook.registers.refresh`
(Popolo reads the resolved people). Each format is written by `minutebook.export.export` in a
process of its own, `--repeat` times, so that the memory it takes is its own: a streamed
export's memory stays flat however many meetings it writes. The table gives the best and median
seconds, the rows written (register rows for csv and sqlite, records for ndjson, events for ocd,
objects for popolo) and rows/s and meetings/s at the median, the output's size, the memory the
export took (peak anonymous memory during it, less before it: heap and SQLite's page cache, not
the database file's pages) and the load average after each row (the machine is shared: compare
rows at similar load).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from databases import DATA, generated_council
from minutebook.export import FORMATS, export
from minutebook.store.engine import open_engine
from report import print_tables, write_markdown


def anonymous_mb() -> float:
    """The process's anonymous memory now (RssAnon: its heap, SQLite's page cache; not the file
    pages the database is read through, which the kernel may drop at will)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: peak RSS instead


def one_run(db: Path, format: str) -> None:
    """In a child process: write one export and print seconds, rows, bytes and memory as JSON:
    the anonymous memory before and at its peak during the export (sampled every 20 ms)."""
    engine = open_engine(f"sqlite:///{db}")
    before, peak, done = anonymous_mb(), [0.0], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], anonymous_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        out = Path(folder) / {"csv": "csv", "ocd": "events.jsonl"}.get(format, f"out.{format}")
        start = time.perf_counter()
        counts = export(engine, format, out)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        size = sum(p.stat().st_size for p in (out.rglob("*") if out.is_dir() else [out]) if p.is_file())
    result = {"seconds": seconds, "rows": sum(counts.values()), "bytes": size, "before_mb": before}
    print(json.dumps({**result, "peak_mb": max(peak[0], anonymous_mb())}))


def measure(db: Path, format: str, repeat: int) -> list[dict[str, float]]:
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--one", format, "--db", str(db)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each format")
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown to this file")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: one format, one run
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_run(args.db, args.one)
        return
    db, facts = generated_council("export", args.meetings, args.seed, linked=True)
    meetings = int(facts["meetings"])  # type: ignore[call-overload]
    rows = []
    for format in FORMATS:
        print(f"exporting {format} ...", flush=True)
        runs = measure(db, format, args.repeat)
        median = statistics.median(r["seconds"] for r in runs)
        written = int(runs[0]["rows"])
        rows.append(
            [
                format,
                f"{min(r['seconds'] for r in runs):.1f}",
                f"{median:.1f}",
                f"{written:,}",
                f"{written / median:,.0f}",
                f"{meetings / median:,.0f}",
                f"{runs[0]['bytes'] / 2**20:.0f}",
                f"{max(r['peak_mb'] - r['before_mb'] for r in runs):.0f}",
                f"{os.getloadavg()[0]:.1f}",
            ]
        )
    headers = [
        "format",
        "best s",
        "median s",
        "rows",
        "rows/s",
        "meetings/s",
        "output MB",
        "memory MB",
        "load",
    ]
    notes = [
        f"{meetings:,} generated meetings (seed {facts['seed']}), SQLite, database {facts['database']}; "
        f"each format written {args.repeat} times, each run a process of its own.",
    ]
    tables = [("Export speed", (headers, rows))]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "Export speed", notes, tables)


if __name__ == "__main__":
    main()
