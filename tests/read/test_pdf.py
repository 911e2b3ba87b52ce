"""The PDF reader, against the corpus PDFs and their `pdftotext -layout` copies."""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from minutebook.errors import ReadError
from minutebook.read import pdf
from minutebook.read.document import Document

MANORDEILO = "manordeilo-salem-community-council-2016-02-10"
RIVERGROVE = "rivergrove-or-city-council-2018-12-10"
MERTON = "merton-audit-committee-agenda-pack-2009-10-22"


def read(path: Path) -> Document:
    return pdf.read(path.read_bytes(), path.name, "0" * 64)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def poppler_text(path: Path) -> str:
    """The `pdftotext -layout` copy without what the reader drops on purpose: page numbers, and
    repeats of a running header or footer (a line printed three times or more is kept once)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    seen: set[str] = set()
    kept = []
    for line in lines:
        if re.fullmatch(r"\d+", line) or (lines.count(line) >= 3 and line in seen):
            continue
        seen.add(line)
        kept.append(line)
    return "\n".join(kept)


@pytest.mark.parametrize("stem", [MANORDEILO, RIVERGROVE, MERTON])
def test_words_match_pdftotext(corpus_dir: Path, stem: str) -> None:
    """The same words as poppler's reading: none split, none lost, none invented."""
    ours = Counter(words(read(corpus_dir / f"{stem}.pdf").text))
    furnished = Counter(words((corpus_dir / f"{stem}.txt").read_text(encoding="utf-8")))
    unfurnished = Counter(words(poppler_text(corpus_dir / f"{stem}.txt")))
    assert sum((unfurnished - ours).values()) / unfurnished.total() < 0.01  # lost or split
    assert sum((ours - furnished).values()) / furnished.total() < 0.01  # invented or joined


def test_right_aligned_owners_keep_their_gap(corpus_dir: Path) -> None:
    lines = [line.text for line in read(corpus_dir / f"{MANORDEILO}.pdf").lines]
    owners = [
        line for line in lines if re.search(r"\S {4,}(Clerk|Noted|Cllr\. O\. Williams(/Clerk)?)$", line)
    ]
    txt = (corpus_dir / f"{MANORDEILO}.txt").read_text(encoding="utf-8")
    expected = re.findall(r"\S {4,}(?:Clerk|Noted|Cllr\. O\. Williams(?:/Clerk)?)$", txt, flags=re.MULTILINE)
    assert len(owners) >= len(expected) > 10


def test_numbering_at_the_left_margin(corpus_dir: Path) -> None:
    lines = [line.text for line in read(corpus_dir / f"{MANORDEILO}.pdf").lines]
    headings = [line for line in lines if re.match(r"\d+\. [A-Z ]{5,}", line)]
    assert headings[:3] == [
        "1. WELCOME AND APOLOGIES",
        "2. TO CONFIRM THE MINUTES OF THE LAST MEETING",
        "3. DECLARATIONS OF INTEREST",
    ]


def test_page_numbers_and_positions(corpus_dir: Path) -> None:
    doc = read(corpus_dir / f"{RIVERGROVE}.pdf")
    # Rivergrove prints the page number alone at the foot of each of its 7 pages.
    assert not [line for line in doc.lines if re.fullmatch(r"\s*\d\s*", line.text)]
    assert {line.page for line in doc.lines} == set(range(1, 8))
    # Numbered through the pages, so that a line number alone names one line of the text as read.
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))
    assert [line.page for line in doc.lines] == sorted(line.page for line in doc.lines)
    assert doc.hints["pages"] == 7
    assert doc.lines[0].text == "Rivergrove City Council Meeting Minutes"


def test_running_header_kept_once(corpus_dir: Path) -> None:
    doc = read(corpus_dir / f"{MERTON}.pdf")
    footer = (
        "please check the calendar of events at your local library or online at www.merton.gov.uk/committee"
    )
    assert sum(line.text.strip() == footer for line in doc.lines) == 1
    assert doc.lines[1].text == "Audit Committee"


def test_running_header_kept_where_it_changes(corpus_dir: Path) -> None:
    # The pack's cover says "Audit Committee"; the minutes inside carry their own running header
    # ("AUDIT COMMITTEE / 24 SEPTEMBER 2009"), kept once where it starts, so the parser sees it.
    doc = read(corpus_dir / f"{MERTON}.pdf")
    headers = [line for line in doc.lines if line.text.strip() == "AUDIT COMMITTEE"]
    first_on_page_3 = next(line for line in doc.lines if line.page == 3)
    assert headers == [first_on_page_3]
    assert [line.page for line in doc.lines if line.text.strip() == "24 SEPTEMBER 2009"] == [3, 5]


