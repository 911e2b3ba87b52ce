"""PDF minutes -> text lines laid out as on the page, through pypdfium2's text layer.

The layout matters to the parser: item numbers sit at the left margin, sub-points are indented,
and clerks push an action's owner to the right margin. So text runs are placed on lines by their
position: one Line per printed line (page and line on the page), indentation kept in spaces,
a wide gap inside a line kept as a gap of at least four spaces, a blank line where the page
leaves vertical space. Running headers and footers (text repeated at the top or bottom of most
pages) and page numbers are dropped, since they would otherwise land inside minute paragraphs.

A page without a text layer (a scan) gives a warning in the Document, never invented text.
Time is bounded per document; pdfium itself bounds what it decompresses per stream, and the
size check in `detect` bounds the input.
"""

from __future__ import annotations

import ctypes
import re
import time
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from minutebook.errors import ReadError
from minutebook.read.detect import Reader
from minutebook.read.document import Document, Line

TIME_LIMIT = 60.0  # seconds per document
PAGE_LIMIT = 3000
MIN_GAP = 4  # spaces a wide in-line gap is worth at least (as the HTML reader's GAP)

# pdfium's FPDF_GetLastError codes -> a reason a person can act on.
LOAD_ERRORS = {
    2: "PDF file could not be opened",
    3: "PDF is damaged or not a PDF (pdfium: data format error)",
    4: "PDF is encrypted: it needs a password, remove the protection first",
    5: "PDF uses an unsupported security handler (encrypted)",
    6: "PDF page is damaged",
}

_PAGE_NUMBER = re.compile(r"(?i)^[-–—\s]*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–—\s]*$")


@dataclass
class Run:
    """A piece of one printed line with no wide gap inside, and its box on the page."""

    text: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def char_width(self) -> float:
        return (self.right - self.left) / max(1, len(self.text.rstrip()))


