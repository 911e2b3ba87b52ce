"""Items of minutes that do not number them: agenda references after titles, topic labels, capitals."""

from __future__ import annotations

from pathlib import Path

from minutebook.parse.blocks import make_blocks
from minutebook.parse.headings import page_furniture
from minutebook.parse.items import UNNUMBERED, find_text_items
from minutebook.pipeline import read_meeting
from minutebook.read.document import Line
from minutebook.record import Item


def _found(text: str) -> tuple[list[Item], list[str]]:
    lines = [Line(line, number) for number, line in enumerate(text.splitlines(), 1)]
    return find_text_items(make_blocks(lines))


def test_titles_with_the_agenda_number_on_the_line_below_are_items() -> None:
    items, _ = _found(
        "Apologies and Substitutes\n\n(Item 1)\n\nApologies were received from Mr Able.\n\n"
        "Chairman's Announcements\n\n(Item 2)\n\n"
        "1. The Chair reminded the Panel of the campaign.\n\n2. The Chair shared a message.\n\n"
        "Participation Team Update (Item 3)\n\n"
        "1. Jo Carpenter introduced the update.\n\n2. RESOLVED that the update be noted.\n"
    )
    assert [(i.number, i.title) for i in items] == [
        ("1", "Apologies and Substitutes"),
        ("2", "Chairman's Announcements"),
        ("3", "Participation Team Update"),
    ]
    assert len(items[1].minutes) == 2


def test_topic_labels_and_capitals_head_unnumbered_minutes_with_a_warning() -> None:
    items, warnings = _found(
        "Present:  A. Smith, Chair, B. Jones, C. Brown\n"
        "Absent:  D. White\n\n"
        "MINUTES:\n3-30-11 Workshop- Tabled\n\n"
        "MASTER PLANNING WORKSHOP\n"
        "Procedure Planning:  Ms. Benson presented a plan to facilitate the updating of the plan.\n"
        "Board consensus is for Ms. Benson to contact the agency.\n\n"
        "Center Planning:  Board discussed the first choice of study to be the Town Center.\n"
    )
    assert [i.title for i in items] == [
        "MINUTES",
        "MASTER PLANNING WORKSHOP",
        "Procedure Planning",
        "Center Planning",
    ]
    assert UNNUMBERED in warnings


def test_a_label_after_a_short_last_line_opens_a_new_item() -> None:
    items, _ = _found(
        "Sewer Extension:\n"
        "The updated draft RFP for engineering services was reviewed and it was agreed to add the layout\n"
        "figures. Vote taken was unanimous.\n"
        "There were no more agenda items discussed\n"
        "Adjournment - Mike made the motion to adjourn, Troy seconded. Vote taken was unanimous.\n"
    )
    assert [i.title for i in items] == ["Sewer Extension", "Adjournment"]


def test_numbered_minutes_get_no_unnumbered_items_or_warning() -> None:
    items, warnings = _found(
        "1. Apologies\n\nNone were received.\n\nNote: the room was changed.\n\n"
        "2. Minutes\n\nThe minutes were agreed.\n\nAction: Clerk to circulate the report.\n"
    )
    assert [i.number for i in items] == ["1", "2"]
    assert warnings == []


def test_running_headers_are_page_furniture_not_headings() -> None:
    lines = []
    for page in range(1, 5):
        lines += [Line(f"{page} COUNCIL OF THE CITY", page * 10, page)]
        lines += [
            Line("", page * 10 + 1, page),
            Line(
                ["One", "Two", "Three", "Four"][page - 1] + " said what the page says.", page * 10 + 2, page
            ),
        ]
    blocks = make_blocks(lines)
    assert {blocks[i].text for i in page_furniture(blocks)} == {
        f"{p} COUNCIL OF THE CITY" for p in range(1, 5)
    }


def test_minutes_without_numbers_found_in_real_documents(shared_dir: Path) -> None:
    kent = read_meeting(shared_dir / "corpus-wide/uk-ie/kent-corporate-parenting-panel-2024-12-10.pdf")
    assert len(kent.items) == 10 and kent.items[-1].title == "Work programme"
    sewer = read_meeting(shared_dir / "corpus-wide/us-ca/lunenburg-ma-sewer-commission-2014-06-04.txt")
    assert [i.title for i in sewer.items] == ["Pratt/Lakeview Sewer Extension", "Adjournment"]
    assert any("unnumbered headings" in w for w in sewer.warnings)


def test_matters_under_file_numbers_are_items_in_any_order() -> None:
    items, _ = _found(
        "PRESENTATION OF PAPERS\n\n"
        "         2025-1777      Resolution authorizing the Mayor to enter into an agreement with a firm.\n\n"
        "                        Read and referred to the Committee on Finance\n"
        "City of Pittsburgh                       Page 2\n"
        "         2025-1713      Resolution authorizing the Director to enter into a contract.\n\n"
        "                        A motion was made that this matter be Adopted. The motion carried.\n\n"
        "                        Enactment No: 246\n"
        "         2025-1792\n\n"
        "                        NOW, THEREFORE BE IT RESOLVED, that the Council does recognize Tim.\n\n"
        "ADJOURNMENT\n"
    )
    assert [i.number for i in items] == [None, "2025-1777", "2025-1713", "2025-1792", None]
    assert items[3].title.startswith("NOW, THEREFORE BE IT RESOLVED")


