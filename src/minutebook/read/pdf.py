"""PDF minutes -> text lines laid out as on the page, through pypdfium2's text layer.

The layout matters to the parser: item numbers sit at the left margin, sub-points are indented,
and clerks push an action's owner to the right margin. So text runs are placed on lines by their
position: one Line per printed line (page and line on the page), indentation kept in spaces,
a wide gap inside a line kept as a gap of at least four spaces, a blank line where the page
leaves vertical space. Running headers and footers (text repeated at the top or bottom of most
pages) and page numbers are dropped, since they would otherwise land inside minute paragraphs.

A page whose text layer is missing (a scan) or is not words (fonts without a text mapping) is
read by OCR instead (see `ocr`), into lines laid out the same way, numbered and cited by page like
the rest; the Document's warnings name the pages ("OCR used on pages 1–3 ..."), or say why they
could not be read (no tesseract, over the OCR time). Time is bounded per document (text layer and
OCR apart); what the streams inflate to is counted before pdfium sees them, so a compression bomb
is refused (`check_inflation`); the size check in `detect` bounds the input.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from minutebook.errors import ReadError
from minutebook.read import ocr
from minutebook.read.detect import Reader
from minutebook.read.document import Document, Line

TIME_LIMIT = 60.0  # seconds per document
PAGE_LIMIT = 3000
# Bytes a PDF's compressed streams may inflate to, one stream and all together (MB; override with
# MINUTEBOOK_PDF_STREAM_MB and MINUTEBOOK_PDF_INFLATE_MB). pdfium holds a page's content streams
# inflated, several times over: a 44 MB file of streams inflating to 2 GB each took 12.5 GB. Real
# minutes are far below: a content stream is kilobytes, a 300 dpi colour scan of a page 26 MB.
STREAM_MB = 128
INFLATE_MB = 1024
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
    box_left, box_right, box_bottom, box_top = (ctypes.c_double() for _ in range(4))
    try:
        chars: list[tuple[str, float, float, float, float]] = []
        for index in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
            if char in "\r\n" or not char.isspace():
                pdfium_c.FPDFText_GetCharBox(textpage.raw, index, box_left, box_right, box_bottom, box_top)
                chars.append((char, box_left.value, box_bottom.value, box_right.value, box_top.value))
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


def _limit_mb(variable: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(variable, default)))
    except ValueError:
        return default


_CHUNK = 1 << 20  # most bytes one inflating step gives
_INPUT = 1 << 16  # compressed bytes fed to it at a time


def stream_starts(data: bytes) -> Iterator[int]:
    """Where each stream's data starts: after the keyword `stream` and its end of line. Found with
    bytes.find, not a regex: a regex with a look-behind scans a 50 MB file a byte at a time."""
    at = data.find(b"stream")
    while at >= 0:
        end = at + 6
        if data[at - 3 : at] != b"end":
            if data[end : end + 2] == b"\r\n":
                yield end + 2
            elif data[end : end + 1] in (b"\n", b"\r"):
                yield end + 1
        at = data.find(b"stream", end)


def _zlib_header(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def _inflate(chunks: Iterator[bytes | memoryview]) -> Iterator[bytes]:
    """The Flate data in `chunks`, inflated a piece of at most 1 MB at a time, up to its end or
    the first error (a damaged stream inflates as far as it goes, as in pdfium)."""
    inflater = zlib.decompressobj()
    for chunk in chunks:
        data: bytes | memoryview = chunk
        while data and not inflater.eof:
            try:
                out = inflater.decompress(data, _CHUNK)
            except zlib.error:
                return
            if out:
                yield out
            data = inflater.unconsumed_tail
        if inflater.eof:
            return


def _largest_layer(chunks: Iterator[bytes | memoryview], limit: int, depth: int = 0) -> int:
    """Bytes the largest Flate layer of `chunks` inflates to, counted up to just over `limit`.

    A stream compressed twice inflates a million times over, so a layer whose output is Flate
    data again is inflated in turn (three layers deep). Nothing inflated is kept.
    """
    outputs = _inflate(chunks)
    first = next(outputs, b"")
    produced = len(first)
    inner = 0
    if depth < 2 and _zlib_header(first[:2]):

        def counted() -> Iterator[bytes]:
            nonlocal produced
            yield first
            for out in outputs:
                produced += len(out)
                yield out
                if produced > limit:
                    return

        inner = _largest_layer(counted(), limit, depth + 1)
    for out in outputs:  # what the inner layer left unread
        if produced > limit or inner > limit:
            break
        produced += len(out)
    return max(produced, inner)


def inflated_size(data: bytes, start: int, limit: int) -> int:
    """What the stream at byte `start` inflates to (its largest layer), up to just over `limit`;
    0 when it is not Flate data (an image's own compression is for the renderer to bound)."""
    if not _zlib_header(data[start : start + 2]):
        return 0
    view = memoryview(data)
    pieces = (view[at : at + _INPUT] for at in range(start, len(data), _INPUT))
    return _largest_layer(pieces, limit)


def check_inflation(data: bytes, name: str) -> None:
    """Refuse a PDF whose streams inflate past the limits (a compression bomb), before pdfium
    holds them in memory: each stream is inflated here a piece at a time and counted."""
    stream_limit = _limit_mb("MINUTEBOOK_PDF_STREAM_MB", STREAM_MB) << 20
    document_limit = _limit_mb("MINUTEBOOK_PDF_INFLATE_MB", INFLATE_MB) << 20
    total = 0
    for start in stream_starts(data):
        size = inflated_size(data, start, min(stream_limit, document_limit - total))
        if size > stream_limit:
            raise ReadError(
                name,
                f"PDF stream at byte {start} inflates to over {stream_limit >> 20} MB "
                "(a compression bomb?); the limit is MINUTEBOOK_PDF_STREAM_MB",
            )
        total += size
        if total > document_limit:
            raise ReadError(
                name,
                f"PDF streams inflate to over {document_limit >> 20} MB in all "
                "(a compression bomb?); the limit is MINUTEBOOK_PDF_INFLATE_MB",
            )


def open_pdf(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = LOAD_ERRORS.get(getattr(error, "err_code", 0), f"PDF could not be read ({error})")
        raise ReadError(name, reason) from None


def _page_text(runs: list[Run]) -> str:
    return "\n".join(run.text for run in runs)


def _has_image(page: pdfium.PdfPage) -> bool:
    return next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)), None) is not None