def page_runs(page: pdfium.PdfPage) -> list[Run]:
    """The page's text as runs: pieces of a printed line with no wide gap inside.

    Built from characters, not from pdfium's text rectangles, because a rectangle may span a
    tab ("instrument.            Clerk") and the gap is what shows a right-aligned owner.
    """
    textpage = page.get_textpage()
    # pdfium's C calls, not the wrapper's get_charbox: this loop is most of a PDF's reading time.
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    try:
        chars = []
        for index in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
            if char in "\r\n" or not char.isspace():
                pdfium_c.FPDFText_GetCharBox(textpage.raw, index, left, right, bottom, top)
                chars.append((char, left.value, bottom.value, right.value, top.value))
            else:
                chars.append((" ", 0.0, 0.0, 0.0, 0.0))
    finally:
        textpage.close()
    widths = sorted(right - left for char, left, _, right, _ in chars if char.isalnum())
    char_width = max(widths[len(widths) // 2], 1.0) if widths else 5.0
    runs: list[Run] = []
    text, box = "", None
    for char, left, bottom, right, top in chars:
        if char in "\r\n" or (box and char != " " and (left - box[2] > 2.5 * char_width or left < box[0])):
            if box and text.strip():
                runs.append(Run(text.strip(), *box))
            text, box = "", None
        if char in "\r\n":
            continue
        text += "\ufffd" if 0xD800 <= ord(char) <= 0xDFFF else char
        if char != " ":
            box = (
                (left, bottom, right, top)
                if box is None
                else (box[0], min(box[1], bottom), right, max(box[3], top))
            )
    if box and text.strip():
        runs.append(Run(text.strip(), *box))
    return runs


def group_lines(runs: list[Run]) -> list[list[Run]]:
    """Runs on the same printed line, each line left to right.

    A run joins the line above it when their heights overlap by half the smaller one, so a
    superscript ("10th") or a tall quote mark stays on its line instead of making one of its own.
    """
    lines: list[list[Run]] = []
    band = (0.0, 0.0)
    for run in sorted(runs, key=lambda r: -(r.top + r.bottom)):
        overlap = min(band[1], run.top) - max(band[0], run.bottom)
        if lines and overlap >= 0.5 * min(band[1] - band[0], run.top - run.bottom):
            lines[-1].append(run)
            band = (min(band[0], run.bottom), max(band[1], run.top))
        else:
            lines.append([run])
            band = (run.bottom, run.top)
    return [sorted(line, key=lambda r: r.left) for line in lines]


def line_text(line: list[Run], margin: float, char_width: float) -> str:
    # pdfium's own text already carries the spaces between words; a run may still split a
    # word ("Coun" + "cil"), so runs are joined as they are unless the page leaves a gap.
    text = " " * max(0, round((line[0].left - margin) / char_width))
    previous: Run | None = None
    for run in line:
        if previous is not None:
            gap = run.left - previous.right
            if gap > 2.5 * char_width:
                text = text.rstrip() + " " * max(MIN_GAP, round(gap / char_width))
            elif gap > char_width and not text.endswith(" ") and not run.text.startswith(" "):
                text += " "
        text += run.text if previous is None or not text.endswith(" ") else run.text.lstrip()
        previous = run
    return text.rstrip()


def page_lines(runs: list[Run]) -> list[tuple[str, float, float]]:
    """(text, top, bottom) of each printed line, blank lines not yet added."""
    if not runs:
        return []
    margin = min(run.left for run in runs)
    widths = sorted(run.char_width for run in runs if len(run.text.strip()) > 2) or [5.0]
    char_width = max(widths[len(widths) // 2], 1.0)
    grouped = group_lines(runs)
    return [
        (line_text(line, margin, char_width), max(r.top for r in line), min(r.bottom for r in line))
        for line in grouped
    ]


def _shape(text: str) -> str:
    """A line with its digits masked, so 'Page 3' and 'Page 4' are the same running footer."""
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def running_lines(pages: list[list[tuple[str, float, float]]]) -> set[str]:
    """Shapes of the lines found among the first or last two lines of three pages or more."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_shape(text) for text, _, _ in lines[:2] + lines[-2:]})
    # Three pages are enough: agenda packs change their running header from report to report.
    return {shape for shape, count in counts.items() if count >= 3 and sum(ch.isalpha() for ch in shape) >= 4}


def _edge(lines: list[tuple[str, float, float]], running: set[str]) -> frozenset[str]:
    return frozenset(shape for text, _, _ in lines if (shape := _shape(text)) in running)


def document_lines(pages: list[list[tuple[str, float, float]]]) -> list[Line]:
    running = running_lines(pages)
    # A running header or footer is kept where it changes from the page before: the first copy
    # often names the body, and an agenda pack starts a new one ("AUDIT COMMITTEE / 24 SEPTEMBER
    # 2009") with each report or set of minutes it carries.
    before: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    out: list[Line] = []
    for page_number, lines in enumerate(pages, start=1):
        edges = (_edge(lines[:2], running), _edge(lines[-2:], running))
        repeated = {id(line) for line in lines[:2] if edges[0] == before[0]}
        repeated |= {id(line) for line in lines[-2:] if edges[1] == before[1]}
        before = edges
        number_places = {id(line) for line in lines[:3] + lines[-3:]}
        kept = [
            line
            for line in lines
            if not (id(line) in repeated and _shape(line[0]) in running)
            and not (id(line) in number_places and _PAGE_NUMBER.match(line[0]))
        ]
        heights = sorted(top - bottom for _, top, bottom in kept) or [10.0]
        line_height = heights[len(heights) // 2]
        previous_bottom: float | None = None
        for text, top, bottom in kept:
            if previous_bottom is not None and previous_bottom - top > 0.8 * line_height:
                out.append(Line(text="", number=len(out) + 1, page=page_number))
            # Numbered through the pages, not within each, so that a line number alone names one
            # line of the text as read (what a record's facts cite); `page` says where it was printed.
            out.append(Line(text=text, number=len(out) + 1, page=page_number))
            previous_bottom = bottom
    return out


def open_pdf(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = LOAD_ERRORS.get(getattr(error, "err_code", 0), f"PDF could not be read ({error})")
        raise ReadError(name, reason) from None


def read(data: bytes, name: str, sha256: str) -> Document:
    started = time.monotonic()
    pdf = open_pdf(data, name)
    try:
        if len(pdf) > PAGE_LIMIT:
            raise ReadError(name, f"PDF has {len(pdf)} pages, over the {PAGE_LIMIT}-page limit")
        pages: list[list[tuple[str, float, float]]] = []
        without_text: list[int] = []
        for index in range(len(pdf)):
            if time.monotonic() - started > TIME_LIMIT:
                raise ReadError(
                    name, f"PDF took over {TIME_LIMIT:.0f} s to read; stopped at page {index + 1}"
                )
            try:
                page = pdf[index]
                try:
                    runs = page_runs(page)
                finally:
                    page.close()
            except pdfium.PdfiumError:
                raise ReadError(name, f"PDF page {index + 1} is damaged") from None
            if not runs:
                without_text.append(index + 1)
            pages.append(page_lines(runs))
    finally:
        pdf.close()
    warnings = []
    if len(without_text) == len(pages):
        warnings.append(
            f"no text layer on any of its {len(pages)} pages (a scanned document?): "
            "nothing was read; OCR it first"
        )
    elif without_text:
        listed = ", ".join(map(str, without_text))
        warnings.append(f"pages {listed} have no text layer (scanned?): their content is missing")
    lines = document_lines(pages)
    letters = sum(ch.isalpha() for line in lines for ch in line.text)
    printable = sum(not ch.isspace() for line in lines for ch in line.text)
    if printable > 200 and letters < 0.4 * printable:
        warnings.append("the text layer looks garbled (few letters): the PDF's fonts may lack a text mapping")
    return Document(
        name=name, sha256=sha256, format="pdf", lines=lines, hints={"pages": len(pages)}, warnings=warnings
    )


def sniff(head: bytes, name: str) -> int:
    # The PDF header may follow some junk, within the first KiB.
    return 100 if b"%PDF-" in head[:1024] else 0


READER = Reader(format="pdf", sniff=sniff, read=read)
