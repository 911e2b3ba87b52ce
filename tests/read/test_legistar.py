"""The Legistar MeetingDetail reader, against the recorded Saint Paul page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from minutebook.errors import ReadError
from minutebook.parse import parse_document
from minutebook.read import legistar
from minutebook.read.detect import read_path
from minutebook.read.document import Document

STEM = "saint-paul-mn-city-council-legistar-meetingdetail-2019-01-23"


@pytest.fixture(scope="module")
def doc(corpus_dir: Path) -> Document:
    path = corpus_dir / f"{STEM}.html"
    return legistar.read(path.read_bytes(), path.name, "0" * 64)


@pytest.fixture(scope="module")
def key(corpus_dir: Path) -> dict:
    return json.loads((corpus_dir / f"{STEM}.expected.json").read_text())


def test_header(doc: Document, key: dict) -> None:
    for field in ("body", "date", "time", "venue", "minutes_status"):
        assert doc.hints[field] == key["header"][field], field
    assert doc.hints["council"] == "City of Saint Paul"
    assert doc.url is not None and doc.url.startswith(
        "https://stpaul.legistar.com/MeetingDetail.aspx?ID=673702"
    )


def test_items_in_printed_order(doc: Document, key: dict) -> None:
    numbers = [line.text for line in doc.lines if line.role == "item-number"]
    titles = [line.text for line in doc.lines if line.role == "item-title"]
    assert list(zip(numbers, titles, strict=True)) == [(i["number"], i["title"]) for i in key["items"]]


def test_votes_are_decisions(doc: Document, key: dict) -> None:
    decisions: dict[str, int] = {}
    number = ""
    for line in doc.lines:
        if line.role == "item-number":
            number = line.text
            decisions[number] = 0
        elif line.role == "decision":
            decisions[number] += 1
    for item in key["items"]:
        if "decisions" in item:
            assert decisions[item["number"]] == item["decisions"], item["number"]
    laid_over = next(
        line for line in doc.lines if line.role == "decision" and line.hints["action"] == "Laid Over"
    )
    assert laid_over.hints["result"] == "Pass"


def test_file_number_kept_in_hints(doc: Document) -> None:
    first = next(line for line in doc.lines if line.role == "item-number")
    assert first.hints["file"] == "Min 19-4"
    assert first.hints["legislation_url"].startswith("LegislationDetail.aspx?ID=3837719")


def test_public_comments_follow_as_text(doc: Document) -> None:
    comments = [line.text for line in doc.lines if line.role is None]
    assert len(comments) == 2
    assert any("Sponsors: Prince, Noecker and Thao" in text for text in comments)


def test_rows_cite_their_source_lines(doc: Document, corpus_dir: Path) -> None:
    source = (corpus_dir / f"{STEM}.html").read_text(encoding="utf-8").splitlines()
    rows = [line.number for line in doc.lines if line.role == "item-number"]
    assert rows == sorted(rows) or len(set(rows)) == 25
    assert all("gridMain_ctl00__" in source[number - 1] for number in rows)


def test_sniff_and_other_html(corpus_dir: Path) -> None:
    head = (corpus_dir / f"{STEM}.html").read_bytes()[:65536]
    assert legistar.sniff(head, "page.txt") >= 80
    manordeilo = (corpus_dir / "manordeilo-salem-community-council-2020-06-10.html").read_bytes()
    assert legistar.sniff(manordeilo[:65536], "x.html") == 0
    with pytest.raises(ReadError, match="Legistar page without a meeting"):
        legistar.read(manordeilo, "x.html", "0" * 64)


def test_title_is_the_meeting_name(corpus_dir: Path) -> None:
    record = parse_document(
        read_path(corpus_dir / "saint-paul-mn-city-council-legistar-meetingdetail-2019-01-23.html")
    )
    assert record.title == record.body == "City Council"