def scanned_copy(corpus_dir: Path) -> bytes:
    """A real page rendered to an image and put in a new PDF: a scan, with no text layer."""
    source = pdfium.PdfDocument((corpus_dir / f"{RIVERGROVE}.pdf").read_bytes())
    bitmap = source[0].render(scale=0.5)
    scan = pdfium.PdfDocument.new()
    page = scan.new_page(612, 792)
    image = pdfium.PdfImage.new(scan)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(612, 792))
    page.insert_obj(image)
    page.gen_content()
    out = io.BytesIO()
    scan.save(out)
    return out.getvalue()


def test_scanned_pdf_without_ocr_gives_a_warning_not_text(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With OCR (tests/read/test_ocr.py) a scan is read; without it, it says what is missing.
    monkeypatch.setenv("MINUTEBOOK_OCR", "off")
    doc = pdf.read(scanned_copy(corpus_dir), "scan.pdf", "0" * 64)
    assert doc.lines == []
    assert doc.warnings == [
        "page 1 has no text layer (scanned?) and OCR is not available (turned off by MINUTEBOOK_OCR; "
        "Debian: apt-get install tesseract-ocr tesseract-ocr-eng): its content is missing"
    ]


def test_blank_page_is_not_a_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTEBOOK_OCR", "off")
    assert pdf.read(minimal_pdf(), "blank.pdf", "0" * 64).warnings == []


def pdf_file(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF of `objects` (numbered from 1, the first the catalogue) with its cross-reference
    table; `trailer_extra` goes into the trailer."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return out


def minimal_pdf(trailer_extra: bytes = b"") -> bytes:
    """A one-page PDF written by hand; `trailer_extra` can make it claim encryption."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"00" * 32 + b"> /U <" + b"11" * 32 + b"> /P -4 >>",
    ]
    return pdf_file(objects, trailer_extra)


def test_encrypted_pdf() -> None:
    pdf.read(minimal_pdf(), "plain.pdf", "0" * 64)  # the same file unencrypted reads
    encrypted = minimal_pdf(
        b"/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] "
    )
    with pytest.raises(ReadError, match=r"^locked\.pdf: PDF is encrypted: it needs a password"):
        pdf.read(encrypted, "locked.pdf", "0" * 64)


@pytest.mark.parametrize("keep", [100, 5000, 0.5])
def test_truncated_pdf(corpus_dir: Path, keep: float) -> None:
    data = (corpus_dir / f"{RIVERGROVE}.pdf").read_bytes()
    cut = data[: int(len(data) * keep) if keep < 1 else int(keep)]
    with pytest.raises(ReadError, match=r"^cut\.pdf: PDF is damaged or not a PDF"):
        pdf.read(cut, "cut.pdf", "0" * 64)


def test_sniff() -> None:
    assert pdf.sniff(b"%PDF-1.7\n...", "minutes.txt") == 100
    assert pdf.sniff(b"Minutes of the meeting", "minutes.pdf") == 0


def pdf_with_contents(streams: list[tuple[bytes, bytes]]) -> bytes:
    """A one-page PDF whose content streams are `streams`: (filter names, encoded data) each."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ["
        + b" ".join(b"%d 0 R" % (4 + i) for i in range(len(streams)))
        + b"] >>",
    ]
    objects += [
        b"<< /Length %d /Filter %s >>\nstream\n%s\nendstream" % (len(data), filters, data)
        for filters, data in streams
    ]
    return pdf_file(objects)


def flate(megabytes: int, layers: int = 1) -> tuple[bytes, bytes]:
    """A content stream of `megabytes` MB of spaces (valid, if empty, page content), compressed."""
    data = b" " * (megabytes << 20)
    for _ in range(layers):
        data = zlib.compress(data, 9)
    return b"[" + b" /FlateDecode" * layers + b" ]", data


def test_compression_bombs_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streams inflating past the limits are refused before pdfium holds them (issue 10's 44 MB
    PDF with 2 GB streams took 12.5 GB); the same file under the limits reads."""
    monkeypatch.setenv("MINUTEBOOK_PDF_STREAM_MB", "4")
    monkeypatch.setenv("MINUTEBOOK_PDF_INFLATE_MB", "10")
    pdf.read(pdf_with_contents([flate(3), flate(3, layers=2)]), "fine.pdf", "0" * 64)
    one = pdf_with_contents([flate(1), flate(6)])
    assert len(one) < 20_000
    with pytest.raises(ReadError, match=r"^bomb\.pdf: PDF stream at byte \d+ inflates to over 4 MB"):
        pdf.read(one, "bomb.pdf", "0" * 64)
    # Compressed twice, 6 MB is a few hundred bytes: each layer is inflated in turn.
    twice = pdf_with_contents([flate(6, layers=2)])
    assert len(twice) < 2_000
    with pytest.raises(ReadError, match=r"inflates to over 4 MB"):
        pdf.read(twice, "bomb.pdf", "0" * 64)
    with pytest.raises(ReadError, match=r"^bomb\.pdf: PDF streams inflate to over 10 MB in all"):
        pdf.read(pdf_with_contents([flate(3)] * 4), "bomb.pdf", "0" * 64)
