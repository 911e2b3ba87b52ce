"""The alerts' cron run at scale: `minutebook alerts send` for 10,000 confirmed subscriptions.

    .venv/bin/python benchmarks/alerts.py                          # 10,000 subscriptions
    .venv/bin/python benchmarks/alerts.py --subscriptions 1000     # a quick run
    .venv/bin/python benchmarks/alerts.py --markdown benchmarks/out/alerts.md

A generated council (`minutebook.sample`, --meetings of it) is ingested into a fresh SQLite file;
then --subscriptions confirmed subscriptions, each from its own address (the worst case: one
message each), follow searches (words of the stored item titles, --searches distinct ones, some
far more followed than others), bodies (1 in 10) or people (1 in 20). The latest --new meetings
are ingested after they confirmed, so they are the news. `send_all` then runs against an aiosmtpd
sink on 127.0.0.1 in a process of its own (`python -m aiosmtpd -c aiosmtpd.handlers.Sink`: a
real SMTP conversation over one connection; the sink keeps nothing), timed
whole: finding the new meetings, one search per distinct subscription, writing and sending each
digest and marking it sent in its own transaction. A second run, with nothing new, is timed too.
"CPU s" is this process's CPU time (the sink's is not in it): on a busy machine, the figure that
says what the run costs; "seconds" is the wall clock, waits on the server included.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, insert, select

from minutebook.alerts import send_all
from minutebook.alerts.mail import Mailer, SmtpSettings
from minutebook.alerts.subscriptions import now, search_target
from minutebook.ingest import ingest
from minutebook.registers import refresh
from minutebook.sample import generate_council
from minutebook.search.index import database_stamp
from minutebook.store import schema as t
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from report import cpu_check, print_tables, write_markdown

WORD = re.compile(r"[A-Za-z]{6,}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _date(path: Path) -> str:
    return path.stem[-10:]


def build(folder: Path, meetings: int, new: int, seed: int) -> tuple[Engine, Path]:
    """The council's older meetings stored; returns the engine and the folder of the `new` latest."""
    pages, later = folder / "pages", folder / "later"
    later.mkdir(parents=True)
    paths = sorted(generate_council(pages, meetings=meetings + new, seed=seed), key=_date)
    for path in paths[meetings:]:
        shutil.move(path, later / path.name)
    engine = open_engine(f"sqlite:///{folder / 'minutebook.db'}")
    migrate(engine)
    ingest(engine, [pages])
    refresh(engine)
    return engine, later


def subscribe_many(engine: Engine, count: int, searches: int, seed: int) -> dict[str, int]:
    """`count` confirmed subscriptions, as if each had followed its confirmation link now."""
    rng = random.Random(seed)
    with engine.connect() as conn:
        titles = conn.execute(select(t.items.c.title).distinct()).scalars().all()
        bodies = conn.execute(select(t.bodies.c.slug)).scalars().all()
        people = conn.execute(select(t.person_identities.c.key).limit(200)).scalars().all()
        version = database_stamp(conn).version
    words = sorted({w.lower() for title in titles for w in WORD.findall(title)})
    queries = rng.sample(words, min(searches, len(words)))
    weights = [1 / (rank + 1) for rank in range(len(queries))]  # a few searches followed by many
    rows, kinds = [], {"search": 0, "body": 0, "person": 0}
    for n in range(count):
        roll = rng.random()
        if roll < 0.10 and bodies:
            kind, target = "body", rng.choice(bodies)
        elif roll < 0.15 and people:
            kind, target = "person", rng.choice(people)
        else:
            kind, target = "search", search_target({"q": rng.choices(queries, weights)[0]}).key
        kinds[kind] += 1
        stamp = now()
        rows.append(
            {
                "email": f"reader{n}@example.org",
                "kind": kind,
                "target": target,
                "label": f"{kind}: {target}",
                "created_at": stamp,
                "confirm_sent_at": stamp,
                "confirmed_at": stamp,
                "seen_version": version,
            }
        )
    with engine.begin() as conn:
        conn.execute(insert(t.alert_subscriptions), rows)
    return {**kinds, "distinct searches": len(queries)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--meetings", type=int, default=1000, help="meetings stored before subscribing")
    parser.add_argument("--new", type=int, default=20, help="meetings stored after: the news")
    parser.add_argument("--searches", type=int, default=1000, help="distinct searches followed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    cpu = cpu_check()
    port = _free_port()
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"]
    )
    folder = Path(tempfile.mkdtemp(prefix="minutebook-alerts-"))
    try:
        print(f"building {args.meetings:,} meetings ...", flush=True)
        engine, later = build(folder, args.meetings, args.new, args.seed)
        kinds = subscribe_many(engine, args.subscriptions, args.searches, args.seed)
        ingest(engine, [later])
        refresh(engine)
        settings = SmtpSettings.from_url(f"smtp://127.0.0.1:{port}")
        rows = []
        for run in ("with news", "nothing new"):
            with Mailer(settings, site="https://minutes.example.org") as mailer:
                start, cpu_start = time.perf_counter(), time.process_time()
                report = send_all(engine, mailer)
                seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
            rows.append(
                [
                    run,
                    f"{args.subscriptions:,}",
                    f"{report.digests:,}",
                    f"{report.quiet:,}",
                    f"{len(report.failed)}",
                    f"{seconds:.1f}",
                    f"{cpu_seconds:.1f}",
                    f"{os.getloadavg()[0]:.1f}",
                    f"{report.digests / seconds:.0f}" if report.digests else "-",
                ]
            )
            print(rows[-1], flush=True)
    finally:
        sink.terminate()
        sink.wait()
        shutil.rmtree(folder, ignore_errors=True)
    notes = [
        f"{args.meetings:,} generated meetings stored, then {args.subscriptions:,} confirmed subscriptions"
        f" ({', '.join(f'{v:,} {k}' for k, v in kinds.items())}), each from its own address; then"
        f" {args.new} new meetings. SMTP: an aiosmtpd sink on 127.0.0.1. CPU check {cpu:.2f}.",
    ]
    headers = ["run", "subscriptions", "digests sent", "nothing new", "failed", "seconds", "CPU s", "load"]
    headers.append("digests/s")
    tables = [("alerts send", (headers, rows))]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "Alerts: `minutebook alerts send`", notes, tables)


if __name__ == "__main__":
    main()
