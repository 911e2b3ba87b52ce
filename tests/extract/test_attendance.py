"""Attendance lists."""

from __future__ import annotations

from minutebook.extract.attendance import attendance, attendees


def test_present_list_with_shared_title_and_roles() -> None:
    found = attendees("Cllrs. Novak (Chair), Butler, Daly, Kilcoyne, Leddin", "present")
    assert [(a.name, a.role) for a in found][:2] == [("Novak", "Chair"), ("Butler", None)]
    assert len(found) == 5


def test_headings_open_lists() -> None:
    blocks = [
        ("Present: Cllr David Llewellyn – Chairman, Cllr Martyn Cann, Cllr Ian Mack.", 3),
        ("Apologies: Baroness Hanham (DCLG), Emer Coleman (London Assembly), Cllr Liam Maxwell", 4),
        ("The Chairman welcomed everyone to the meeting and explained the procedure for the evening.", 5),
        ("Bob Smith", 6),
    ]
    found = attendance(blocks)
    assert [(a.name, a.status) for a in found] == [
        ("David Llewellyn", "present"),
        ("Martyn Cann", "present"),
        ("Ian Mack", "present"),
        ("Hanham", "apologies"),
        ("Emer Coleman", "apologies"),
        ("Liam Maxwell", "apologies"),
    ]
    assert found[0].role == "Chairman" and found[3].line == 4


def test_title_part_way_and_posts_with_names_in_brackets() -> None:
    # Hastings District Council (NZ), 31 January 2019: no commas between the entries.
    found = attendance(
        [
            ("Present: Mayor Hazlehurst (Chair) Councillors Barber, Dixon, Travers and Watkins.", 70),
            (
                "IN ATTENDANCE: Acting Chief Executive (Mr N Taylor) Group Manager: Asset Management"
                " (Mr C Thew) Parks Asset Planner (Mrs J Leaf)",
                74,
            ),
        ]
    )
    assert [(a.name, a.status) for a in found] == [
        ("Hazlehurst", "present"),
        ("Barber", "present"),
        ("Dixon", "present"),
        ("Travers", "present"),
        ("Watkins", "present"),
        ("N Taylor", "in-attendance"),
        ("C Thew", "in-attendance"),
        ("J Leaf", "in-attendance"),
    ]
    assert found[6].role == "Group Manager: Asset Management"


def test_heading_run_into_a_list_is_still_a_heading() -> None:
    # The post without a name ("Director Harbour Services") is no attendee.
    text = "Present Councillors Ames, Bloor and Carr In Attendance Director Harbour Services, Joan Dorey"
    assert [(a.name, a.status) for a in attendance([(text, 1)])] == [
        ("Ames", "present"),
        ("Bloor", "present"),
        ("Carr", "present"),
        ("Joan Dorey", "in-attendance"),
    ]


def test_numbered_apologies_in_a_flattened_paragraph() -> None:
    text = (
        "Present: Cllr Ann Ames, Cllr Bob Bloor. Also present: Cllr Cy Carr "
        "1. Apologies for Absence: Cllr Di Dorey"
    )
    found = attendance([(text, 1)])
    assert [(a.name, a.status) for a in found][-1] == ("Di Dorey", "apologies")
    assert ("Cy Carr", "in-attendance") in [(a.name, a.status) for a in found]


def test_apologies_sentence_after_a_heading_in_capitals() -> None:
    text = "2. ACCEPTANCE OF APOLOGIES Apologies for absence were received from Cllr Ames and Cllr Bloor."
    assert [(a.name, a.status) for a in attendance([(text, 1)])] == [
        ("Ames", "apologies"),
        ("Bloor", "apologies"),
    ]


def test_a_sentence_that_says_how_people_attended() -> None:
    found = attendance(
        [
            (
                "Present: Mayor Olive Granger, and Councilors Pat Quill, and Bill Hornby were present. "
                "City Attorney Mark Tolliver was also present. The clerk read the notice.",
                2,
            )
        ]
    )
    assert [(a.name, a.status) for a in found] == [
        ("Olive Granger", "present"),
        ("Pat Quill", "present"),
        ("Bill Hornby", "present"),
        ("Mark Tolliver", "in-attendance"),
    ]


def test_a_sentence_that_merely_mentions_presence_is_no_list() -> None:
    assert attendance([("The chairman said that the press were present.", 1)]) == []


def test_listed_names_whose_given_name_is_also_a_word() -> None:
    found = attendees("Mark Ellery (ME), Parish Clerk, Finance Officer", "present")
    assert [a.name for a in found] == ["Mark Ellery"]


def test_whoever_presides_or_declares_a_quorum_is_present() -> None:
    found = attendance(
        [
            ("Present: Mayor Ada Quill and Councilors Bo Trent and Cy Moss.", 1),
            ("Town Clerk Dana Reyes declared a quorum.", 2),
            ("Councilor Bo Trent presided over the public hearing.", 3),
        ]
    )
    assert [(a.name, a.status) for a in found] == [
        ("Ada Quill", "present"),
        ("Bo Trent", "present"),
        ("Cy Moss", "present"),
        ("Dana Reyes", "present"),
    ]
