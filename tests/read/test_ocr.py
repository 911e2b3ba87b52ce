"""OCR of scanned and garbled PDF pages, on real documents: when it is used, what it reads, how
it is bounded, and what a record says when it cannot be used.

These tests need Debian's tesseract (`make system-packages` installs it); like PostgreSQL and
Chromium elsewhere, a missing binary fails them rather than skipping.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from minutebook.read import ocr, pdf
from minutebook.read.detect import read_path
from minutebook.read.document import Document

HORSLEY = "corpus-wide/uk-ie/horsley-parish-council-2014-03-18.pdf"  # fonts without a text mapping
GREENVILLE = "corpus-wide/us-ca/greenville-sc-city-council-2023-05-22.pdf"  # a 10-page scan
RIVERGROVE = "corpus/rivergrove-or-city-council-2018-12-10.pdf"  # a good text layer
WELSH = "corpus/manordeilo-salem-community-council-2020-06-10-cy.html"


@pytest.fixture(autouse=True)
def tesseract_installed() -> None:
    if shutil.which("tesseract") is None:
        pytest.fail(
            "tesseract is missing: install tesseract-ocr and tesseract-ocr-eng (make system-packages)"
        )


def read(data: bytes, name: str = "doc.pdf") -> Document:
    return pdf.read(data, name, "0" * 64)


def page_text(path: Path, index: int) -> str:
    document = pdfium.PdfDocument(path)
    try:
        page = document[index]
        return "\n".join(run.text for run in pdf.page_runs(page))
    finally:
        document.close()


def saved(document: pdfium.PdfDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def scanned(path: Path, index: int, dpi: int = 200) -> pdfium.PdfDocument:
    """A real page rendered to an image and put alone on a new page: a scan with no text layer."""
    source = pdfium.PdfDocument(path)
    page = source[index]
    width, height = page.get_size()
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    scan = pdfium.PdfDocument.new()
    new = scan.new_page(width, height)
    image = pdfium.PdfImage.new(scan)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    new.insert_obj(image)
    new.gen_content()
    return scan


def one_page(path: Path, index: int) -> bytes:
    """Page `index` of a real PDF, alone, as it is (a scanned page stays a scan)."""
    single = pdfium.PdfDocument.new()
    single.import_pages(pdfium.PdfDocument(path), [index])
    return saved(single)


# --- Telling words from garble -------------------------------------------------------------------


def test_text_layers_of_words_are_words(shared_dir: Path) -> None:
    for index in range(7):
        assert ocr.looks_like_words(page_text(shared_dir / RIVERGROVE, index)), index
    # Welsh minutes have few English words and fewer a/e/i/o/u (w and y are vowels too): words.
    welsh = read_path(shared_dir / WELSH).text
    assert ocr.wordiness(welsh).vowels < 0.32 * ocr.wordiness(welsh).letters
    assert ocr.looks_like_words(welsh)
    # Other scripts are not judged by Latin letters' vowels and common words.
    greek = "Το Δημοτικό Συμβούλιο συνεδρίασε στο δημαρχείο και ενέκρινε τον προϋπολογισμό " * 10
    assert ocr.looks_like_words(greek)
    # A finance table is mostly numbers: numbers are neither words nor garble.
    table = "\n".join(f"Grant {n}   £{n * 125:,}.00   {n * 3}/{n + 1}/2024   15d" for n in range(1, 40))
    assert ocr.looks_like_words(table)


def test_fonts_without_a_text_mapping_are_not_words(shared_dir: Path) -> None:
    for index in range(3):
        text = page_text(shared_dir / HORSLEY, index)
        assert len(text) > 500
        assert not ocr.looks_like_words(text)


def test_letters_shifted_by_a_wrong_mapping_are_not_words(shared_dir: Path) -> None:
    # A glyph mapping that lands on letters: every letter of real minutes moved 7 places on.
    text = page_text(shared_dir / RIVERGROVE, 0)
    shifted = "".join(
        chr((ord(ch) - 97 + 7) % 26 + 97)
        if "a" <= ch <= "z"
        else chr((ord(ch) - 65 + 7) % 26 + 65)
        if "A" <= ch <= "Z"
        else ch
        for ch in text
    )
    assert ocr.looks_like_words(text)
    assert not ocr.looks_like_words(shifted)


def test_too_little_text_is_not_judged() -> None:
    assert ocr.looks_like_words("#+ 3.")


def test_repairs_of_tesseract_misreadings() -> None:
    assert (
        ocr.repair("held on 18\" March 2014; 2' May; 23° Jan") == "held on 18th March 2014; 2nd May; 23rd Jan"
    )
    assert ocr.repair("Present: Clir N Hackett, Clirs Howells") == "Present: Cllr N Hackett, Cllrs Howells"
    # Only a day before a month, and only the title.
    assert ocr.repair('a 12" pipe; Clirk') == 'a 12" pipe; Clirk'


# --- Reading with OCR ----------------------------------------------------------------------------


def test_garbled_text_layer_is_read_by_ocr(shared_dir: Path) -> None:
    doc = read((shared_dir / HORSLEY).read_bytes())
    assert doc.warnings == ["OCR used on pages 1–3 (text layer not words): words may be misread"]
    text = doc.text
    assert "HORSLEY PARISH COUNCIL" in text
    assert "18th March 2014" in text
    assert "Present: Cllr N Hackett (Chairman)" in text
    # Minute numbers at the left margin, as printed, and on the pages they are printed on.
    numbered = [line for line in doc.lines if re.match(r"14/0\d\d: ", line.text)]
    assert len(numbered) >= 12
    assert {line.page for line in numbered} == {1, 2, 3}
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))
    assert [line.page for line in doc.lines] == sorted(line.page for line in doc.lines)


def test_scanned_page_is_read_by_ocr(shared_dir: Path) -> None:
    doc = read(one_page(shared_dir / GREENVILLE, 0))
    assert doc.warnings == ["OCR used on page 1 (no text layer): words may be misread"]
    lines = [line.text.strip() for line in doc.lines]
    assert lines[:2] == ["MINUTES", "FORMAL MEETING OF CITY COUNCIL"]
    assert "Monday, May 22, 2023 - 5:30 p.m." in lines
    # Item numbers standing apart from their titles, as printed.
    assert [line for line in lines if re.match(r"\d\.\s+[A-Z ]+$", line)][:4] == [
        "1.     CALL TO ORDER",
        "2.     INVOCATION",
        "3.     PLEDGE OF ALLEGIANCE",
        "4.     ROLL CALL",
    ]


def test_ocr_reads_what_the_text_layer_says(shared_dir: Path) -> None:
    """A page scanned from a good PDF: OCR finds the text layer's words, in the same layout."""
    scan = scanned(shared_dir / RIVERGROVE, 0)
    doc = read(saved(scan))
    words = re.findall(r"\w+", page_text(shared_dir / RIVERGROVE, 0).lower())
    read_words = re.findall(r"\w+", doc.text.lower())
    found = sum(min(read_words.count(w), words.count(w)) for w in set(words))
    assert found >= 0.97 * len(words)
    assert doc.lines[0].text.strip() == "Rivergrove City Council Meeting Minutes"


