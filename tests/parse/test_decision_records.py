"""Records of decisions (a list or table of decisions with maker, date, subject, decision and
status) read as a meeting record, one item a decision, from text, Markdown, HTML and PDF; and
minutes that only mention such a record are read as minutes."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from minutebook.parse.decision_records import DATE_LABEL, MAKER_LABEL
from minutebook.pipeline import parse_document
from minutebook.read.detect import read_bytes
from minutebook.record import MeetingRecord
from read.test_pdf import pdf_file  # tests/read: PDFs made byte by byte

NOTICES = """Exampleton Borough Council

Record of 'minded-to' decisions made by Commissioners since 11th January 2016

Reference: CD/2016/01
Subject: Taxi licensing policy
Decision maker: Commissioner Mary Ney
Date of decision: 13 January 2016
Decision: Minded to approve the revised taxi licensing policy, subject to consultation.
Reasons for the decision: The policy was last revised in 2009.
Status: Minded-to; consultation closes 10 February 2016

Reference: CD/2016/02
Subject: Disposal of depot
Decision maker: Commissioner Mary Ney
Date of decision: 20 January 2016
Decision: To dispose of the former depot site at Station Road.

Reference: CD/2016/03
Subject: Home to school transport
Decision maker: Commissioner Malcolm Newsam
Date of decision: 3 February 2016
Decision: Approved the home to school transport policy (minded-to decision CD/2015/19).
Status: Final decision
"""

TABLE = """# Exampleshire County Council

## Delegated decisions taken by officers and Cabinet Members, March 2024

| Ref | Date | Decision maker | Subject | Decision | Status |
|---|---|---|---|---|---|
| DD/24/11 | 4 March 2024 | Cabinet Member for Highways | Mill Lane | To introduce a 20 mph limit. | Done |
| DD/24/12 | 11 March 2024 | Director of Finance | Treasury | To approve the treasury strategy. | Done |
"""

DETAILS = """<html><head><title>Decision - Housing Strategy - Exampleton Borough Council</title></head><body>
<h1>Decision details</h1>
<h2>Approval of the Housing Strategy</h2>
<dl><dt>Decision Maker:</dt><dd>Cabinet Member for Housing</dd>
<dt>Decision status:</dt><dd>Recommendations Approved</dd>
<dt>Is Key decision?:</dt><dd>Yes</dd></dl>
<h3>Decision:</h3><p>The Cabinet Member approved the Housing Strategy 2024-2029.</p>
<h3>Reasons for the decision:</h3><p>The strategy sets the council's housing priorities.</p>
<p>Date of decision: 11/03/2024</p>
</body></html>
"""


def record(text: str | bytes, name: str) -> MeetingRecord:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_document(read_bytes(data, name))


def fields(item_minutes: list) -> dict[str, str]:
    return dict(p.text.split(": ", 1) for p in item_minutes if ": " in p.text)


def test_labelled_decisions_are_items_with_maker_date_and_kind() -> None:
    found = record(NOTICES, "minded-to.txt")
    assert (found.body, found.date) == ("Record of 'minded-to' decisions made by Commissioners", "2016-02-03")
    assert found.council == "Exampleton Borough Council"
    assert [(i.number, i.title) for i in found.items] == [
        ("CD/2016/01", "Taxi licensing policy"),
        ("CD/2016/02", "Disposal of depot"),
        ("CD/2016/03", "Home to school transport"),
    ]
    # One decision an item, nothing read twice from its fields; minded-to unless the status says final.
    assert [[d.kind for d in i.decisions] for i in found.items] == [
        ["minded-to"],
        ["minded-to"],
        ["resolved"],
    ]
    assert found.items[1].decisions[0].text == "To dispose of the former depot site at Station Road."
    first = fields(found.items[0].minutes)
    assert (first[MAKER_LABEL], first[DATE_LABEL]) == ("Commissioner Mary Ney", "13 January 2016")
    assert first["Reasons for the decision"] == "The policy was last revised in 2009."
    assert any("record of decisions" in w for w in found.warnings)
    assert {p.name for p in found.people} >= {"Mary Ney", "Malcolm Newsam"}


def test_a_markdown_table_of_decisions_is_read_by_its_header_row() -> None:
    found = record(TABLE, "delegated.md")
    assert found.body == "Delegated decisions taken by officers and Cabinet Members"  # the month is no name
    assert found.date == "2024-03-11"
    assert [(i.number, fields(i.minutes)[MAKER_LABEL]) for i in found.items] == [
        ("DD/24/11", "Cabinet Member for Highways"),
        ("DD/24/12", "Director of Finance"),
    ]
    assert [i.decisions[0].text for i in found.items] == [
        "To introduce a 20 mph limit.",
        "To approve the treasury strategy.",
    ]


def test_a_moderngov_decision_page_in_html() -> None:
    found = record(DETAILS, "decision.html")
    assert (found.body, found.council) == (
        "Decisions of Cabinet Member for Housing",
        "Exampleton Borough Council",
    )
    [item] = found.items
    assert item.title == "Approval of the Housing Strategy"
    assert fields(item.minutes)["Status"] == "Recommendations Approved"
    assert [(d.kind, d.text) for d in item.decisions] == [
        ("resolved", "The Cabinet Member approved the Housing Strategy 2024-2029.")
    ]
    assert found.date == "2024-03-11"


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF printing `lines` top to bottom in Helvetica."""
    shown = b"".join(
        b"BT /F1 10 Tf 50 %d Td (%s) Tj ET\n" % (760 - 14 * i, line.encode("latin-1"))
        for i, line in enumerate(lines)
    )
    stream = zlib.compress(shown)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_file(objects)


