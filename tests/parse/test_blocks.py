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
