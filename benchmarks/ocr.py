"""OCR throughput: PDF pages read by tesseract per second, on the real documents that need it.

    .venv/bin/python benchmarks/ocr.py                     # ~1 min on an idle 2-core machine
    .venv/bin/python benchmarks/ocr.py --markdown benchmarks/out/ocr.md

The documents are the PDFs of ../shared/corpus-wide whose pages the PDF reader sends to OCR: a
10-page scan with no text layer (Greenville) and two documents whose text layer is not words
(Horsley minutes and agenda, fonts without a text mapping). Each is read whole with
`minutebook.read.pdf.read`, OCR's time budget lifted so every page is read, once with the
reader's page workers (two tesseracts side by side on two cores) and once with one.

Per row: wall-clock seconds and pages/s; the CPU seconds of this process and of the tesseract
processes it ran (os.times' children), per page; and how long rendering a page to the 300 dpi
image alone takes. On a shared machine the CPU figures are the ones to compare: other work
slows the wall clock, not the CPU a page costs.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pypdfium2 as pdfium

from minutebook.read import ocr, pdf
from report import print_tables, write_markdown

SHARED = Path(__file__).resolve().parents[2] / "shared"
DOCUMENTS = [
    "corpus-wide/us-ca/greenville-sc-city-council-2023-05-22.pdf",
    "corpus-wide/uk-ie/horsley-parish-council-2014-03-18.pdf",
    "corpus-wide/uk-ie/horsley-parish-council-agenda-2014-04-29.pdf",
]


def ocr_pages_of(path: Path) -> int:
    """Pages the reader sends to OCR (scanned or garbled)."""
    document = pdfium.PdfDocument(path)
    try:
        _, unread = pdf.text_layer(document, path.name, time.monotonic())
    finally:
        document.close()
    return len(unread.scanned) + len(unread.garbled)


def render_ms(path: Path) -> float:
    """Mean milliseconds to render one page of `path` to OCR's greyscale image."""
    document = pdfium.PdfDocument(path)
    try:
        start = time.perf_counter()
        for index in range(len(document)):
            ocr.render_page(document[index])
        return (time.perf_counter() - start) / len(document) * 1000
    finally:
        document.close()


def timed_read(path: Path, workers: int) -> tuple[float, float, list[str]]:
    """Wall and CPU seconds (this process and its tesseracts) to read `path`, and its warnings."""
    ocr.workers = lambda: workers  # type: ignore[assignment]  # the reader asks this each document
    data = path.read_bytes()
    ocr.CACHE.clear()  # OCR'd pages are kept for a second read of the same PDF: time the first
    before, start = os.times(), time.perf_counter()
    document = pdf.read(data, path.name, "0" * 64)
    wall, after = time.perf_counter() - start, os.times()
    cpu = sum(
        getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system")
    )
    return wall, cpu, document.warnings


def row(name: str, pages: int, workers: int, wall: float, cpu: float, rendering: str) -> list[str]:
    return [
        name,
        str(pages),
        str(workers),
        f"{wall:.1f}",
        f"{pages / wall:.2f}",
        f"{cpu:.1f}",
        f"{cpu / pages:.2f}",
        rendering,
        f"{os.getloadavg()[0]:.1f}",  # just after: other work on the machine meanwhile
    ]


HEADERS = ["document", "OCR pages", "workers", "wall s", "pages/s", "CPU s", "CPU s/page", "render ms/page"]
HEADERS += ["load"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()
    os.environ["MINUTEBOOK_OCR_SECONDS"] = "3600"  # every page read, whatever the load
    rows = []
    totals: dict[int, list[float]] = {2: [0, 0.0, 0.0], 1: [0, 0.0, 0.0]}
    for name in DOCUMENTS:
        path = SHARED / name
        pages, rendering = ocr_pages_of(path), render_ms(path)
        for workers in (2, 1):
            print(f"{path.name}: {pages} pages, {workers} worker(s) ...", flush=True)
            wall, cpu, warnings = timed_read(path, workers)
            assert warnings and warnings[0].startswith("OCR used on"), warnings
            totals[workers][0] += pages
            totals[workers][1] += wall
            totals[workers][2] += cpu
            rows.append(row(path.name, pages, workers, wall, cpu, f"{rendering:.0f}"))
    for workers, (pages, wall, cpu) in totals.items():
        rows.append(row("all", int(pages), workers, wall, cpu, ""))
    notes = [
        "pdf.read of each document with OCR (tesseract 300 dpi, one OpenMP thread a process);"
        " CPU s: this process and its tesseracts; load: 1-minute load average just after.",
    ]
    tables = [("OCR (`read.pdf.read` of PDFs whose pages need it)", (HEADERS, rows))]
    print_tables(notes, tables)
    if args.markdown:
        write_markdown(args.markdown, "OCR", notes, tables)


if __name__ == "__main__":
    main()
