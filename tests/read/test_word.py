"""Word processor documents: .docx and .odt built with python-docx and odfpy as a clerk's minutes
would be written (automatic numbering, an attendance table, a header naming the council, a
"DRAFT" footer, tracked changes), a .doc and a PDF printed from the .docx by LibreOffice, .rtf,
and the hostile packages the reader must refuse in one line."""

from __future__ import annotations

import functools
import io
import random
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from odf.opendocument import OpenDocumentText
from odf.style import ListLevelProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, ListLevelStyleNumber, ListStyle, P

from minutebook.errors import ReadError
from minutebook.pipeline import parse_document
from minutebook.read.detect import read_bytes, read_path
from minutebook.read.numbering import render_number

ITEMS = ["Apologies for absence", "Declarations of interest", "Planning applications", "Date of next meeting"]
HEADING = "Minutes of the meeting of Ashcombe Parish Council held on Tuesday 12 March 2024 at 7.30 pm"


def minutes_docx(path: Path) -> Path:
    """Minutes as a parish clerk types them in Word: the agenda items an automatic numbered list."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Ashcombe Parish Council"
    section.footer.paragraphs[0].text = "DRAFT minutes, subject to approval"
    document.add_paragraph(HEADING)
    document.add_paragraph("Present:")
    table = document.add_table(rows=3, cols=2)
    for row, (name, role) in zip(
        table.rows,
        [("Cllr Anne Baker", "Chair"), ("Cllr Tom Hughes", ""), ("Mrs Jane Cole", "Clerk")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = name, role
    for title in ITEMS:
        document.add_paragraph(title, style="List Number")
        document.add_paragraph(f"The council considered the {title.lower()}.")
        if title == "Planning applications":
            document.add_paragraph("RESOLVED that no objection be raised to application 24/0012.")
    document.save(path)
    return path


def test_docx_numbering_tables_and_page_furniture(tmp_path: Path) -> None:
    read = read_path(minutes_docx(tmp_path / "minutes.docx"))
    texts = [line.text for line in read.lines]
    assert read.format == "docx"
    assert texts[0] == "Ashcombe Parish Council"  # the header, once, first
    assert texts[-1] == "DRAFT minutes, subject to approval"  # the footer, once, last
    assert [t for t in texts if t[:2] in ("1.", "2.", "3.", "4.")] == [
        f"{n}. {t}" for n, t in enumerate(ITEMS, 1)
    ]
    assert "| Cllr Anne Baker | Chair |" in texts
    wheres = {line.hints["where"] for line in read.lines}
    assert {"page header", "page footer", "table 1, row 2", "paragraph 1"} <= wheres
    assert [line.number for line in read.lines] == list(range(1, len(read.lines) + 1))


def test_docx_minutes_parse_like_any_other(tmp_path: Path) -> None:
    record = parse_document(read_path(minutes_docx(tmp_path / "minutes.docx")))
    assert record.date == "2024-03-12"
    assert [(item.number, item.title) for item in record.items] == [
        (str(n), t) for n, t in enumerate(ITEMS, 1)
    ]
    [planning] = [item for item in record.items if item.title == "Planning applications"]
    assert planning.decisions


def _rewrite(path: Path, member: str, change) -> None:
    """Rewrite one member of a zip package in place."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[member] = change(parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_docx_tracked_changes_are_accepted_and_comments_left_out(tmp_path: Path) -> None:
    path = tmp_path / "tracked.docx"
    document = docx.Document()
    document.add_paragraph("MARKER")
    document.save(path)
    tracked = (
        b'<w:r><w:t xml:space="preserve">The council </w:t></w:r>'
        b'<w:del w:id="1" w:author="Clerk"><w:r><w:delText>refused</w:delText></w:r></w:del>'
        b'<w:ins w:id="2" w:author="Clerk"><w:r><w:t>approved</w:t></w:r></w:ins>'
        b'<w:r><w:t xml:space="preserve"> the budget.</w:t></w:r>'
    )
    _rewrite(path, "word/document.xml", lambda xml: xml.replace(b"<w:r><w:t>MARKER</w:t></w:r>", tracked))
    assert "The council approved the budget." in [line.text for line in read_path(path).lines]