def page_ranges(pages: list[int]) -> str:
    """'1–3, 5' for pages [1, 2, 3, 5]."""
    spans: list[list[int]] = []
    for page in sorted(pages):
        if spans and page == spans[-1][1] + 1:
            spans[-1][1] = page
        else:
            spans.append([page, page])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def _plural(pages: list[int]) -> str:
    return f"page{'s' if len(pages) > 1 else ''} {page_ranges(pages)}"


def _their(pages: list[int]) -> str:
    return "their" if len(pages) > 1 else "its"


@dataclass
class Unread:
    """Pages (1-based) whose text layer is no use: none (a scan) or not words (garbled fonts)."""

    scanned: list[int]
    garbled: list[int]

    def __bool__(self) -> bool:
        return bool(self.scanned or self.garbled)


def text_layer(pdf: pdfium.PdfDocument, name: str, started: float) -> tuple[list[list[Run]], Unread]:
    """Each page's runs from its text layer, and which pages need OCR instead."""
    pages: list[list[Run]] = []
    unread = Unread([], [])
    for index in range(len(pdf)):
        if time.monotonic() - started > TIME_LIMIT:
            raise ReadError(name, f"PDF took over {TIME_LIMIT:.0f} s to read; stopped at page {index + 1}")
        try:
            page = pdf[index]
            try:
                runs = page_runs(page)
                text = _page_text(runs)
                # A scan may carry a stamped page number or a few words of a header: a page with an
                # image and almost no text is a scan all the same. One with neither is blank.
                if sum(not ch.isspace() for ch in text) < ocr.MIN_CHARS and _has_image(page):
                    unread.scanned.append(index + 1)
                elif not ocr.looks_like_words(text):
                    unread.garbled.append(index + 1)
            finally:
                page.close()
        except pdfium.PdfiumError:
            raise ReadError(name, f"PDF page {index + 1} is damaged") from None
        pages.append(runs)
    return pages, unread


