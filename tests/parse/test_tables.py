"""Action tables: an owner column in the header row makes each row with an owner an action."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.parse import parse_document
from minutebook.parse.dates import due_date
from minutebook.parse.tables import action_tables, place
from minutebook.read.detect import read_bytes, read_path
from minutebook.read.document import Line
from minutebook.record import Action, Item


def tabled(text: str) -> tuple[list[str], list[tuple[str, str | None, str | None, int | None]]]:
    lines = [Line(line, number) for number, line in enumerate(text.splitlines(), 1)]
    kept, actions = action_tables(lines)
    return [line.text for line in kept], [(a.text, a.owner, a.due, a.line) for a in actions]


PIPES = """\
| No | Item | Action by | Action date |
| --- | --- | --- | --- |
| 1. | Apologies | | |
| | None received. | | |
| 2. | Footpaths | | |
| | The clerk will write to the county about the stile. | DHO | 2/8/13 |
| | The council noted the report. | | |
"""


def test_a_pipe_row_with_an_owner_is_an_action_dated_day_first() -> None:
    _, actions = tabled(PIPES)
    assert actions == [("The clerk will write to the county about the stile.", "DHO", "2013-08-02", 6)]


def test_owner_and_date_cells_are_kept_out_of_the_minutes() -> None:
    kept, _ = tabled(PIPES)
    assert "DHO" not in kept[5] and "2/8/13" not in kept[5]
    assert kept[5].startswith("| | The clerk will write")
    assert kept[0] == PIPES.splitlines()[0]  # the header row stays as it was


@pytest.mark.parametrize(
    ("head", "owner"),
    [
        ("| Ref | Minute | Who | By when |", "Clerk"),
        ("| No. | Item | By whom | Due |", "Clerk"),
        ("| Item | Discussion | Owner | Date |", "Clerk"),
        ("| Minute | Responsible | Deadline |", "Clerk"),
        ("| Item | Action | Date |", "Clerk"),  # "Action" heads the owner column where no column says who
    ],
)
def test_header_variants(head: str, owner: str) -> None:
    width = head.count("|") - 1
    row = ["4", "Clerk to order the signs.", "Clerk", "1/11/13"][-width:]  # no number cell in three columns
    text = f"{head}\n|{' --- |' * width}\n| {' | '.join(row[-width:])} |"
    _, actions = tabled(text)
    assert [(a[1], a[2]) for a in actions] == [(owner, "2013-11-01")]


def test_no_owner_column_no_table() -> None:
    text = "| Item | Notes | Date |\n| --- | --- | --- |\n| 1. Roads | Potholes reported | 2/8/13 |\n"
    kept, actions = tabled(text)
    assert actions == [] and kept == text.splitlines()


def test_a_pipe_row_that_runs_over_lines_ends_at_its_last_pipe() -> None:
    text = (
        "|\n**No**\n |\n**Item**\n |\n**Action by**\n |\n**Action date**\n |\n"
        "| --- | --- | --- | --- |\n"
        "| 3. | Grass cutting\n\nThe contractor is to be asked for a quote.\n  |  \n\nMPO |  \n\n1/11/13 |\n"
        "| 4. | Close | | |\n"
    )
    kept, actions = tabled(text)
    assert actions == [("Grass cutting The contractor is to be asked for a quote.", "MPO", "2013-11-01", 11)]
    assert kept[15].strip() == "|" and kept[17].strip() == "|"


GAPS = """\
No    Item                                         Action by    Date
1.    Apologies were received from Cllr Lee.
2.    The clerk will write to the county about     DHO          2/8/13
      the broken stile on the church path.
3.    The council noted the finance report.
      Cllr Kim to chase the insurers.               GPR
"""


def test_gap_separated_rows_and_a_continuation_line() -> None:
    kept, actions = tabled(GAPS)
    assert actions == [
        (
            "The clerk will write to the county about the broken stile on the church path.",
            "DHO",
            "2013-08-02",
            3,
        ),
        ("Cllr Kim to chase the insurers.", "GPR", None, 6),
    ]
    assert " ".join(kept[2].split()) == "2. The clerk will write to the county about"


def test_a_title_row_names_who_reports_and_notes_name_nobody() -> None:
    _, actions = tabled(
        """\
