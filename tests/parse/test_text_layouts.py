"""parse_document on text layouts of the corpus other than ModernGov pages: numbered lines,
Markdown headings, hard-wrapped PDF text, HTML in Markdown, headings in capitals."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.parse import parse_document
from minutebook.parse.blocks import Block, make_blocks
from minutebook.parse.items import find_text_items
from minutebook.read.detect import read_path
from minutebook.read.document import Line
from minutebook.record import MeetingRecord


def parse(corpus_dir: Path, name: str) -> MeetingRecord:
    return parse_document(read_path(corpus_dir / name))


@pytest.fixture(scope="module")
def stoke_ferry(corpus_dir: Path) -> MeetingRecord:
    return parse(corpus_dir, "stoke-ferry-parish-council-2013-07-10.md")


def test_header_split_over_two_lines(stoke_ferry: MeetingRecord) -> None:
    assert (stoke_ferry.body, stoke_ferry.date, stoke_ferry.time) == (
        "Stoke Ferry Parish Council",
        "2013-07-10",
        "19:30",
    )
    assert stoke_ferry.venue == "The Community Centre"


def test_numbered_lines_with_title_before_colon(stoke_ferry: MeetingRecord) -> None:
    assert [i.number for i in stoke_ferry.items] == [str(n) for n in range(1, 15)]
    first = stoke_ferry.items[0]
    assert first.title == "Those Attending"
    assert first.minutes[0].text.startswith("Cllr J Nicholas-Letch (Chairman)")
    # "a) Item 4c Minutes ..." are points of item 4, not items.
    assert [p.ref for p in stoke_ferry.items[3].minutes][:2] == ["(a)", "(b)"]


def test_attendance_from_an_item(stoke_ferry: MeetingRecord) -> None:
    present = [(a.name, a.role) for a in stoke_ferry.attendance if a.status == "present"]
    assert present[:2] == [("J Nicholas-Letch", "Chairman"), ("D Clements", "Vice-Chair")]
    assert [a.name for a in stoke_ferry.attendance if a.status == "apologies"] == ["C Sampson", "T Ryves"]


def test_motions_in_parish_minutes(stoke_ferry: MeetingRecord) -> None:
    public = stoke_ferry.items[5]
    assert len(public.decisions) == 2
    assert public.decisions[0].movers == ["Cllr Mrs Clements"]
    assert [a.owner for a in stoke_ferry.items[8].actions] == ["Clerk"]


def test_hard_wrapped_text_is_joined(corpus_dir: Path) -> None:
    record = parse(corpus_dir, "limerick-city-county-council-special-2024-12-19.md")
    assert (record.body, record.title) == (
        "Limerick City and County Council",
        "Special Meeting of Limerick City and County Council",
    )
    assert record.venue == "The Council Chamber, Dooradoyle, and Online"
    assert [i.title for i in record.items] == [
        "Filling of Casual Vacancy by Co-option",
        "Filling of Subsequent Vacancies",
        "Strategic Policy Committees",
    ]
    co_option = record.items[0]
    assert any("declared Mr. Padraigh Reale co-opted" in p.text for p in co_option.minutes)
    assert [len(i.decisions) for i in record.items] == [1, 2, 4]
    names = {a.name for a in record.attendance}
    assert {"B. Collins", "M. Collins", "P. Daly", "Ward"} <= names


def test_markdown_headings_with_dotted_numbers(corpus_dir: Path) -> None:
    record = parse(corpus_dir, "london-on-special-council-2025-03-25.md")
    assert (record.body, record.title, record.time) == ("Council", "5th Special Council Meeting", "11:30")
    numbers = [i.number for i in record.items]
    assert numbers[8:12] == ["9", "9.1", "9.1.1", "9.1.2"]
    assert record.items[11].title.startswith("736-773 Dundas Street")
    by_laws = record.items[numbers.index("13")]
    first = by_laws.decisions[0]
    assert first.text.startswith("That Introduction and First Reading")
    assert (first.movers, first.seconders) == (["H. McAlister"], ["P. Cuddy"])
    assert first.vote is not None and (first.vote.for_, first.vote.against) == (14, 0)


def test_html_in_markdown_and_front_matter_title(corpus_dir: Path) -> None:
    record = parse(corpus_dir, "dclg-local-public-data-panel-2011-03-23.md")
    assert (record.body, record.date) == ("Local Public Data Panel", "2011-03-23")
    assert [i.number for i in record.items] == ["1", "2", "3", "4", "5"]
    assert len(record.items[1].actions) == 7 and record.items[1].actions[0].owner == "DCLG"
    assert ("Nigel Shadbolt", "present", "Chair") in {(a.name, a.status, a.role) for a in record.attendance}


def test_headings_in_capitals(corpus_dir: Path) -> None:
    record = parse(corpus_dir, "manordeilo-salem-community-council-2020-06-10.html")
    assert record.body == "Manordeilo and Salem Community Council"
    assert record.items[0].title == "WELCOME AND APOLOGIES" and len(record.items) == 13
    assert [a.name for a in record.attendance if a.status == "apologies"] == [
        "Kim Davies",
        "Hubert Gwynne",
        "Dorian Jenkins",
        "Doris Jones",
    ]


def test_sections_in_capitals_with_numbered_entries(corpus_dir: Path) -> None:
    record = parse(corpus_dir, "rivergrove-or-city-council-2018-12-10.txt")
    assert (record.time, record.venue) == ("19:01", "River Grove Elementary School")
    heads = [(i.number, i.title[:20]) for i in record.items]
    assert heads[:5] == [
        (None, "CALL TO ORDER AND RO"),
        (None, "Tualatin Valley Fire"),  # a title line in mixed case, among headings in capitals
        (None, "UNFINISHED BUSINESS"),
        ("1", "Review of Notice of "),
        ("2", "Continuation of the "),
    ]
    reports = next(i for i, item in enumerate(record.items) if item.title == "COMMITTEE REPORTS")
    assert [i.title for i in record.items[reports + 1 : reports + 4]] == ["Transportation", "Parks", "Giving"]
    # Numbering starts again under the next section.
    consent = next(i for i, item in enumerate(record.items) if item.title == "CONSENT AGENDA")
    assert record.items[consent + 1].number == "1"
    present = [a.name for a in record.attendance if a.status == "present"]
    assert present[:2] == ["Heather Kibbey", "Arne Nyberg"] and "Bill Tuttle" in present
    assert [a.name for a in record.attendance if a.status == "in-attendance"] == ["Bill Kabeiseman"]
    assert not any(a.owner == "Council" for item in record.items for a in item.actions)


def test_mixed_case_title_and_numbered_entries_under_capital_headings() -> None:
    text = [
        "CALL TO ORDER",
        "The meeting opened at 7 p.m.",
        "",
        "Harbour Lights Community Trust annual presentation",
        "Volunteers from the trust described the year's restoration work on the old quay.",
        "",
        "OLD BUSINESS",
        "None.",
        "",
        "COMMITTEE REPORTS",
        "1. Roads",
        "Councilor Vance said the resurfacing is finished.",
        "2. Libraries",
        "None.",
        "ADJOURNMENT",
        "The meeting closed at 8 p.m.",
    ]
    blocks = make_blocks([Line(t, n) for n, t in enumerate(text, 1)])
    items = find_text_items(blocks)[0]
    assert [(i.number, i.title) for i in items] == [
        (None, "CALL TO ORDER"),
        (None, "Harbour Lights Community Trust annual presentation"),
        (None, "OLD BUSINESS"),
        (None, "COMMITTEE REPORTS"),
        ("1", "Roads"),
        ("2", "Libraries"),
        (None, "ADJOURNMENT"),
    ]


def test_titles_end_where_the_form_fields_under_every_title_begin() -> None:
    fields = "Type of Report: Operational Author: Jo Bloggs"
    blocks = [
        Block(f"1. Dog Park Fencing {fields}", 1),
        Block("The committee discussed costs.", 2),
        Block(f"2. Library Hours: Summer Trial {fields}", 3),
        Block("Members asked about staffing.", 4),
        Block(f"3. Swimming Pool Repairs {fields}", 5),
        Block("The report was received.", 6),
    ]
    titles = [item.title for item in find_text_items(blocks)[0]]
    assert titles == ["Dog Park Fencing", "Library Hours: Summer Trial", "Swimming Pool Repairs"]


def test_a_numbered_run_that_starts_late_goes_on_through_labels_in_capitals() -> None:
    # Minutes that go on from an earlier sitting's agenda: items 14 to 17, more of them than the
    # section labels and outcomes in capitals between them, and a long title that is no sentence.
    long_title = (
        "Authorize an agreement with the county for the design, bid, award and construction of the "
        "Mill Lane and Station Road junction improvements and the footbridge over the canal at Lock Seven"
    )
    blocks = [
        Block("REPORTS", 1),
        Block("14 Request of Ann Park to address Council on bus shelters (Communication)", 2),
        Block("PLACED ON FILE", 3),
        Block("CONSENT AGENDA", 4),
        Block(f"15 {long_title} (Ordinance) (Y-4) 5512 Bureau of Highways", 5),
        Block("16 Accept a gift of benches for Riverside Park (Report)", 6),
        Block("17 Amend the parking code (Ordinance)", 7),
    ]
    items = find_text_items(blocks)[0]
    assert [(i.number, i.title) for i in items] == [
        ("14", "Request of Ann Park to address Council on bus shelters"),
        ("15", long_title),
        ("16", "Accept a gift of benches for Riverside Park"),
        ("17", "Amend the parking code"),
    ]
    assert [p.text for p in items[1].minutes] == ["(Ordinance) (Y-4) 5512 Bureau of Highways"]


def test_a_title_in_capitals_run_into_its_minutes() -> None:
    blocks = [
        Block("1. WELCOME (10 MINUTES) A resident spoke about the playing field.", 1),
        Block("2. FOOTPATHS No reports.", 2),
        Block("3. FINANCE: i. The clerk presented the accounts, which were approved by all present.", 3),
    ]
    items = find_text_items(blocks)[0]
    assert [(i.title, [p.text for p in i.minutes]) for i in items] == [
        ("WELCOME (10 MINUTES)", ["A resident spoke about the playing field."]),
        ("FOOTPATHS", ["No reports."]),
        ("FINANCE", ["i. The clerk presented the accounts, which were approved by all present."]),
    ]


def test_payments_listed_under_an_item_are_no_items() -> None:
    blocks = [
        Block("1. Apologies", 1),
        Block("None.", 2),
        Block("2. Accounts", 3),
        Block("The following payments were approved:", 4),
        Block("1. R Jones hedge cutting - £120.00", 5),
        Block("2. Village hall hire - £15.50", 6),
        Block("3. Stationery - £8.20", 7),
        Block("3. Planning", 8),
    ]
    items = find_text_items(blocks)[0]
    assert [(i.number, i.title) for i in items] == [("1", "Apologies"), ("2", "Accounts"), ("3", "Planning")]
    assert len(items[1].minutes) == 4


def test_decisions_are_the_motions_not_the_reports_before_them(corpus_dir: Path) -> None:
    # Napier: each report's purpose, the debate and the motion are one block of text.
    record = parse(corpus_dir, "napier-nz-strategy-infrastructure-committee-2019-02-19.txt")
    texts = [decision.text for item in record.items for decision in item.decisions]
    assert not [text for text in texts if text.startswith("Purpose of Report")]
    assert texts[0] == (
        "That the Strategy and Infrastructure Committee: a. Approve the release of the draft Napier "
        "Disability Strategy for community feedback. Carried"
    )
    # Hastings: "CARRIED" alone decides the lettered motion above it, all its parts.
    record = parse(corpus_dir, "hastings-nz-district-council-2019-01-31.txt")
    (decision,) = next(item for item in record.items if item.number == "9").decisions
    assert decision.text.startswith("A) That the report of the Risk and Corporate Services Manager")
    assert "\nB) That Council adopt" in decision.text


def test_a_markdown_table_of_numbered_rows_is_the_list_of_items() -> None:
    # A summons above the minutes numbers its agenda too: the table's rows are the items.
    text = [
        "Agenda",
        "1. Minutes of the last meeting",
        "2. Village hall",
        "",
        "| **No** | **Item** | **Action by** |",
        "| --- | --- | --- |",
        "| **1.** | **Minutes of the last meeting** |   |",
        "|   | Agreed and signed. |   |",
        "|   |   |   |",
        "| **2.** | **Village hall** | JB |",
        "|   | The roof is to be repaired. | JB |",
        "| TB |",
    ]
    items = find_text_items(make_blocks([Line(t, n) for n, t in enumerate(text, 1)]))[0]
    assert [(i.number, i.title, i.line) for i in items] == [
        ("1", "Minutes of the last meeting", 7),
        ("2", "Village hall", 10),
    ]
    assert "| |" not in " ".join(p.text for p in items[0].minutes)


def test_a_fragment_of_table_cells_heads_no_item() -> None:
    text = [
        "ROADS",
        "Potholes reported.",
        "",
        "PLAY AREA",
        "A new swing.",
        "",
        "MPO |",
        "",
        "FENCES",
        "Mended.",
    ]
    items = find_text_items(make_blocks([Line(t, n) for n, t in enumerate(text, 1)]))[0]
    assert [i.title for i in items] == ["ROADS", "PLAY AREA", "FENCES"]


def test_two_column_attendance_table_and_table_of_items(corpus_dir: Path) -> None:
    record = parse(corpus_dir, "boughton-parish-council-2013-08-02.md")
    status = {a.name: a.status for a in record.attendance}
    assert status["Peter Agate"] == "apologies" and status["Geoff Proctor"] == "present"
    assert [i.title for i in record.items][:3] == [
        "Apologies",
        "Minutes of the Meeting – 15th February 2013",
        "Matters Arising",
    ]
    assert not any("|" in i.title for i in record.items)


def test_notes_on_paper_and_vote_after_a_title_are_no_part_of_it() -> None:
    # A colon inside a long name ("Elm Street: Market Square to ...") does not end the title.
    long_name = (
        "Approve an intergovernmental agreement with the Riverside Transit District and the county for "
        "the design, right of way and construction of the cycle route on Elm Street: Market Square to "
        "Harbour Road Phase I"
    )
    text = [
        "1 Appoint Dana Wolfe to the Library Board for a term to June 2026 (Report) (Y-4) 20511",
        "2 Amend the Noise Code to limit night deliveries (Second Reading Agenda 7) (Y-4) 20512",
        f"3 {long_name} (Previous Agenda 9) Motion to amend: Moved by Commissioner Ruiz (Y-4)",
        "4 Parking Strategy (Phase 2) (Ordinance)",
        "5 Budget 2026",
    ]
    items = find_text_items(make_blocks([Line(t, n) for n, t in enumerate(text, 1)], one_per_line=True))[0]
    assert [i.title for i in items] == [
        "Appoint Dana Wolfe to the Library Board for a term to June 2026",
        "Amend the Noise Code to limit night deliveries",
        long_name,
        "Parking Strategy (Phase 2)",
        "Budget 2026",
    ]
    assert items[0].minutes[0].text == "(Report) (Y-4) 20511"
