"""Reader throughput: the real documents in ../shared (seeds and corpus), by reader format.

    .venv/bin/python benchmarks/readers.py                   # ~2 s per format and stage
    .venv/bin/python benchmarks/readers.py --seconds 0.5     # quick
    .venv/bin/python benchmarks/readers.py --markdown benchmarks/out/readers.md

Each file is read with `minutebook.read.detect.read_path` and grouped by the format of the
Document it gives (the reader detection chose). Files that are not meetings are left out: the
answer keys (*.expected.json), the folders' notes (README.md, SOURCES.md), and what the readers
refuse as not a meeting (ModernGov web-service lists) or the parser does. Two stages are timed
per document: read alone (`read_path`) and read+parse (`parse_document(read_path(...))`).

After one untimed pass (imports, caches), every document of a format is run once per round,
round after round until the stage has taken `--seconds` (and at least 5 rounds), so a burst of
other work on the machine lands on all of them alike. A document's time is its median over the
rounds (and its best); a format's rate is its documents, bytes or PDF pages over the sum of
those times. The CPU time per document is given too: other work on the machine does not
inflate it.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import pypdfium2 as pdfium

from minutebook.errors import MinutebookError
from minutebook.ingest import source_files
from minutebook.parse import parse_document
from minutebook.read.detect import read_path
from report import print_tables, write_markdown

SHARED = Path(__file__).resolve().parents[2] / "shared"
NOTES = {"README.md", "SOURCES.md"}  # about the corpus, not documents of a council
MIN_ROUNDS = 5


@dataclass(frozen=True)
class Stage:
    seconds: float  # one pass over the format's documents, each at its median
    best: float  # the same at each document's best
    cpu: float  # CPU seconds of one pass, averaged over the rounds
    rounds: int


def documents(folders: list[Path]) -> dict[str, list[Path]]:
    """The meetings among the files under `folders`, by the format their reader gave."""
    found: dict[str, list[Path]] = defaultdict(list)
    for path in source_files(folders):
        if isinstance(path, Path) and path.name not in NOTES and not path.name.endswith(".expected.json"):
            try:
                document = read_path(path)
                parse_document(document)
            except MinutebookError:
                continue  # refused as not a meeting (or unreadable): ingest skips it too
            found[document.format].append(path)
    return dict(sorted(found.items()))


def pages(path: Path) -> int:
    """Printed pages, as pypdfium2 counts them (scanned pages included); 0 for other formats."""
    if path.suffix.lower() != ".pdf":
        return 0
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def timed(paths: list[Path], work: Callable[[Path], object], seconds: float) -> Stage:
    """Rounds of `work` on every path, enough to last `seconds` (see the module's docstring)."""
    for path in paths:  # untimed: first calls import and compile
        work(path)
    runs: dict[Path, list[float]] = defaultdict(list)
    rounds, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while rounds < MIN_ROUNDS or time.perf_counter() - start < seconds:
        for path in paths:
            begun = time.perf_counter()
            work(path)
            runs[path].append(time.perf_counter() - begun)
        rounds += 1
    cpu = (time.process_time() - cpu_start) / rounds
    return Stage(sum(median(r) for r in runs.values()), sum(min(r) for r in runs.values()), cpu, rounds)


def read_and_parse(path: Path) -> object:
    return parse_document(read_path(path))


def row(format_: str, paths: list[Path], printed: int, stage: Stage) -> list[str]:
    """A format's line of a stage's table (the columns of HEADERS)."""
    count, size = len(paths), sum(p.stat().st_size for p in paths)
    return [
        format_,
        str(count),
        f"{size / 1000:,.0f}",
        str(printed) if printed else "",
        str(stage.rounds),
        f"{stage.seconds / count * 1000:.2f}",
        f"{stage.cpu / count * 1000:.2f}",
        f"{count / stage.seconds:,.0f}",
        f"{count / stage.best:,.0f}",
        f"{size / stage.seconds / 1e6:.2f}",
        f"{printed / stage.seconds:,.0f}" if printed else "",
        f"{os.getloadavg()[0]:.1f}",  # just after the stage: other work on the machine meanwhile
    ]


HEADERS = ["format", "docs", "KB", "pages", "rounds", "ms/doc", "CPU ms/doc", "docs/s", "docs/s best"]
HEADERS += ["MB/s", "pages/s", "load"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "folders",
        nargs="*",
        type=Path,
        default=[SHARED / "seeds", SHARED / "corpus"],
        help="where the files are",
    )
    parser.add_argument(
        "--seconds", type=float, default=2.0, help="timed seconds per format and stage, at least"
    )
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()
    found = documents(args.folders)
    read_rows, parsed_rows = [], []
    for format_, paths in found.items():
        print(f"{format_}: {len(paths)} documents ...", flush=True)
        printed = sum(pages(p) for p in paths)
        read_rows.append(row(format_, paths, printed, timed(paths, read_path, args.seconds)))
        parsed_rows.append(row(format_, paths, printed, timed(paths, read_and_parse, args.seconds)))
    total = sum(len(paths) for paths in found.values())
    notes = [
        f"{total} documents in {', '.join(str(f) for f in args.folders)}, one process;"
        f" at least {args.seconds:g} s of rounds per format and stage.",
        "ms/doc: a pass over the format's documents at each one's median, over their number;"
        " docs/s best: the same at each one's best; pages/s: PDF pages (pypdfium2's count).",
    ]
    tables = [
        ("Read alone (`read_path`), by format", (HEADERS, read_rows)),
        ("Read+parse (`parse_document(read_path(...))`), by format", (HEADERS, parsed_rows)),
    ]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "Readers", notes, tables)


if __name__ == "__main__":
    main()
