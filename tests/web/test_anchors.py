"""Paragraph anchors: printed refs where they are unique, positions otherwise."""

from __future__ import annotations

from minutebook.web.anchors import paragraph_anchors


def test_printed_refs_become_anchors() -> None:
    anchors = list(paragraph_anchors([(2, 1, "2.1"), (2, 2, "2.1(a)"), (2, 3, "2.1(b)")]))
    assert anchors == ["p-2.1", "p-2.1(a)", "p-2.1(b)"]


def test_paragraphs_without_refs_get_positions() -> None:
    assert list(paragraph_anchors([(3, 1, None), (3, 2, "  ")])) == ["p-i3-1", "p-i3-2"]


def test_repeated_ref_falls_back_to_position_so_anchors_stay_unique() -> None:
    anchors = list(paragraph_anchors([(1, 1, "(a)"), (2, 1, "(a)")]))
    assert anchors == ["p-(a)", "p-i2-1"]


def test_whitespace_inside_a_ref_cannot_break_the_id() -> None:
    assert list(paragraph_anchors([(1, 1, "Minute 12 a")])) == ["p-Minute-12-a"]
