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


def _numbered(text: str) -> tuple[list[tuple[str, int]], dict[int, str]]:
    """Blocks as the parser makes them (lines joined, a blank line between blocks) and the lines."""
    lines = dict(enumerate(text.split("\n"), 1))
    blocks: list[tuple[str, int]] = []
    current: list[tuple[str, int]] = []
    for number, line in [*lines.items(), (len(lines) + 1, "")]:
        if line.strip():
            current.append((line.strip(), number))
        elif current:
            blocks.append((" ".join(" ".join(t for t, _ in current).split()), current[0][1]))
            current = []
    return blocks, lines


def test_a_list_one_name_to_a_line_is_split_at_the_line_breaks() -> None:
    blocks, lines = _numbered(
        "Attendees\n\nNicholas Car (Chair)\nAnsuriya Deveraj\nEdmond\nBernadette Hyland-\nWood\n"
    )
    found = attendance(blocks, lines=lines)
    assert [(a.name, a.role) for a in found] == [
        ("Nicholas Car", "Chair"),
        ("Ansuriya Deveraj", None),
        ("Edmond", None),  # a given name alone, among full names
        ("Bernadette Hyland-Wood", None),
    ]
    # Without the lines, the names run together.
    assert len(attendance(blocks)) < 4


def test_a_comma_list_wrapped_over_lines_is_not_split_at_them() -> None:
    blocks, lines = _numbered(
        "Council Members: Robert Charland, Anthony Coghill, Deborah L. Gross, Theresa\n"
        "Kail-Smith, Erika Strassburger"
    )
    names = [a.name for a in attendance(blocks, lines=lines)]
    assert names == [
        "Robert Charland",
        "Anthony Coghill",
        "Deborah L. Gross",
        "Theresa Kail-Smith",
        "Erika Strassburger",
    ]


def test_headings_that_say_who_before_how_they_attended() -> None:
    blocks, lines = _numbered(
        "Perfunctory Business\n"
        "o Commissioners Present: Anthony Qaiyum, Zach Maiorca,\n  Ben Munro\n"
        "o Others Present: Ryan Warsing (LSRCC), Kimberly Bares (PLACE\n  Consulting)\n"
        "o Commissioners Absent: Shelley Young, Pat Bader\n"
        "Members of the Council present were: Councillors Jane Ritchie, Chairman, and Mrs Sue Ryding, Clerk\n"
        "\nCOUNCIL MEMBERS EXCUSED: Kevin Severson\n"
    )
    found = [(a.name, a.status, a.role) for a in attendance(blocks, lines=lines)]
    assert found == [
        ("Anthony Qaiyum", "present", None),
        ("Zach Maiorca", "present", None),
        ("Ben Munro", "present", None),
        ("Ryan Warsing", "in-attendance", "LSRCC"),
        ("Kimberly Bares", "in-attendance", "PLACE Consulting"),
        ("Shelley Young", "absent", None),
        ("Pat Bader", "absent", None),
        ("Jane Ritchie", "present", "Chairman"),
        ("Sue Ryding", "present", "Clerk"),
        ("Kevin Severson", "apologies", None),
    ]


def test_members_of_a_body_listed_by_their_plural_and_staff_present() -> None:
    text = (
        'WEBER COUNTY COMMISSIONERS: Scott K. Jenkins, James "Jim" H. Harvey and Gage Froerer. '
        "OTHER STAFF PRESENT: Ricky D. Hatch, County Clerk/Auditor; and Ann Fern, who took minutes. "
        "A. WELCOME - Chair Jenkins"
    )
    assert [(a.name, a.status) for a in attendance([(text, 1)])] == [
        ("Scott K. Jenkins", "present"),
        ("James H. Harvey", "present"),
        ("Gage Froerer", "present"),
        ("Ricky D. Hatch", "in-attendance"),
        ("Ann Fern", "in-attendance"),
    ]


