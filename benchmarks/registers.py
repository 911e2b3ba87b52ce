"""Register latency at scale: every register query on a 10,000-meeting council.

    .venv/bin/python benchmarks/registers.py                     # 10,000 meetings (first run builds it)
    .venv/bin/python benchmarks/registers.py --meetings 1000     # a quick run
    .venv/bin/python benchmarks/registers.py --markdown benchmarks/out/registers.md

The database is built once per size and kept in benchmarks/data/ (gitignored): a generated
council (`minutebook.sample`) written as files and loaded by `minutebook.ingest`, then
`minutebook.registers.refresh` (timed: it is what ingest runs after a batch). Later runs reuse it,
migrating it first in case the schema moved on.

Each query runs once to warm the caches, then `--repeat` times; the table gives p50 and p95, and
the load average after each row (the machine is shared: compare rows at similar load).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from databases import generated_council
from minutebook.registers import refresh
from minutebook.registers.actions import actions
from minutebook.registers.appointments import appointments, appointments_of, current_membership
from minutebook.registers.common import MAX_LIMIT
from minutebook.registers.decisions import decisions
from minutebook.registers.people import people, person, resolution_report
from minutebook.registers.references import reference_register, references_from, references_to
from minutebook.registers.timeline import timeline, timeline_svg
from minutebook.store.engine import open_engine
from report import percentile, print_tables, write_markdown


def timings(run: Callable[[], object], repeat: int) -> list[float]:
    run()  # warm-up: caches, compiled statements
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        result.append((time.perf_counter() - start) * 1000)
    return result


def queries(engine: Engine) -> list[tuple[str, Callable[[Connection], object]]]:
    """(name, query) for each register page, with arguments picked from what the database holds;
    "page" rows make the register calls of a web page (`minutebook.web.routes`) together."""
    with engine.connect() as connection:
        busiest = connection.execute(
            text(
                "SELECT target_meeting_id FROM reference_links WHERE target_meeting_id IS NOT NULL"
                " GROUP BY target_meeting_id ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar()
        citing = connection.execute(text("SELECT meeting_id FROM reference_links LIMIT 1")).scalar()
        someone = connection.execute(
            text("SELECT name FROM person_identities ORDER BY meetings DESC LIMIT 1")
        ).scalar()
        year = connection.execute(text("SELECT max(date) FROM meetings")).scalar()[:4]
    municipal = f"{int(year) - 2}-{int(year) - 1}"
    return [
        ("decisions, page 1", lambda c: decisions(c)),
        ("decisions, page 100", lambda c: decisions(c, offset=4950)),
        ("decisions, one body", lambda c: decisions(c, body="Planning Board")),
        ("decisions, person", lambda c: decisions(c, person=someone.split()[-1])),
        ("decisions, text", lambda c: decisions(c, text="hedgehogs")),
        ("actions, page 1", lambda c: actions(c)),
        ("actions, open", lambda c: actions(c, status="open")),
        ("actions, followed-up", lambda c: actions(c, status="followed-up")),
        ("actions, by body", lambda c: actions(c, sort="body")),
        ("actions, oldest first", lambda c: actions(c, sort="date")),
        ("appointments, page 1", lambda c: appointments(c)),
        ("appointments, one year", lambda c: appointments(c, year=municipal)),
        ("appointments, current membership", lambda c: current_membership(c)),
        ("references, unresolved", lambda c: reference_register(c, status="unresolved")),
        ("references from a meeting", lambda c: references_from(c, citing)),
        ("references to a meeting", lambda c: references_to(c, busiest)),
        ("meeting page: references from, to, its actions", lambda c: meeting_page(c, busiest)),
        ("people, page 1", lambda c: people(c)),
        ("person, the busiest", lambda c: person(c, someone)),
        ("person page: person, appointments_of", lambda c: person_page(c, someone)),
        ("people, resolution report", lambda c: resolution_report(c)),
        ("timeline, common word", lambda c: timeline(c, "council")),
        ("timeline, common words (OR)", lambda c: timeline(c, "report OR noted", by="quarter")),
        ("timeline page: common word, chart", lambda c: timeline_svg(timeline(c, "council"))),
        ("timeline, phrase", lambda c: timeline(c, '"child sexual exploitation"', by="quarter")),
        ("timeline, rare word", lambda c: timeline(c, "hedgehogs")),
    ]


def meeting_page(connection: Connection, meeting_id: str) -> object:
    """What the meeting page asks the registers for."""
    return (
        references_to(connection, meeting_id),
        references_from(connection, meeting_id),
        actions(connection, meeting_id=meeting_id, limit=MAX_LIMIT),
    )


def person_page(connection: Connection, name: str) -> object:
    """What the person page asks the registers for."""
    found = person(connection, name)
    return found and appointments_of(connection, found.forms)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()
    db, facts = generated_council("registers", args.meetings, args.seed)
    engine = open_engine(f"sqlite:///{db}")
    print("refreshing the registers ...", flush=True)
    start = time.perf_counter()
    report = refresh(engine)
    refresh_seconds = time.perf_counter() - start
    rows = []
    every: list[float] = []
    with engine.connect() as connection:
        for name, query in queries(engine):
            runs = timings(lambda q=query: q(connection), args.repeat)
            every += runs
            rows.append(
                [
                    name,
                    f"{percentile(runs, 50):.1f}",
                    f"{percentile(runs, 95):.1f}",
                    f"{max(runs):.1f}",
                    f"{os.getloadavg()[0]:.1f}",
                ]
            )
    rows.append(
        [
            "all of the above",
            f"{percentile(every, 50):.1f}",
            f"{percentile(every, 95):.1f}",
            f"{max(every):.1f}",
            "",
        ]
    )
    with engine.connect() as connection:
        counts = {
            table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in (
                "meetings",
                "decisions",
                "actions",
                "appointments",
                "references",
                "people",
                "person_forms",
            )
        }
    notes = [
        f"{facts['meetings']:,} generated meetings (seed {facts['seed']}), SQLite ({facts['database']});"
        f" {args.repeat} timed runs per query after one warm-up, on one connection.",
        "Rows: " + ", ".join(f"{n:,} {table}" for table, n in counts.items()) + ".",
        f"`refresh` (people, references, action follow-ups, whole database): {refresh_seconds:.1f} s;"
        f" people {report.people}, references {report.references}, actions {report.actions}.",
    ]
    tables = [("Register queries (ms)", (["query", "p50 ms", "p95 ms", "max ms", "load"], rows))]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "Registers", notes, tables)


if __name__ == "__main__":
    main()
