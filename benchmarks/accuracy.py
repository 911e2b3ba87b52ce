"""Parser accuracy: every answer key in ../shared (seeds, corpus, corpus-wide), scored by
../shared/tools/score_records.py, as one per-document table per set.

    .venv/bin/python benchmarks/accuracy.py                     # print the tables
    .venv/bin/python benchmarks/accuracy.py --write docs/accuracy.md

`--write` replaces what lies between the `<!-- scores -->` and `<!-- /scores -->` marks of the
file and keeps the prose around them (the error classes are written by hand, from reading the
output against the documents). The scorer runs `minutebook parse FILE --format json` on each
source, so what is measured is exactly what a user gets.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SETS = ("seeds", "corpus", "corpus-wide")
ROW = re.compile(r"^(\S+\.\w+)\s+(\d\.\d{3})\s*(.*)$")
START, END = "<!-- scores -->", "<!-- /scores -->"


def score_set(shared: Path, folder: str) -> list[tuple[str, float, str]]:
    """(document, score, weakest aspects or why it failed) for each key of one set."""
    minutebook = Path(sys.executable).with_name("minutebook")
    done = subprocess.run(
        [
            sys.executable,
            str(shared / "tools" / "score_records.py"),
            "--cmd",
            f"{minutebook} parse {{file}} --format json",
            str(shared / folder),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return [(m[1], float(m[2]), m[3].strip()) for m in map(ROW.match, done.stdout.splitlines()) if m]


def markdown(results: dict[str, list[tuple[str, float, str]]]) -> str:
    lines = ["| set | documents | mean | lowest | below 0.60 |", "| --- | ---: | ---: | ---: | ---: |"]
    for folder, rows in results.items():
        scores = [s for _, s, _ in rows]
        low = sum(s < 0.60 for s in scores)
        lines.append(
            f"| {folder} | {len(rows)} | {sum(scores) / len(scores):.3f} | {min(scores):.3f} | {low} |"
        )
    for folder, rows in results.items():
        lines += ["", f"### {folder}", "", "| document | score | weakest aspects |", "| --- | ---: | --- |"]
        lines += [f"| `{name}` | {value:.3f} | {weak.replace('|', '/')} |" for name, value, weak in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--write", type=Path, help="Markdown file whose scores section to replace")
    args = parser.parse_args()
    table = markdown({folder: score_set(args.shared, folder) for folder in SETS})
    if not args.write:
        print(table)
        return
    text = args.write.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    args.write.write_text(f"{before}{START}\n{table}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