def ocr_unread(
    pdf: pdfium.PdfDocument, data: bytes, pages: list[list[Run]], unread: Unread, started: float
) -> list[str]:
    """Replace the runs of the unread pages by what OCR reads on them; the warnings to give. The OCR
    budget counts from `started`, when reading began: on a slow or busy machine the text layer and
    rendering eat into it, and the whole document still answers within the budget and a few
    seconds, with the pages left unread named, rather than past a caller's time limit."""
    try:
        if os.environ.get("MINUTEBOOK_OCR", "").lower() in {"0", "off", "no", "false"}:
            raise ocr.OcrUnavailable("turned off by MINUTEBOOK_OCR")
        indexes = [page - 1 for page in sorted(unread.scanned + unread.garbled)]
        left = ocr.document_seconds() - (time.monotonic() - started)
        results = ocr.ocr_pages(pdf, indexes, document=hashlib.sha256(data).hexdigest(), seconds=left)
    except ocr.OcrUnavailable as error:
        return _without_ocr(unread, str(error))
    used: list[int] = []
    failed: dict[int, str] = {}
    for result in results:
        page = result.index + 1
        if result.runs is None:
            failed[page] = result.error or "no answer"
            continue
        read = [Run(*box) for box in result.runs]
        # A garbled text layer is replaced only by OCR that reads better than it: as words, or
        # (a page of names or figures, say) with more of it shaped like words.
        if page in unread.garbled and not _better(read, pages[result.index]):
            continue
        pages[result.index] = read
        used.append(page)
    warnings = []
    if used:
        kinds = [
            kind
            for kind, group in (("no text layer", unread.scanned), ("text layer not words", unread.garbled))
            if set(group) & set(used)
        ]
        warnings.append(f"OCR used on {_plural(used)} ({'; '.join(kinds)}): words may be misread")
    for reason in sorted(set(failed.values())):
        lost = [page for page, why in failed.items() if why == reason]
        warnings.append(f"OCR gave nothing for {_plural(lost)} ({reason}): {_their(lost)} content is missing")
    return warnings


def _better(read: list[Run], layer: list[Run]) -> bool:
    text = _page_text(read)
    return ocr.looks_like_words(text) or ocr.wordiness(text).share > ocr.wordiness(_page_text(layer)).share


def _without_ocr(unread: Unread, reason: str) -> list[str]:
    why = f"OCR is not available ({reason}; Debian: apt-get install tesseract-ocr tesseract-ocr-eng)"
    warnings = []
    if unread.scanned:
        warnings.append(
            f"{_plural(unread.scanned)} {'have' if len(unread.scanned) > 1 else 'has'} no text layer "
            f"(scanned?) and {why}: {_their(unread.scanned)} content is missing"
        )
    if unread.garbled:
        warnings.append(
            f"the text layer of {_plural(unread.garbled)} is not words (fonts without a text mapping?) "
            f"and {why}: {_their(unread.garbled)} text is kept as it is, garbled"
        )
    return warnings


def read(data: bytes, name: str, sha256: str) -> Document:
    started = time.monotonic()
    check_inflation(data, name)
    pdf = open_pdf(data, name)
    try:
        if len(pdf) > PAGE_LIMIT:
            raise ReadError(name, f"PDF has {len(pdf)} pages, over the {PAGE_LIMIT}-page limit")
        runs, unread = text_layer(pdf, name, started)
        warnings = ocr_unread(pdf, data, runs, unread, started) if unread else []
    finally:
        pdf.close()
    pages = [page_lines(page) for page in runs]
    lines = document_lines(pages)
    return Document(
        name=name, sha256=sha256, format="pdf", lines=lines, hints={"pages": len(pages)}, warnings=warnings
    )


def sniff(head: bytes, name: str) -> int:
    # The PDF header may follow some junk, within the first KiB.
    return 100 if b"%PDF-" in head[:1024] else 0


READER = Reader(format="pdf", sniff=sniff, read=read)
