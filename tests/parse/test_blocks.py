"""Blocks: Markdown and HTML layout dropped, wrapped lines joined, page numbers skipped."""

from __future__ import annotations

from minutebook.parse.blocks import clean, make_blocks
from minutebook.read.document import Line


def lines(*texts: str) -> list[Line]:
    return [Line(text, number) for number, text in enumerate(texts, 1)]


def test_clean_drops_markup() -> None:
    assert clean("> [!abstract]- Present:") == "Present:"
    assert clean("**Cllr Mrs Clements proposed** [the report](http://x/y.pdf)&nbsp;here") == (
        "Cllr Mrs Clements proposed the report here"
    )
    assert (
        clean("<p><strong>Item 1: Minutes, Matters Arising</strong></p>")
        == "Item 1: Minutes, Matters Arising"
    )


def test_points_open_blocks_without_blank_lines() -> None:
    blocks = make_blocks(lines("1.1 The Chair opened the meeting", "and welcomed all.", "a) First point", ""))
    assert [(b.text, b.line) for b in blocks] == [
        ("1.1 The Chair opened the meeting and welcomed all.", 1),
        ("a) First point", 3),
    ]


def test_unfinished_lines_join_across_blank_lines_and_page_breaks() -> None:
    blocks = make_blocks(
        lines("MINUTES OF A SPECIAL MEETING OF LIMERICK CITY AND", "", "COUNTY COUNCIL.", "---", "2", "Next.")
    )
    assert [b.text for b in blocks] == [
        "MINUTES OF A SPECIAL MEETING OF LIMERICK CITY AND COUNTY COUNCIL.",
        "Next.",
    ]


def test_markdown_headings_keep_their_level() -> None:
    (block,) = make_blocks(lines("## 9.1&nbsp;&nbsp;Added Report"))
    assert (block.text, block.heading) == ("9.1 Added Report", 2)


def test_short_title_line_over_a_sentence_stands_alone() -> None:
    blocks = make_blocks(
        lines(
            "Harbour Lights Community Trust annual presentation",
            "Volunteers from the trust described the year's restoration work on the old quay.",
            "2. Allotments",
            "Councillor Vance reported that two plots are vacant.",
        )
    )
    assert [(b.text[:22], b.title_line) for b in blocks] == [
        ("Harbour Lights Communi", True),
        ("Volunteers from the tr", False),
        ("2. Allotments", True),
        ("Councillor Vance repor", False),
    ]


def test_wrapped_title_motion_and_point_lines_are_no_title_lines() -> None:
    wrapped = make_blocks(
        lines("3. Resolution 12-2020: Fees for Parking, Street Trading, and", "Market Stalls")
    )
    motion = make_blocks(lines("That the Harbour Board", "note the report and approve the budget."))
    point = make_blocks(lines("B) Town Hall Works", "The contractor has started on site this week."))
    assert [len(b) for b in (wrapped, motion, point)] == [1, 1, 1]


def test_a_number_alone_above_a_heading_numbers_it() -> None:
    blocks = make_blocks(
        lines("7", "", "ROAD SAFETY SCHEME", "", "Members discussed the scheme.", "", "8.2", "PARKING")
    )
    assert [b.text for b in blocks] == [
        "7 ROAD SAFETY SCHEME",
        "Members discussed the scheme.",
        "8.2 PARKING",
    ]


def test_a_page_number_at_the_right_margin_is_no_item_number() -> None:
    blocks = make_blocks(
        lines("                              12", "    FINANCE COMMITTEE", "The report was noted.")
    )
    assert [b.text for b in blocks] == ["12", "FINANCE COMMITTEE", "The report was noted."]


def test_accented_capitals_head_a_block() -> None:
    blocks = make_blocks(lines("3", "GRANTS FOR MĀORI LAND TRUSTS", "Members agreed."))
    assert [b.text for b in blocks] == ["3 GRANTS FOR MĀORI LAND TRUSTS", "Members agreed."]


def test_text_that_lost_its_line_breaks_is_split_at_its_wide_gaps() -> None:
    entries = "  ".join(
        f"{n} Approve the lease of plot {n} at the depot  (Ordinance)  ADOPTED" for n in range(12, 20)
    )
    blocks = make_blocks(
        lines(f"LEASES  {entries} *20 Accept a gift of benches  (Report)", "", "A short line.")
    )
    texts = [b.text for b in blocks]
    assert texts[:3] == ["LEASES", "12 Approve the lease of plot 12 at the depot (Ordinance)", "ADOPTED"]
    assert "20 Accept a gift of benches (Report)" in texts


def test_a_few_wide_gaps_in_a_long_line_are_only_spacing() -> None:
    text = "Cllr Hale proposed the budget, seconded by Cllr Ross.    Agreed. " * 6
    assert len(make_blocks(lines(text))) == 1
