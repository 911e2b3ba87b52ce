"""Word reader throughput: generated minutes as .docx (made with python-docx, a test dependency),
read alone and read+parsed, documents/s and MB/s.

    .venv/bin/python benchmarks/word.py                  # 200 meetings of 12 items each
    .venv/bin/python benchmarks/word.py --meetings 50 --markdown benchmarks/out/word.md

Each document holds a header and footer, an attendance table, numbered items (Word's automatic
numbering, worked out by the reader) and three minute paragraphs an item, about the size of a
town council's monthly minutes (3-4 printed pages).
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

import docx

from minutebook.pipeline import parse_document
from minutebook.read.detect import read_bytes
from report import cpu_check, print_tables, write_markdown

ITEMS = 12


def minutes(seed: int) -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Ashcombe Town Council"
    document.sections[0].footer.paragraphs[0].text = "Signed as a correct record"
    document.add_paragraph(
        f"Minutes of the meeting of the Town Council held on {1 + seed % 28} May 2024 at 7 pm"
    )
    table = document.add_table(rows=8, cols=2)
    for n, row in enumerate(table.rows):
        row.cells[0].text, row.cells[1].text = f"Cllr Member{n} Surname{seed}", "Present"
    for item in range(ITEMS):
        document.add_paragraph(f"Business item {item} of meeting {seed}", style="List Number")
        for paragraph in range(3):
            document.add_paragraph(
                f"The council discussed matter {paragraph} of item {item}, heard from the clerk and "
                "noted the report on the play area, the footpaths and the precept for the coming year."
            )
        document.add_paragraph(f"RESOLVED that the recommendation on item {item} be approved.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def measure(files: list[bytes], work: str) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    for n, data in enumerate(files):
        document = read_bytes(data, f"minutes-{n}.docx")
        if work == "read+parse":
            parse_document(document)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    cpu_check()
    files = [minutes(seed) for seed in range(args.meetings)]
    size = sum(map(len, files)) / 2**20
    measure(files[:5], "read+parse")  # untimed: imports and first calls
    rows = []
    for work in ("read", "read+parse"):
        wall, cpu = measure(files, work)
        rows.append(
            [work, f"{len(files) / wall:.0f}", f"{size / wall:.1f}", f"{1000 * cpu / len(files):.1f}"]
        )
    notes = [f".docx reading: {len(files)} generated meetings, {size:.1f} MB, {ITEMS} items each"]
    table = (["stage", "documents/s", "MB/s", "CPU ms/document"], rows)
    print_tables(notes, [(".docx", table)])
    if args.markdown:
        write_markdown(args.markdown, "Word documents", notes, [(".docx", table)])


if __name__ == "__main__":
    main()