def test_odt_numbered_list_and_table(tmp_path: Path) -> None:
    document = OpenDocumentText()
    numbered = ListStyle(name="Numbered")
    level = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
    level.addElement(ListLevelProperties())
    numbered.addElement(level)
    document.automaticstyles.addElement(numbered)
    document.text.addElement(H(outlinelevel=1, text=HEADING))
    table = Table(name="Attendance")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for name, role in [("Cllr Anne Baker", "Chair"), ("Mrs Jane Cole", "Clerk")]:
        row = TableRow()
        for value in (name, role):
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    listing = List(stylename=numbered)
    for title in ITEMS:
        item = ListItem()
        item.addElement(P(text=title))
        listing.addElement(item)
    document.text.addElement(listing)
    buffer = io.BytesIO()
    document.write(buffer)
    read = read_bytes(buffer.getvalue(), "minutes.odt")
    texts = [line.text for line in read.lines]
    assert read.format == "odt"
    assert texts[0] == HEADING
    assert "| Cllr Anne Baker | Chair |" in texts
    assert [t for t in texts if t[:2] in ("1.", "2.", "3.", "4.")] == [
        f"{n}. {t}" for n, t in enumerate(ITEMS, 1)
    ]


def test_rtf_is_read_as_text_with_a_warning() -> None:
    rtf = (
        rb"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard "
        + HEADING.encode()
        + rb"\par 1. Apologies\par}"
    )
    read = read_bytes(rtf, "minutes.rtf")
    assert read.format == "rtf"
    assert [line.text for line in read.lines][:2] == [HEADING, "1. Apologies"]
    assert any("plain text" in warning for warning in read.warnings)


def _libreoffice(source: Path, to: str) -> Path:
    office = shutil.which("soffice")
    assert office, "LibreOffice (Debian libreoffice-writer-nogui) is needed: make system-packages installs it"
    subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{source.parent}/lo-profile", "--convert-to", to,
         "--outdir", str(source.parent), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return source.with_suffix(f".{to}")


def test_a_docx_and_the_pdf_printed_from_it_give_the_same_items(tmp_path: Path) -> None:
    source = minutes_docx(tmp_path / "minutes.docx")
    from_word = parse_document(read_path(source))
    from_pdf = parse_document(read_path(_libreoffice(source, "pdf")))
    assert [(i.number, i.title) for i in from_pdf.items] == [(i.number, i.title) for i in from_word.items]
    assert (from_pdf.date, from_pdf.body) == (from_word.date, from_word.body)


def test_a_word_97_document_is_read_through_antiword(tmp_path: Path) -> None:
    old = _libreoffice(minutes_docx(tmp_path / "minutes.docx"), "doc")
    read = read_path(old)
    assert read.format == "doc"
    assert any(HEADING in line.text for line in read.lines)
    assert any("plain text" in warning for warning in read.warnings)


def _package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package,
        package.open("word/document.xml", "w") as member,
    ):
        for _ in range(210):
            member.write(bytes(1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_bomb, "inflates to 210 MB, over the 200 MB limit"),
        (lambda: _package({f"word/part{n}.xml": b"<x/>" for n in range(2500)}), "2500 parts, over the limit"),
        (
            lambda: _package(
                {
                    "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    b"<d>&e;</d>"
                }
            ),
            "word/document.xml refused",
        ),
        (lambda: _package({"word/styles.xml": b"<x/>"}), "no word/document.xml"),
        (lambda: b"PK\x03\x04 not really a zip", "not a readable office package"),
    ],
)
def test_hostile_or_broken_packages_are_one_line(data, message: str) -> None:
    with pytest.raises(ReadError) as refused:
        read_bytes(data(), "minutes.docx")
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_macros_and_embedded_objects_are_ignored_with_a_warning(tmp_path: Path) -> None:
    path = minutes_docx(tmp_path / "macro.docx")
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("word/vbaProject.bin", b"\x00" * 64)
        package.writestr("word/embeddings/oleObject1.bin", b"\x00" * 64)
    warnings = read_path(path).warnings
    assert any("macros" in w for w in warnings) and any("embeds" in w for w in warnings)


@pytest.mark.parametrize(
    ("value", "style", "shown"),
    [(3, "decimal", "3"), (3, "lowerLetter", "c"), (28, "lowerLetter", "bb"), (14, "upperRoman", "XIV"),
     (4, "i", "iv"), (2, "A", "B"), (7, "decimalZero", "07")],
)  # fmt: skip
def test_list_numbers_render_as_word_shows_them(value: int, style: str, shown: str) -> None:
    assert render_number(value, style) == shown


@pytest.mark.parametrize("seed", range(60))
def test_damaged_word_documents_are_one_line(seed: int) -> None:
    chance = random.Random(seed)
    data = bytearray(minutes_bytes())
    for _ in range(chance.randint(1, 20)):
        data[chance.randrange(len(data))] = chance.randrange(256)
    if seed % 3 == 0:
        data = data[: chance.randrange(len(data))]
    try:
        read_bytes(bytes(data), "minutes.docx")
    except ReadError as refused:
        assert "\n" not in str(refused)


@functools.cache
def minutes_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(HEADING)
    document.save(buffer)
    return buffer.getvalue()
