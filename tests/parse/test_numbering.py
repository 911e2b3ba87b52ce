"""Items found by the most consistent run of numbered headings, in any numbering scheme."""

from __future__ import annotations

from minutebook.parse.blocks import make_blocks
from minutebook.parse.items import find_text_items
from minutebook.parse.numbering import find_headings
from minutebook.read.document import Line
from minutebook.record import Item


def _items(text: str) -> list[Item]:
    lines = [Line(line, number) for number, line in enumerate(text.splitlines(), 1)]
    return find_text_items(make_blocks(lines))[0]


def _outline(items: list[Item]) -> list[tuple[str | None, str]]:
    return [(item.number, item.title) for item in items]


def test_minute_numbers_with_item_references_beside_numbered_paragraphs() -> None:
    items = _items(
        "Election of Chair\n\n"
        "1.    Mr A proposed, and Mr B seconded that Mr C be elected to Chair the meeting.\n\n"
        "2.    RESOLVED that Mr C be elected to Chair the meeting.\n\n"
        "283.    Apologies for Absence\n      (Item 1)\n\n"
        "      The Democratic Services Manager reported apologies from Mr D.\n\n"
        "284.    Declarations of Disclosable Pecuniary Interests or Other Significant\n"
        "      Interests in items on the agenda\n       (Item 2)\n\n"
        "       Members who were district councillors declared an interest.\n\n"
        "285.    English Devolution White Paper\n       (Item 3)\n\n"
        "       1)    The Leader introduced the item which he said was the most momentous decision.\n\n"
        "       2)    Mr Gough proposed, and Mr Oakford seconded the motion that\n\n"
        "       3)    Mr Brady proposed and Mr Hook seconded the following amendment.\n"
    )
    assert _outline(items) == [
        (None, "Election of Chair"),  # business before the first minute, with its own paragraphs
        ("283", "Apologies for Absence"),
        (
            "284",
            "Declarations of Disclosable Pecuniary Interests or Other Significant "
            + "Interests in items on the agenda",
        ),
        ("285", "English Devolution White Paper"),
    ]
    assert [p.ref for p in items[3].minutes] == ["1", "2", "3"]
    assert len(items[0].minutes) == 2


def test_lettered_items_with_numbered_lists_under_them() -> None:
    items = _items(
        "THE ORDER OF BUSINESS\n\n"
        "A. Roll Call\n\nB. Opening remarks by the President\n\nC. General Public Comment\n\n"
        "An opportunity for the public to address the Board.\n\n"
        "D. Management Reports\n\n"
        "    1. Presentation regarding injury cases\n    2. Presentation regarding diversity\n\n"
        "E. Filed Items\n\n    1. Water System Monthly Report\n\nF. Adjournment\n"
    )
    assert [i.number for i in items] == ["A", "B", "C", "D", "E", "F"]
    assert items[3].title == "Management Reports"


def test_a_misprinted_number_in_a_run_is_still_an_item() -> None:
    items = _items(
        "52. Apologies for Absence\nApologies were received from Cllr A.\n\n"
        "53. Declarations of Interest\nThere were none.\n\n"
        "6. Community Grant Applications\nThe committee considered the applications.\n\n"
        "55. Defibrillators\nThe clerk reported on the units.\n\n"
        "56. Performance updates\nMembers noted the figures.\n"
    )
    assert [i.number for i in items] == ["52", "53", "6", "55", "56"]


def test_coded_minute_numbers_where_the_minutes_follow_the_agenda_they_repeat() -> None:
    items = _items(
        "Agenda:\n\n"
        "BM 35/2122 To record those present\nBM 36/2122 Division of Agenda\nBM 37/2122 Finance\n\n"
        "BM 35/2122    To record those present    The meeting commenced at 1835\n\n"
        "BM 36/2122    Division of Agenda         None\n\n"
        "BM 37/2122    Finance                   The budget was agreed.      Clerk\n"
    )
    assert _outline(items) == [
        ("BM 35/2122", "To record those present"),
        ("BM 36/2122", "Division of Agenda"),
        ("BM 37/2122", "Finance"),
    ]
    assert items[0].line == 7  # the minutes' own heading, not the agenda's line
    assert items[0].minutes[0].text.startswith("The meeting commenced")


def test_numbered_paragraphs_that_are_sentences_make_no_run() -> None:
    text = (
        "1. The Chair welcomed everyone to the meeting and thanked them for coming tonight.\n\n"
        "2. The minutes of the last meeting were agreed as a true record of the meeting.\n\n"
        "3. Mr Smith proposed that the council write to the highways authority.\n"
    )
    blocks = make_blocks([Line(line, number) for number, line in enumerate(text.splitlines(), 1)])
    assert find_headings(blocks, lambda words: (words, "")) == ({}, 0.0)


def test_two_meetings_in_one_file_number_their_items_from_one_each() -> None:
    items = _items(
        "MINUTES OF ANNUAL GENERAL MEETING\n\n"
        "1. Attendance and apologies\nRecorded above.\n\n2. Minutes of the 2024 AGM\nThese were approved.\n\n"
        "3. Report from the Chair\nThe Chair reported on the year.\n\n"
        "Minutes of the October General Meeting\n\n"
        "1. Fire Station\nThe station is to close.\n\n2. Active Travel\nA new route is planned.\n\n"
        "3. Shopping Trolleys\nTrolleys were left in the park.\n"
    )
    assert [i.title for i in items] == [
        "Attendance and apologies",
        "Minutes of the 2024 AGM",
        "Report from the Chair",
        "Fire Station",
        "Active Travel",
        "Shopping Trolleys",
    ]