def test_citations_run_through_text_and_scanned_pages(shared_dir: Path) -> None:
    """Page 1 with a text layer, page 2 a scan of page 2: lines numbered through both."""
    mixed = pdfium.PdfDocument((shared_dir / RIVERGROVE).read_bytes())
    mixed.del_page(1)
    mixed.import_pages(scanned(shared_dir / RIVERGROVE, 1), [0], index=1)
    while len(mixed) > 2:
        mixed.del_page(2)
    doc = read(saved(mixed))
    assert doc.warnings == ["OCR used on page 2 (no text layer): words may be misread"]
    plain = read(one_page(shared_dir / RIVERGROVE, 0))
    assert [line.text for line in doc.lines if line.page == 1] == [line.text for line in plain.lines]
    second = [line for line in doc.lines if line.page == 2]
    assert second and second[0].number == len(plain.lines) + 1
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))


# --- Bounds and absence --------------------------------------------------------------------------


def test_document_time_budget(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTEBOOK_OCR_SECONDS", "0")
    doc = read((shared_dir / GREENVILLE).read_bytes())
    assert doc.lines == []
    assert doc.warnings == [
        "OCR gave nothing for pages 1–10 (the document's 0 s OCR time was spent): their content is missing"
    ]


def test_page_time_limit(shared_dir: Path) -> None:
    source = pdfium.PdfDocument(shared_dir / GREENVILLE)
    image, _ = ocr.render_page(source[0])
    with pytest.raises(ocr.OcrFailed, match=r"^over 0 s$"):
        ocr.run_tesseract(image, seconds=0.05)


def test_huge_page_renders_small() -> None:
    """A page declaring itself 5 m square renders within the pixel cap, not at 300 dpi."""
    document = pdfium.PdfDocument.new()
    document.new_page(14400, 14400)
    image, scale = ocr.render_page(document[0])
    assert scale < 0.5
    assert len(image) <= ocr.MAX_PIXELS + 100


def test_without_tesseract_the_document_says_so(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    doc = read((shared_dir / GREENVILLE).read_bytes())
    assert doc.lines == []
    assert doc.warnings == [
        "pages 1–10 have no text layer (scanned?) and OCR is not available (tesseract is not installed; "
        "Debian: apt-get install tesseract-ocr tesseract-ocr-eng): their content is missing"
    ]
    garbled = read((shared_dir / HORSLEY).read_bytes())
    assert len(garbled.warnings) == 1
    assert garbled.warnings[0].startswith("the text layer of pages 1–3 is not words")


def test_ocr_can_be_turned_off(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTEBOOK_OCR", "off")
    doc = read(one_page(shared_dir / GREENVILLE, 0))
    assert doc.lines == []
    assert "turned off by MINUTEBOOK_OCR" in doc.warnings[0]


def test_text_pdfs_are_not_ocrd(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text-layer PDF of the three sets reads without OCR (it would give a warning)."""
    monkeypatch.setattr(ocr, "ocr_pages", lambda *args, **kwargs: pytest.fail("OCR called"))
    for path in sorted(shared_dir.glob("**/*.pdf")):
        if path.name not in {Path(HORSLEY).name, Path(GREENVILLE).name} and "horsley" not in path.name:
            assert read_path(path).warnings == [], path.name


def test_without_tesseract_parse_says_why_nothing_was_read(
    shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from minutebook.errors import NotAMeeting
    from minutebook.parse import parse_document

    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(NotAMeeting, match=r"^scan\.pdf: no text was read: page 1 has no text layer"):
        parse_document(read(one_page(shared_dir / GREENVILLE, 0), "scan.pdf"))


def test_a_pdf_read_again_is_not_ocrd_again(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The web page of a source reads its PDF again to show the lines its facts cite: the same
    lines, from the pages already read, without a second OCR."""
    data = (shared_dir / "corpus-wide/uk-ie/horsley-parish-council-agenda-2014-04-29.pdf").read_bytes()
    first = read(data)
    assert first.warnings == ["OCR used on page 1 (text layer not words): words may be misread"]
    monkeypatch.setattr(ocr, "run_tesseract", lambda *args: pytest.fail("OCR ran again"))
    again = read(data)
    assert [(line.text, line.number, line.page) for line in again.lines] == [
        (line.text, line.number, line.page) for line in first.lines
    ]
    assert again.warnings == first.warnings