def test_a_pdf_record_of_decisions() -> None:
    lines = [line for line in NOTICES.splitlines()[:19] if line]
    found = record(text_pdf([line.replace("'", "") for line in lines]), "minded-to.pdf")
    assert found.source.format == "pdf"
    assert [(i.number, i.decisions[0].kind) for i in found.items] == [
        ("CD/2016/01", "minded-to"),
        ("CD/2016/02", "minded-to"),
    ]
    assert fields(found.items[1].minutes)[MAKER_LABEL] == "Commissioner Mary Ney"


def test_minutes_that_mention_a_record_of_decisions_stay_minutes(seeds_dir: Path) -> None:
    """The Commissioners' meeting attaches a "Record of 'minded-to' decisions": the minutes are read
    as minutes (its six items), not as that record."""
    path = seeds_dir / "rotherham-commissioners-public-meeting-2016-03-16.txt"
    found = parse_document(read_bytes(path.read_bytes(), path.name))
    assert [i.number for i in found.items] == ["1", "2", "3", "4", "5", "6"]
    assert not any("record of decisions" in w for w in found.warnings)


def test_a_heading_without_labelled_makers_is_no_record_of_decisions() -> None:
    text = """Record of Decisions

Cabinet - Wednesday 10 July 2013 10.00 a.m.

1. Revenue Budget

Resolved: - That the report be noted.
"""
    found = record(text, "cabinet.txt")
    assert not any("record of decisions" in w for w in found.warnings)


def test_a_table_whose_cells_wrap_over_lines_is_kept_as_text_and_said_so() -> None:
    """A PDF's table with cells wrapped over two lines interleaves their words: no decision is
    guessed from it, its lines are kept, and the warnings say why. Never refused."""
    text = """Record of decisions taken by Cabinet Members

Ref      Date           Decision maker     Subject     Decision                         Status
CM/1     13 January     Cabinet Member     Parking     Minded to approve the revised    Minded-to
01       2016           for Highways       charges     parking charges.
"""
    found = record(text, "cabinet-member-decisions-2016-01-20.txt")
    assert [i.decisions for i in found.items] == [[]]
    assert any("could not be read cell by cell" in w for w in found.warnings)
    assert "parking charges." in " ".join(p.text for p in found.items[0].minutes)
    assert found.date == "2016-01-20"  # from the file name, as its warning says


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        ("Minded-to; final decision to be made after consultation", "minded-to"),
        ("Minded-to decision confirmed", "resolved"),
        ("Final decision", "resolved"),
        ("Implemented", "resolved"),
    ],
)
def test_the_status_says_whether_a_decision_is_minded_to(status: str, kind: str) -> None:
    text = f"""Record of decisions made by the Leader

Subject: Museum opening
Decision maker: The Leader
Date of decision: 1 March 2016
Decision: To open the museum on Sundays.
Status: {status}
"""
    [item] = record(text, "leader.txt").items
    assert [d.kind for d in item.decisions] == [kind]
