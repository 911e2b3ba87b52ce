"""Tables read column by column: a label in a later cell heads its column for the rows below."""

from __future__ import annotations

from minutebook.extract.columns import cells, labelled_tables, tabled_attendance


def statuses(lines: list[str]) -> list[tuple[str, str]]:
    """Attendance from the lines, each its own block (as rows a blank line apart become)."""
    numbered = [(text, number) for number, text in enumerate(lines, 1)]
    blocks = [(" ".join(text.replace("*", "").split()), number) for text, number in numbered if text.strip()]
    return [(a.name, a.status) for a in tabled_attendance(blocks, labelled_tables(numbered))]


def test_cells_stand_a_gap_apart_or_between_pipes() -> None:
    assert cells("Ann Lee (AL)     Treasurer\tApologies:   Bo Kim") == [
        (0, "Ann Lee (AL)"),
        (17, "Treasurer"),
        (32, "Apologies:"),
        (45, "Bo Kim"),
    ]
    assert [cell for _, cell in cells("Cllr Ann Leeson\tClerk")] == [
        "Cllr Ann Leeson",
        "Clerk",
    ]  # one space wide
    assert cells("| **Present:** | Cllr Ann Lee |") == [(0, "Present:"), (1, "Cllr Ann Lee")]


def test_a_label_in_a_later_cell_heads_its_column_down_to_the_next_label() -> None:
    lines = [
        "**Present:**",
        "",
        "Ann Lee (AL)          Treasurer              **Apologies:**     Bo Kim (BK)",
        "",
        "Cy Dunn (CD)          Councillor                                Ed Fox (EF)",
        "Gil Hart (GH)",
        "Ivy Jones (IJ)        Councillor          **Chair:**            Ann Lee",
        "Kit Lowe (KL)         Councillor",
    ]
    assert statuses(lines) == [
        ("Ann Lee", "present"),
        ("Cy Dunn", "present"),
        ("Gil Hart", "present"),
        ("Ivy Jones", "present"),
        ("Kit Lowe", "present"),
        ("Bo Kim", "apologies"),
        ("Ed Fox", "apologies"),
    ]


def test_a_markdown_table_column_under_a_heading() -> None:
    lines = [
        "| Present: | Absent: |",
        "| --- | --- |",
        "| Cllr Ann Lee | Cllr Bo Kim |",
        "| Cllr Cy Dunn | |",
    ]
    assert sorted(statuses(lines)) == [("Ann Lee", "present"), ("Bo Kim", "absent"), ("Cy Dunn", "present")]


def test_prose_ends_the_table_and_rows_without_a_label_are_left_alone() -> None:
    lines = [
        "Present:  Cllr Ann Lee      Apologies:  Cllr Bo Kim",
        "The meeting opened with a minute's silence for a former councillor, Cllr Ed Fox.",
        "Moved:    Cllr Ann Lee      Seconded:   Cllr Cy Dunn",
    ]
    (table,) = labelled_tables([(text, number) for number, text in enumerate(lines, 1)])
    assert set(table.rows) == {1}
    assert statuses(lines) == [("Ann Lee", "present"), ("Bo Kim", "apologies")]


def test_a_bullet_set_apart_from_its_list_is_no_column() -> None:
    lines = [
        "            o    Commissioners Present: Anthony Qaiyum, Zach Maiorca, Chris Dallas,",
        "                Ben Munro, Todd Feinberg",
        "            o    Commissioners Absent: Shelley Young, Pat Bader",
    ]
    numbered = [(text, number) for number, text in enumerate(lines, 1)]
    assert labelled_tables(numbered) == []


def test_a_labelled_column_of_a_table_whose_first_cells_became_an_item_title() -> None:
    lines = [
        "LW 64/2122    To record those     The meeting commenced at: 1830",
        "               accept apologies    Apologies: Lex Gainsbury",
        "               absences where      In attendance: Simon Barnes",
        "               welcome any         Quorum for this meeting is 3 Governors plus the Headteacher.",
    ]
    numbered = [(text, number) for number, text in enumerate(lines, 1)]
    tables = labelled_tables(numbered)
    # The parser took "LW 64/2122 To record those" for the item's number and title.
    blocks = [("The meeting commenced at: 1830 accept apologies Apologies: Lex Gainsbury absences where", 1)]
    listed = tabled_attendance(blocks, tables)
    assert ("Simon Barnes", "in-attendance") in [(a.name, a.status) for a in listed]