def test_an_outline_of_lettered_sections_and_numbered_entries_is_all_items() -> None:
    items = _items(
        "A. WELCOME - Chair Jenkins\n\nB. PUBLIC COMMENTS: None.\n\n"
        "C. CONSENT ITEMS:\n\n    1. Warrants in the amount of $679,627.51.\n\n"
        "    2. Purchase orders in the amount of $81,458.56.\n\n"
        "D. ACTION ITEMS:\n\n    1. CONTRACT WITH YOUNG AUTOMOTIVE GROUP, LLC, FOR FLEET SALES.\n\n"
        "    Bill Ross presented the contract. Commissioner Harvey moved to approve.\n\n"
        "    2. APPROVE AN UPDATE TO POLICY 8.1, INTERNAL AUDIT POLICIES.\n\n"
        "E. ADJOURN\n"
    )
    assert [(i.number, i.title) for i in items] == [
        ("A", "WELCOME"),
        ("B", "PUBLIC COMMENTS"),
        ("C", "CONSENT ITEMS"),
        (None, "Warrants in the amount of $679,627.51"),
        (None, "Purchase orders in the amount of $81,458.56"),
        ("D", "ACTION ITEMS"),
        (None, "CONTRACT WITH YOUNG AUTOMOTIVE GROUP, LLC, FOR FLEET SALES"),
        (None, "APPROVE AN UPDATE TO POLICY 8.1, INTERNAL AUDIT POLICIES"),
        ("E", "ADJOURN"),
    ]
    assert items[0].minutes[0].text == "Chair Jenkins"


def test_titles_run_into_their_minutes_on_one_line_end_where_the_sentence_begins() -> None:
    items = _items(
        "1. Call to Order\n\n2. Pledge of Allegiance\n\n"
        "3. Public Comment Mr. Beardmore mentions one issue we will discuss tonight is how to hire "
        "and retain staff, and he would like to recognize an individual that was instrumental.\n\n"
        "4. Chairs Report Don Adams, was a colleague, mentor, and a delightful person who taught "
        "music here for many years and directed the musicals.\n\n"
        "5. Superintendent's Report We have received 1503 transportation forms, we still need 38 at the high "
        "school and 20 at the middle school.\n"
    )
    assert [i.title for i in items] == [
        "Call to Order",
        "Pledge of Allegiance",
        "Public Comment",
        "Chairs Report",
        "Superintendent's Report",
    ]
    assert items[2].minutes[0].text.startswith("Mr. Beardmore mentions")


def test_markdown_headings_mark_the_items_and_an_agenda_repeating_them_is_left_out() -> None:
    items = _items(
        "## Agenda\n\n#### 1. Confirm Minutes\n\n#### 2. New members\n\n* ask for introductions\n\n"
        "#### 3. Other business\n\n## Minutes\n\n#### 1. Confirm Minutes\n\nThe minutes were confirmed.\n\n"
        "#### 2. New members\n\n1. Reminder of the Terms of Reference\n\n2. Welcome to Ann\n\n"
        "#### 3. Other business\n\nNone was raised.\n"
    )
    assert [(i.number, i.title) for i in items] == [
        ("1", "Confirm Minutes"),
        ("2", "New members"),
        ("3", "Other business"),
    ]
    assert items[0].minutes[0].text == "The minutes were confirmed."
    assert len(items[1].minutes) == 2


def test_titles_in_capitals_leave_the_mixed_case_line_under_them_to_the_minutes() -> None:
    items = _items(
        "1. CALL TO ORDER\nMayor Knox H. White\n\n2. INVOCATION\nCouncilmember Lillian Flemming\n\n"
        "3. APPROVAL OF THE MINUTES\nMay 8, 2023; Approved as submitted\n\n"
        "4. RECOGNITIONS AND APPOINTMENTS – Boards and Commissions\n"
        "a. Greenville Health Authority Board of Trustees\n"
    )
    assert [i.title for i in items] == [
        "CALL TO ORDER",
        "INVOCATION",
        "APPROVAL OF THE MINUTES",
        "RECOGNITIONS AND APPOINTMENTS – Boards and Commissions",
    ]
    assert items[0].minutes[0].text == "Mayor Knox H. White"


def test_lettered_parts_of_a_motion_stay_with_it() -> None:
    lines = [
        Line(text, n)
        for n, text in enumerate(
            [
                "That the Committee:",
                "a. Approve the release of the draft strategy;",
                "b. Note the report.",
                "",
                "9. PUBLIC HEARING",
                "a. Adoption of the Annual Operating Budget",
            ],
            1,
        )
    ]
    assert [b.text for b in make_blocks(lines)] == [
        "That the Committee: a. Approve the release of the draft strategy; b. Note the report.",
        "9. PUBLIC HEARING",
        "a. Adoption of the Annual Operating Budget",
    ]
