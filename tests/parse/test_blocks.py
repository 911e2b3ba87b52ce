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
