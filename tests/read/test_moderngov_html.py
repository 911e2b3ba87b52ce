"""The ModernGov page reader, against pages written from a founding document's content.

No whole ModernGov page is stored in ../shared (see corpus/SOURCES.md). The seed
rotherham-commissioners-public-meeting-2016-03-16.txt is such a page copied as text; the
tests put its text back into ModernGov's documented markup (mgItemTable rows, mgAiTitleTxt,
mgBulletList, mgSubItemTitleTxt, mgWordPara, mgActionList) and check that reading the page
gives back the seed's items, as its answer key lists them.
"""

from __future__ import annotations

import html
import json
import re
from functools import partial
from pathlib import Path

import pytest

from minutebook.errors import ReadError
from minutebook.read import moderngov_html
from minutebook.read.document import Document

esc = partial(html.escape, quote=False)  # as ModernGov writes text: quotes left as they are
SEED = "rotherham-commissioners-public-meeting-2016-03-16"


def seed_items(text: str) -> tuple[list[str], list[list[str]]]:
    """The seed's header lines and, per item, its lines (number first), blank lines dropped."""
    lines = [line.replace("\xa0", " ").strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    start = lines.index("No. Item") + 1
    items: list[list[str]] = []
    for line in lines[start:]:
        if re.fullmatch(r"\d+\.", line):
            items.append([])
        items[-1].append(line)
    return lines[: start - 2], items


def row(item: list[str], presenters: set[str]) -> str:
    number, title, *rest = item
    attached = re.match(r"(.*) pdf icon (PDF \d+ KB)$", title)
    if attached:
        link = f'<a class="mgAiTitleLnk" href="documents/s1/report.pdf">{esc(attached[1])}'
        link += f' <img alt="pdf icon" src="x.gif"> {attached[2]}</a>'
        title_markup = f'<p class="mgAiTitleTxt">{link}</p>'
    else:
        title_markup = f'<p class="mgAiTitleTxt">{esc(title)}</p>'
    cells = [title_markup]
    for line in rest:
        if line in ("Minutes:", "Additional documents:"):
            cells.append(f'<p class="mgSubItemTitleTxt">{line}</p>')
        elif line in presenters:
            cells.append(f'<ul class="mgBulletList"><li>{esc(line)}</li></ul>')
        else:
            cut = re.match(r"(.*?)\s*(view the full minutes text for item \d+\.?)$", line)
            text = esc(cut[1]) + f' <a href="mgIssueHistory.aspx">{cut[2]}</a>' if cut else esc(line)
            cells.append(f'<div class="mgWordPara"><p class="MsoNormal">{text}</p></div>')
    cells.append(
        f'<ul class="mgActionList"><li><a href="x">View the decision for item {number}</a></li></ul>'
    )
    body = "\n".join(cells)
    number_cell = f'<td class="mgItemNumberCell"><p class="mgAiTitleTxt">{number}</p></td>'
    return f"<tr>\n{number_cell}\n<td>\n{body}\n</td>\n</tr>"


def list_documents_page(seeds_dir: Path, key: dict) -> str:
    header, items = seed_items((seeds_dir / f"{SEED}.txt").read_text(encoding="utf-8"))
    presenters = {name for item in key["items"] for name in item.get("presenters", [])}
    status, heading, venue = header
    rows = "\n".join(row(item, presenters) for item in items)
    return f"""<!DOCTYPE html>
<html><head><title>Agenda for {esc(heading)}</title></head>
<body><div id="modgov">
<ul class="mgBreadCrumbs"><li><a href="/">Home</a></li><li>Committee details</li></ul>
<h1 class="mgMainTitleTxt">{status}</h1>
<h2 class="mgSubTitleTxt">{esc(heading)}</h2>
<p class="mgVenue">{esc(venue)}</p>
<table class="mgItemTable" id="mgItemTable">
<tr><th>No.</th><th>Item</th></tr>
{rows}
</table>
<div class="mgFooter"><p>Contact: Democratic Services</p></div>
</div></body></html>
"""


@pytest.fixture(scope="module")
def key(seeds_dir: Path) -> dict:
    return json.loads((seeds_dir / f"{SEED}.expected.json").read_text())


@pytest.fixture(scope="module")
def page(seeds_dir: Path, key: dict) -> str:
    return list_documents_page(seeds_dir, key)


@pytest.fixture(scope="module")
def doc(page: str) -> Document:
    return moderngov_html.read(page.encode("utf-8"), "ieListDocuments.aspx", "0" * 64)


def test_header(doc: Document, key: dict) -> None:
    for field in ("body", "date", "time", "venue"):
        assert doc.hints[field] == key["header"][field], field
    assert [line.text for line in doc.lines if line.role == "status"] == ["Agenda and draft minutes"]


def test_items(doc: Document, key: dict) -> None:
    numbers = [line.text for line in doc.lines if line.role == "item-number"]
    titles = [line.text for line in doc.lines if line.role == "item-title"]
    assert list(zip(numbers, titles, strict=True)) == [(i["number"], i["title"]) for i in key["items"]]


def test_presenters_and_documents(doc: Document, key: dict) -> None:
    presenters = [line.text for line in doc.lines if line.role == "presenter"]
    assert presenters == [name for item in key["items"] for name in item.get("presenters", [])]
    (document,) = [line for line in doc.lines if line.role == "document"]
    expected = key["items"][1]["documents"][0]
    assert (document.text, document.hints["size"], document.hints["format"]) == (
        expected["title"],
        expected["size"],
        "pdf",
    )
    assert document.hints["url"] == "documents/s1/report.pdf"


def test_minutes_keep_their_text_and_truncation(doc: Document, seeds_dir: Path) -> None:
    minutes = [line.text for line in doc.lines if line.role == "minutes"]
    assert (
        sum(line == "Minutes:" for line in (ln.text for ln in doc.lines if ln.role == "minutes-start")) == 6
    )
    refs = [m.group(0) for line in minutes if (m := re.match(r"\d+\.\d+", line))]
    assert refs[:3] == ["1.1", "1.2", "1.3"]
    assert any(line.endswith("view the full minutes text for item 2.") for line in minutes)
    assert not any("View the decision" in line.text for line in doc.lines)
    assert not any("Democratic Services" in line.text or line.text == "Home" for line in doc.lines)


def test_positions_are_page_lines(doc: Document, page: str) -> None:
    source = page.splitlines()
    for line in doc.lines:
        first_word = esc(line.text.split()[0])
        assert first_word in source[line.number - 1], (line.number, line.text)


def test_item_page(seeds_dir: Path, key: dict) -> None:
    """An mgAi.aspx page: one item (item 5, with its "Action:") of the same meeting."""
    _, items = seed_items((seeds_dir / f"{SEED}.txt").read_text(encoding="utf-8"))
    number, title, *rest = items[4]
    paragraphs = "\n".join(
        f'<p class="mgSubItemTitleTxt">{line}</p>'
        if line == "Minutes:"
        else f'<div class="mgWordPara">{esc(line)}</div>'
        for line in rest
    )
    page = f"""<html><body><h1 class="mgMainTitleTxt">Issue - items at meetings - {esc(title)}</h1>
<p>Meeting: 16/03/2016 - Commissioners' Public Meeting with Councillors (Item {number.rstrip(".")})</p>
{paragraphs}
</body></html>"""
    doc = moderngov_html.read(page.encode(), "mgAi.aspx", "0" * 64)
    assert (doc.hints["body"], doc.hints["date"]) == (key["header"]["body"], key["header"]["date"])
    assert [(line.role, line.text) for line in doc.lines[1:3]] == [
        ("item-number", "5"),
        ("item-title", title),
    ]
    minutes = [line.text for line in doc.lines if line.role == "minutes"]
    assert "Action: Commissioner Myers will take a fresh look and review this issue." in minutes


def test_paragraphs_under_one_decision_label_are_one_decision() -> None:
    page = """<h2>Cabinet - Wednesday 21 November 2012 10.30 a.m.</h2><table class="mgItemTable"><tr>
<td class="mgItemNumberCell"><p class="mgAiTitleTxt">4.</p></td><td><p class="mgAiTitleTxt">Budget</p>
<p class="mgSubItemTitleTxt">Decision:</p><div class="mgWordPara"><p>RESOLVED:</p><p>(1) to agree</p>
<p>(2) to note</p></div><p class="mgSubItemTitleTxt">Minutes:</p><div class="mgWordPara"><p>Discussed.</p>
</div></td></tr></table>"""
    doc = moderngov_html.read(page.encode(), "x.html", "0" * 64)
    assert [(line.role, line.text) for line in doc.lines if line.role in ("decision", "minutes")] == [
        ("decision", "RESOLVED: (1) to agree (2) to note"),
        ("minutes", "Discussed."),
    ]
    assert doc.hints["time"] == "10:30"


def test_page_without_items_or_heading() -> None:
    with pytest.raises(ReadError, match="without agenda items"):
        moderngov_html.read(b'<html><body><p class="mgWordPara">x</p></body></html>', "x.html", "0" * 64)
    table = b'<table class="mgItemTable"><tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt">1.</p></td>'
    table += b"</tr></table>"
    with pytest.raises(ReadError, match="without a meeting heading"):
        moderngov_html.read(table, "x.html", "0" * 64)


def test_sniff(page: str, corpus_dir: Path) -> None:
    assert moderngov_html.sniff(page.encode()[:65536], "page.txt") > 90
    manordeilo = (corpus_dir / "manordeilo-salem-community-council-2020-06-10.html").read_bytes()
    assert moderngov_html.sniff(manordeilo, "x.html") == 0
