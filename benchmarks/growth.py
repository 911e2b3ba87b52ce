"""Does reading and parsing grow linearly with a document's size? (issue 10, item 2)

    .venv/bin/python benchmarks/growth.py                        # 1, 5, 10, 25 and 50 MB, two shapes
    .venv/bin/python benchmarks/growth.py --sizes 1 5 --shapes minutes
    .venv/bin/python benchmarks/growth.py --markdown benchmarks/out/growth.md

Inputs are generated text (`minutebook.sample`, ModernGov pages copied as text), in two shapes that
stress different steps:
- minutes: one meeting's heading, then the items of many meetings, one after another (many items,
  paragraphs, decisions, names: what a year of a committee pasted into one file looks like);
- paragraph: one meeting whose last item ends with the same sentences run into one paragraph
  with no blank line (what made name extraction quadratic: every name in one paragraph).

Each input is read and parsed (`read.detect.read_path` + `pipeline.parse_document`, what
`minutebook parse FILE` runs) in a child process of its own, so each row's CPU time and peak memory
(`wait4`) are that document's alone. The 50 MB input is a little under the 50 MiB size limit.
Linear growth shows as a flat `s/MB` column; `x of smallest` is each row's s/MB over the smallest
input's (1.0 is perfectly linear; a quadratic step doubles it with each doubling of size).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from minutebook.pipeline import parse_document
from minutebook.read.detect import read_path
from minutebook.sample import meeting_texts
from report import print_tables, write_markdown

MB = 1_000_000
SHAPES = ("minutes", "paragraph")


def _pages() -> Iterator[str]:
    seed = 1
    while True:  # a new council's year each round, so the text never simply repeats
        for _, text in meeting_texts(500, seed=seed):
            yield text
        seed += 1


def generated(shape: str, size: int) -> str:
    """`size` bytes (UTF-8, give or take a page) of text in `shape`."""
    parts: list[str] = []
    total = 0
    for i, page in enumerate(_pages()):
        if shape == "minutes":
            piece = page if i == 0 else page.split("\n", 1)[1]  # the first heading only
        else:
            piece = " ".join(page.split()) + " "
        parts.append(piece)
        total += len(piece.encode("utf-8"))
        if total >= size:
            break
    text = "".join(parts)
    if shape == "paragraph":  # one meeting, its last item closing with the whole run of sentences
        text = f"{next(_pages())}\n\n{text}\n"
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def measure(path: Path) -> tuple[float, float, float, int]:
    """Read and parse `path` in a child (forked with the code already imported): wall seconds,
    CPU seconds, peak MB, items found."""
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    child = os.fork()
    if child == 0:  # the child: read, parse, report the item count, leave
        os.close(read_end)
        try:
            record = parse_document(read_path(path))
            os.write(write_end, str(len(record.items)).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    _, status, usage = os.wait4(child, 0)
    wall = time.perf_counter() - start
    items = os.read(read_end, 64).decode() or "-1"
    os.close(read_end)
    if status != 0:
        sys.exit(f"the child reading {path} ended with status {status}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, int(items)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 10, 25, 50], help="MB each")
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--markdown", type=Path, help="also write the tables here")
    args = parser.parse_args()
    tables = []
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes:
            headers = ["MB", "items", "wall s", "CPU s", "s/MB (CPU)", "x of smallest", "peak MB"]
            rows: list[list[str]] = []
            smallest = None
            for size in args.sizes:
                # 50 MB: just under the reader's 50 MiB limit (52.4 MB), so it is read, not refused.
                path = Path(folder) / f"{shape}-{size:g}.txt"
                path.write_text(generated(shape, int(size * MB)), encoding="utf-8")
                print(f"{shape} {size:g} MB ...", flush=True)
                wall, cpu, peak, items = measure(path)
                per_mb = cpu / size
                smallest = smallest or per_mb
                ratio = per_mb / smallest
                print(f"  {cpu:.1f} s CPU, {per_mb:.2f} s/MB, {peak:.0f} MB peak", flush=True)
                rows.append(
                    [
                        f"{size:g}",
                        str(items),
                        f"{wall:.1f}",
                        f"{cpu:.1f}",
                        f"{per_mb:.2f}",
                        f"{ratio:.2f}",
                        f"{peak:.0f}",
                    ]
                )
                path.unlink()
            tables.append((f"read + parse, shape '{shape}'", (headers, rows)))
    notes = ["Each document read and parsed in a child process of its own; CPU and peak memory from wait4."]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "Growth with document size", notes, tables)


if __name__ == "__main__":
    main()