def test_a_membership_list_is_no_attendance_and_a_topic_is_no_heading() -> None:
    blocks = [
        ("Audit Committee Membership:", 1),
        ("Councillors:", 2),
        ("Angela Caldara Rod Scott", 3),
        ("Apologies for absence were received from Councillors Rod Scott and Dee Mills", 4),
        ("The policies below were reviewed by the committee and will be put to the board.", 5),
        ("• Attendance Policy", 6),
        ("• Governors Allowances and Expenses Policy", 7),
    ]
    assert [(a.name, a.status) for a in attendance(blocks)] == [
        ("Rod Scott", "apologies"),
        ("Dee Mills", "apologies"),
    ]


def test_entries_that_state_their_own_status() -> None:
    blocks, lines = _numbered(
        "School Committee    Superintendent\n"
        "Carol Archambault, Chair - Present   Dr. Kate Burnham\n"
        "Brian Lehtinen, Vice Chair - Absent\n"
        "Guests: Bill Bernard, DPW Director\n"
    )
    assert [(a.name, a.status, a.role) for a in attendance(blocks, lines=lines)] == [
        ("Carol Archambault", "present", "Chair"),
        ("Brian Lehtinen", "absent", "Vice Chair"),
        ("Bill Bernard", "in-attendance", "DPW Director"),
    ]


def test_a_roll_call_and_a_legistar_count() -> None:
    blocks, lines = _numbered(
        "ROLL CALL\n\nClerk: His Worship Mayor Katz, Councillors Browaty, Eadie and Councillor Wyatt.\n\n"
        "Present 2 - Council Member Charland, and Council\nMember Gross\nAbsent 1 - Council Member Coghill\n"
    )
    assert [(a.name, a.status) for a in attendance(blocks, lines=lines)] == [
        ("Katz", "present"),
        ("Browaty", "present"),
        ("Eadie", "present"),
        ("Wyatt", "present"),
        ("Charland", "present"),
        ("Gross", "present"),
        ("Coghill", "absent"),
    ]


def test_a_roster_in_two_columns_flattened_puts_members_under_the_officials_label() -> None:
    # Wexford County Council, 3 September 2018: the "Officials:" label lands after the first cells of
    # the councillors' column; officials are the entries with posts.
    rows = [
        "Attendance:", "In the Chair:", "Cllr. W. Fitzharris, Leas Chathaoirleach.", "Councillors:",
        "P. Breen;", "D. Hynes;", "Officials:", "G. Carthy;", "L. O'Brien;", "M. Whelan.",
        "Mr. T. Enright, Chief Executive;", "Ms. A. O'Neill, Head of Finance;",
        "Apologies:", "Councillors M. Byrne.",
    ]  # fmt: skip
    found = attendance([(row, number) for number, row in enumerate(rows, 1)])
    assert [(a.name, a.status) for a in found] == [
        ("W. Fitzharris", "present"),
        ("P. Breen", "present"),
        ("D. Hynes", "present"),
        ("G. Carthy", "present"),
        ("L. O'Brien", "present"),
        ("M. Whelan", "present"),
        ("T. Enright", "in-attendance"),
        ("A. O'Neill", "in-attendance"),
        ("M. Byrne", "apologies"),
    ]
    assert found[0].role == "Leas Chathaoirleach"


def test_officials_listed_with_and_without_posts_stay_officials() -> None:
    rows = [
        "Present: Cllr Ann Ames, Cllr Bob Bloor.",
        "Officials: Mr T. Enright, Chief Executive; Ms J. Hale.",
    ]
    found = attendance([(row, number) for number, row in enumerate(rows, 1)])
    assert [a.status for a in found] == ["present", "present", "in-attendance", "in-attendance"]


def test_names_in_capitals_and_posts_in_capitals() -> None:
    found = attendance([("OTHERS IN ATTENDANCE: NATHAN BRACKEN, LEGAL COUNSEL, COPPERTON", 1)])
    assert [(a.name, a.status) for a in found] == [("Nathan Bracken", "in-attendance")]
    assert [a.name for a in attendees("RON PATRICK; SEAN CLAYTON, Chair", "present")] == [
        "Ron Patrick",
        "Sean Clayton",
    ]