| No | Item | Action by | Action date |
| --- | --- | --- | --- |
| 3. | Reports from Councillors | AB | |
| | i. Highways | CD | |
| | The verge on Mill Lane will be cut before the show. | CD | 1/9/13 |
| | The accounts were audited and signed. | Note | |
| | The clerk will renew the insurance. | EF, Note | |
"""
    )
    assert actions == [
        ("The verge on Mill Lane will be cut before the show.", "CD", "2013-09-01", 5),
        ("The clerk will renew the insurance.", "EF", None, 7),
    ]


def test_due_date_cells() -> None:
    assert due_date("2/8/13") == "2013-08-02"
    assert due_date("11/8/13 asap") == "2013-08-11"
    assert due_date("1st November 2013") == "2013-11-01"
    assert due_date("Aug 2013") is None and due_date("31/2/13") is None


def test_initials_stay_as_written_and_a_row_without_owner_is_no_action() -> None:
    document = read_bytes(
        PIPES.replace(
            "| No |", "Minutes of the Parish Council held on 2nd August 2013\n\n| No |", 1
        ).encode(),
        "pc.md",
    )
    record = parse_document(document)
    assert [(a.owner, a.text, a.line) for item in record.items for a in item.actions] == [
        ("DHO", "The clerk will write to the county about the stile.", 8)
    ]


def test_boughton_action_table(shared_dir: Path) -> None:
    record = parse_document(read_path(shared_dir / "corpus" / "boughton-parish-council-2013-08-02.md"))
    found = [(item.number, a.line, a.owner, a.due) for item in record.items for a in item.actions]
    assert found == [
        ("2", 96, "DHO", "2013-08-02"),
        ("2", 97, "DHO", "2013-11-01"),
        ("5", 345, "PAG, MPO", None),
        ("5", 535, "PAG", "2013-08-11"),
        ("5", 677, "DHO", "2013-08-11"),
        ("6", 732, "MPO", None),  # its owner cell also says "Note"
        ("7", 853, "FRE/PAG", "2013-08-11"),
    ]  # the rows titling an item or a sub-report ("ii. Drainage | GPR") name who reports
    paragraphs = [p.text for item in record.items for p in item.minutes]
    assert "Chairman's report. August. 2013." in paragraphs  # no "FRE" glued on before it
    assert (
        "Majority of correspondence received where flyers for sales, advertising or merchandise."
        in paragraphs
    )
    assert not any("2/8/13" in text for text in paragraphs)


def test_minute_text_or_a_label_in_the_owner_column_names_nobody() -> None:
    lines = [
        Line("Item        Notes                                          Action", 1),
        Line("5           The minutes were agreed and signed.            Clerk to place on website", 2),
        Line(
            "6           Cover was discussed to keep the                consistency of cover in that class.",
            3,
        ),
        Line("7           The meeting closed at 1938.                    Date:", 4),
    ]
    _, found = action_tables(lines)
    assert [action.owner for action in found] == ["Clerk to place on website"]


def test_a_bullet_alone_has_no_owner() -> None:
    lines = [
        Line("Item        Notes                                          Action", 1),
        Line("5           The minutes were agreed and signed.            Clerk", 2),
        Line("            •                                              Vulnerable Pupils", 3),
    ]
    _, found = action_tables(lines)
    assert [action.owner for action in found] == ["Clerk"]


def test_an_action_log_before_the_first_item_goes_to_the_items_its_minute_numbers_name() -> None:
    items = [Item("Minutes", "LW 67/2122", line=60), Item("Staff lead", "LW 70/2122", line=70)]
    log = [
        Action("67/2122 Minutes to website", "Clerk", line=46),
        Action("70/2122 Add Geography to the next agenda", "Clerk", line=47),
        Action("170/2122 A minute of no item here", "Clerk", line=48),
        Action("Book the hall", "Clerk", line=49),
    ]
    place(items, log)
    assert [a.text[:7] for a in items[0].actions] == ["67/2122"]
    assert [a.text[:7] for a in items[1].actions] == ["70/2122"]
