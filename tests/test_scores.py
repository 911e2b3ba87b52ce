"""The parser against the hand-written answer keys, scored by shared/tools/score_records.py.

The seeds must score 0.99 or more (SEED_FLOOR). The corpus must score 0.99 or more on average
(CORPUS_FLOOR) with no document below 0.975 (DOCUMENT_FLOOR). The wider set of other councils'
minutes (corpus-wide) must score WIDE_FLOOR on average with none below WIDE_DOCUMENT_FLOOR, and
none of its documents — all real minutes or agendas — may be refused. docs/accuracy.md has the
per-document table.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# Measured 0.992 over 11 documents, the lowest 0.980 (Saint Paul); the floors sit just under,
# so a regression fails here. The .xml, .html and .pdf ones go through every reader, so a change
# there moves this score too.
SEED_FLOOR = 0.99  # measured 1.000
CORPUS_FLOOR = 0.99
DOCUMENT_FLOOR = 0.975
# Measured 0.941 over 35 documents on 2026-12-04, none below 0.725 (0.412 with 5 refused at the
# start of the day). The scanned Greenville minutes' OCR has a time budget, so on a slow machine
# fewer of its pages are read (0.70-0.81 seen); the floors leave room for that.
WIDE_FLOOR = 0.90
WIDE_DOCUMENT_FLOOR = 0.60
MINUTEBOOK = Path(sys.executable).with_name("minutebook")


def score(shared_dir: Path, folder: str) -> tuple[float, str]:
    done = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "tools" / "score_records.py"),
            "--cmd",
            f"{MINUTEBOOK} parse {{file}} --format json",
            str(shared_dir / folder),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    found = re.search(r"^score: ([\d.]+)$", done.stdout, re.M)
    assert found, done.stdout + done.stderr
    return float(found.group(1)), done.stdout


def test_seed_score(shared_dir: Path) -> None:
    value, table = score(shared_dir, "seeds")
    assert value >= SEED_FLOOR, table


def test_corpus_score_floor(shared_dir: Path) -> None:
    value, table = score(shared_dir, "corpus")
    assert value >= CORPUS_FLOOR, table
    documents = re.findall(r"^([^\s:]+)\s+(\d\.\d{3})\b", table, re.M)  # "name  0.983  weak aspects"
    assert len(documents) >= 11, table
    assert all(float(total) >= DOCUMENT_FLOOR for _, total in documents), table


def test_other_councils_minutes_are_read_and_never_refused(shared_dir: Path) -> None:
    value, table = score(shared_dir, "corpus-wide")
    assert value >= WIDE_FLOOR, table
    documents = re.findall(r"^(\S+\.\w+)[ \t]+(\d\.\d{3})[ \t]*(.*)$", table, re.M)
    assert len(documents) >= 35, table
    assert not [name for name, _, why in documents if why.startswith("exit")], table
    assert all(float(total) >= WIDE_DOCUMENT_FLOOR for _, total, _ in documents), table