def test_apologies_reported_in_a_sentence() -> None:
    listed = attendance(
        [
            (
                "The Manager reported apologies from Mr Beaney, Miss Carey and Mr Wright.",
                1,
            ),
            ("Ms Grehan had given her formal apologies but was attending the meeting virtually.", 2),
            ("That an apology for absence from Councillor Okafor and an apology for lateness from", 3),
        ]
    )
    assert [(a.name, a.status) for a in listed] == [
        ("Beaney", "apologies"),
        ("Carey", "apologies"),
        ("Wright", "apologies"),
        ("Grehan", "apologies"),
        ("Okafor", "apologies"),
    ]
    late = attendance([("That an apology for lateness from Councillor Kerr be accepted.", 1)])
    assert late == []  # who apologised for being late came


def test_a_roll_call_by_surname_after_a_roster_of_full_names() -> None:
    listed = attendance(
        [
            ("Council Members: Robert Charland, Anthony Coghill, Deborah L. Gross", 1),
            ("Present 2 - Council Member Charland, and Council Member Gross", 3),
            ("Absent 1 - Council Member Coghill", 4),
        ]
    )
    assert [(a.name, a.status) for a in listed] == [
        ("Robert Charland", "present"),
        ("Anthony Coghill", "absent"),
        ("Deborah L. Gross", "present"),
    ]
    # A member present and an officer in attendance of one surname stay two people.
    two = attendance([("Present: Councillors Daly, Ryan", 1), ("In attendance: Mr. P. Daly, Director", 2)])
    assert [(a.name, a.status) for a in two] == [
        ("Daly", "present"),
        ("Ryan", "present"),
        ("P. Daly", "in-attendance"),
    ]


def test_a_table_of_surnames_and_given_names_flattened_cell_by_cell() -> None:
    # Each cell on a line of its own, the columns' order lost: the words that are no given name are
    # the surnames, each a person; a note in brackets is no one.
    lines = [
        "Attendance:",
        "",
        "Councillors:",
        "",
        "Barden",
        "",
        "Pat",
        "",
        "Kehoe",
        "",
        "Pat",
        "",
        "Boland",
        "",
    ]
    lines += ["Laffan", "", "Vicky", "(Online)", "Nicky", "", "Garry", "", "Sheehan", ""]
    lines += ["Officials: Mr. Tom Banville, Director of Services"]
    numbered = {number: text for number, text in enumerate(lines, 1)}
    blocks, start = [], None
    for number, text in numbered.items():  # blocks part at blank lines, as the parser's do
        if text and start is None:
            start = number
        if not text and start is not None:
            blocks.append((" ".join(numbered[n] for n in range(start, number)), start))
            start = None
    blocks.append((numbered[len(lines)], len(lines)))
    listed = attendance(blocks, lines=numbered)
    assert [(a.name, a.status) for a in listed] == [
        ("Barden", "present"),
        ("Kehoe", "present"),
        ("Boland", "present"),
        ("Laffan", "present"),
        ("Sheehan", "present"),
        ("Tom Banville", "in-attendance"),
    ]
    # Names one to a block, each of two words, are no such table.
    names = [("Present:", 1), ("Gil Hart", 2), ("Ivy Jones", 3), ("Kit Lowe", 4)]
    assert [a.name for a in attendance(names)] == ["Gil Hart", "Ivy Jones", "Kit Lowe"]


def test_line_breaks_found_below_a_heading_numbered_with_the_paragraph() -> None:
    from minutebook.extract.attendance import with_breaks

    lines = {1: "**6. Membership**", 2: "The new members were declared as:", 3: "Esme Clark", 4: "Betty Ross"}
    block = "The new members were declared as: Esme Clark Betty Ross"
    assert with_breaks(block, 1, lines) == "The new members were declared as:\nEsme Clark\nBetty Ross"
    assert with_breaks("No such text", 1, lines) == "No such text"


def test_who_chaired_and_who_clerked_in_a_form() -> None:
    listed = attendance([("Chaired by Paul Evemy Clerked by Pete Osborne", 1)])
    assert [(a.name, a.status) for a in listed] == [
        ("Paul Evemy", "present"),
        ("Pete Osborne", "in-attendance"),
    ]
    assert attendance([("The report was endorsed by the board.", 1)]) == []
