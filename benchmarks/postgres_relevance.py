"""Do both backends give the same best hits? Top-10 overlap on the development relevance set.

    .venv/bin/python benchmarks/postgres_relevance.py --server postgresql+psycopg://postgres@127.0.0.1:5432

The documents of ../shared are ingested (as benchmarks/relevance.py does) into a fresh SQLite
file and a fresh PostgreSQL database on `--server`; each question of
benchmarks/relevance/questions.json then runs through the lexical search of each
(`search.fulltext.lexical_search`, limit 10), and the hits are compared by what they cite
(meeting, kind, ref, line): ids may differ between two databases, citations may not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import uuid
from pathlib import Path

import sqlalchemy

from minutebook.search.fulltext import lexical_search
from minutebook.store import open_engine
from relevance import SETS, SHARED, build, load_questions


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server", required=True, help="PostgreSQL server URL, no database")
    args = parser.parse_args()
    questions = load_questions()
    name = f"relevance_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(f"{args.server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["MINUTEBOOK_INDEX_DIR"] = str(Path(folder) / "indexes")
            urls = {
                "sqlite": f"sqlite:///{Path(folder) / 'relevance.db'}",
                "postgresql": f"{args.server}/{name}",
            }
            tops: dict[str, list[list[tuple]]] = {}
            for backend, url in urls.items():
                build(url, [SHARED / one for one in SETS])
                engine = open_engine(url)
                tops[backend] = [
                    [
                        (h.meeting_id, h.kind, h.ref, h.line)
                        for h in lexical_search(engine, q.query, limit=10).hits
                    ]
                    for q in questions
                ]
                engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()
    shared = [
        len(set(a) & set(b)) / max(len(a), len(b), 1) * 10
        for a, b in zip(tops["sqlite"], tops["postgresql"], strict=True)
    ]
    same_order = sum(a == b for a, b in zip(tops["sqlite"], tops["postgresql"], strict=True))
    print(
        f"{len(questions)} questions: top-10 shared between backends, mean {statistics.mean(shared):.2f}/10, "
        f"lowest {min(shared):.0f}/10; identical top 10 in order for {same_order}"
    )
    for question, count in zip(questions, shared, strict=True):
        if count < 10:
            print(f"  {question.id} {question.query!r}: {count:.0f}/10")


if __name__ == "__main__":
    main()