def test_agenda_numbers_beside_file_numbers_keep_their_printed_order() -> None:
    items, _ = _found(
        "CONSENT CALENDAR\n\n"
        "33.     SUBJECT:    STATE AND FEDERAL REPORT                                 2017-0346\n\n"
        "       RECEIVE AND FILE State and Federal Legislative Report.\n\n"
        "NON-CONSENT\n\n"
        "35.     SUBJECT:    LEASE OF METRO PROPERTY FOR CROSSROADS              2017-0147\n"
        "                      SCHOOL FOR ARTS & SCIENCES\n\n"
        "       AUTHORIZE the Chief Executive Officer to execute a lease agreement.\n\n"
        "34.     SUBJECT:    MEASURE M MASTER GUIDELINES                              2017-0280\n\n"
        "       CONSIDER:\n"
    )
    assert [(i.number, i.title) for i in items] == [
        (None, "CONSENT CALENDAR"),
        ("33", "STATE AND FEDERAL REPORT"),
        (None, "NON-CONSENT"),
        ("35", "LEASE OF METRO PROPERTY FOR CROSSROADS SCHOOL FOR ARTS & SCIENCES"),
        ("34", "MEASURE M MASTER GUIDELINES"),
    ]


def test_the_top_level_of_a_bullet_outline_is_the_items() -> None:
    items, warnings = _found(
        "    \uf0b7    Perfunctory Business\n"
        "            o    Commissioners Present: Anthony Qaiyum, Zach Maiorca\n"
        "    \uf0b7    Minutes from 11/30/17 meeting approved – Z. Maiorca (motion), T. Feinberg (second)\n"
        "    \uf0b7    Updates\n"
        "            o    Holiday decorations were taken down and stored on schedule\n"
        "                   \uf0a7    New funding for street pole banner repairs\n"
        "                       \uf0b7    A:\n"
        "\uf0b7    Meeting adjourned at 11:25am\n"
    )
    assert [i.title for i in items] == [
        "Perfunctory Business",
        "Minutes from 11/30/17 meeting approved",
        "Updates",
        "Meeting adjourned at 11:25am",
    ]
    assert items[1].minutes[0].text == "Z. Maiorca (motion), T. Feinberg (second)"
    assert len(items[2].minutes) == 3
    assert UNNUMBERED in warnings


def test_one_level_of_bullets_is_a_list_not_items() -> None:
    items, _ = _found("The Board noted:\n\n\uf0b7    the budget report\n\uf0b7    the audit plan\n")
    assert items == []


def test_bold_lines_and_topic_labels_head_unnumbered_minutes() -> None:
    items, _ = _found(
        "**Finance Report**\nThe treasurer presented the accounts, which were noted.\n\n"
        "Topic: Playground repairs\nThe clerk reported that the swings had been mended.\n\n"
        "**Any Other Business**\nNone was raised.\n"
    )
    assert [i.title for i in items] == ["Finance Report", "Playground repairs", "Any Other Business"]
    assert items[1].minutes[0].text == "The clerk reported that the swings had been mended."


def test_an_agenda_above_the_heading_gives_the_items_of_unnumbered_minutes() -> None:
    above = make_blocks(
        [
            Line(t, n)
            for n, t in enumerate(["1. Attendees", "2. Previous minutes", "3. Presentations", "4. Close"], 1)
        ]
    )
    below = make_blocks(
        [
            Line(t, n)
            for n, t in enumerate(["Working group 04/07/2024", "", "Attendees: Al Paton, Tran Tran"], 10)
        ]
    )
    items, warnings = find_text_items(below, above=above)
    assert [(i.number, i.title) for i in items] == [
        ("1", "Attendees"),
        ("2", "Previous minutes"),
        ("3", "Presentations"),
        ("4", "Close"),
    ]
    assert items[-1].minutes[-1].text == "Attendees: Al Paton, Tran Tran"
    assert any("agenda printed above" in w for w in warnings)


def test_minutes_with_items_of_their_own_keep_them_over_an_agenda_above() -> None:
    above = make_blocks([Line(t, n) for n, t in enumerate(["1. Apologies", "2. Minutes", "3. Finance"], 1)])
    below = make_blocks(
        [
            Line(t, n)
            for n, t in enumerate(
                [
                    "1. Apologies",
                    "",
                    "None.",
                    "",
                    "2. Minutes",
                    "",
                    "Agreed.",
                    "",
                    "3. Finance",
                    "",
                    "Noted.",
                ],
                10,
            )
        ]
    )
    items, warnings = find_text_items(below, above=above)
    assert [i.line for i in items] == [10, 14, 18]
    assert warnings == []
