"""The generic HTML reader, against the Manordeilo and Salem minutes pages (English and Welsh)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from minutebook.errors import ReadError
from minutebook.read import html
from minutebook.read.document import Document

ENGLISH = "manordeilo-salem-community-council-2020-06-10.html"
WELSH = "manordeilo-salem-community-council-2020-06-10-cy.html"


def read(path: Path) -> Document:
    return html.read(path.read_bytes(), path.name, "0" * 64)


def test_one_line_per_block_with_source_lines(corpus_dir: Path) -> None:
    doc = read(corpus_dir / ENGLISH)
    source = (corpus_dir / ENGLISH).read_text(encoding="utf-8").splitlines()
    assert doc.hints["date"] == "2020-06-10"
    assert "WELCOME AND APOLOGIES" in [line.text for line in doc.lines]
    for line in doc.lines:
        first_word = re.escape(line.text.split()[0])
        assert re.search(first_word, source[line.number - 1]), (line.number, line.text)


def test_item_headings_in_order(corpus_dir: Path) -> None:
    doc = read(corpus_dir / ENGLISH)
    headings = [line.text for line in doc.lines if re.fullmatch(r"[A-Z0-9 ,&]{5,}", line.text)]
    assert headings[:4] == [
        "PRESENT",
        "WELCOME AND APOLOGIES",
        "TO CONFIRM THE MINUTES OF THE LAST MEETING",
        "DECLARATIONS OF INTEREST",
    ]
    assert "ANNUAL RETURN FOR YEAR ENDING 31ST MARCH 2020" in [line.text for line in doc.lines]


def test_right_aligned_owner_keeps_a_gap(corpus_dir: Path) -> None:
    lines = [line.text for line in read(corpus_dir / ENGLISH).lines]
    assert (
        "4.4.4.4.5iv) The identification of Common Land in Salem was still ongoing." + html.GAP + "Clerk"
        in lines
    )
    assert sum(line.endswith(html.GAP + "Noted") for line in lines) == 4


def test_table_cells_stay_on_one_line(corpus_dir: Path) -> None:
    lines = [line.text for line in read(corpus_dir / ENGLISH).lines]
    planning = next(line for line in lines if line.startswith("E/40480"))
    assert planning.split(html.GAP) == [
        "E/40480",
        "Agricultural Storage Building",
        "Panteg Bungalow",
        "Capel Isaac",
        "SA19 7TE",
        "R Lewis",
        "NO OBJECTIONS",
    ]


def test_welsh_version_reads_alike(corpus_dir: Path) -> None:
    english, welsh = read(corpus_dir / ENGLISH), read(corpus_dir / WELSH)
    assert welsh.hints["date"] == english.hints["date"]
    assert abs(len(welsh.lines) - len(english.lines)) <= 5


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>a\n   b</p>", ["a b"]),
        ("<p>Action\t\tClerk</p>", ["Action" + html.GAP + "Clerk"]),
        ("<p>one<br>two</p><script>var x = '<p>no</p>';</script>", ["one", "two"]),
        ("<p>&nbsp;</p><p>R&amp;D &pound;5</p>", ["R&D £5"]),
    ],
)
def test_blocks(markup: str, expected: list[str]) -> None:
    assert [text for _, text in html.html_blocks(markup)] == expected


def test_page_without_text() -> None:
    with pytest.raises(ReadError, match=r"^empty\.html: HTML page has no text$"):
        html.read(
            b"<html><head><script>x()</script></head><body><p> </p></body></html>", "empty.html", "0" * 64
        )


def test_legacy_encoding() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 – £5</p></body></html>'
    doc = html.read(page.encode("cp1252"), "old.html", "0" * 64)
    assert doc.lines[0].text == "Café – £5"


def test_sniff() -> None:
    # Markup outranks what a text reader guesses from one phrase (60): HTML read as text is noise.
    assert html.sniff(b"<!DOCTYPE html><html><body>", "x.txt") > 60
    assert html.sniff(b"<div><p>a</p><p>b</p></div>", "fragment.txt") > 60
    assert html.sniff(b"---\ntitle: x\n---\n<p>a</p><p>b</p><p>c</p>", "post.md") == 0
    assert html.sniff(b"Minutes of the meeting", "x.html") == 0
