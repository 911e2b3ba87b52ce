"""Paragraph anchors: printed refs where they are unique, positions otherwise."""

from __future__ import annotations

from minutebook.web.anchors import anchors_by_line, paragraph_anchors, place_anchors


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


def _item(minutes: list[dict], decisions: list[dict] = (), actions: list[dict] = ()) -> dict:
    return {"title": "t", "minutes": minutes, "decisions": list(decisions), "actions": list(actions)}


def test_place_anchors_attaches_facts_to_their_paragraph() -> None:
    items = place_anchors(
        [
            _item([{"ref": "1.1", "text": "a", "line": 10}]),
            _item(
                [{"ref": None, "text": "b", "line": 20}, {"ref": "2.1", "text": "c", "line": 22}],
                decisions=[{"kind": "resolved", "text": "c", "paragraph": "2.1", "line": None}],
                actions=[
                    {"text": "b", "owner": "X", "paragraph": None, "line": 20},
                    {"text": "elsewhere", "owner": None, "paragraph": None, "line": 99},
                ],
            ),
        ]
    )
    assert [i["anchor"] for i in items] == ["item-1", "item-2"]
    second = items[1]["paragraphs"]
    assert [p["anchor"] for p in second] == ["p-i2-1", "p-2.1"]
    assert [d["text"] for d in second[1]["decisions"]] == ["c"]
    assert [a["owner"] for a in second[0]["actions"]] == ["X"]
    assert [a["placed"] for a in items[1]["actions"]] == [True, False]


def test_anchors_by_line_agree_with_the_page() -> None:
    record_items = [
        _item([{"ref": "(a)", "text": "x", "line": 5}]),
        _item([{"ref": "(a)", "text": "y", "line": 9}, {"ref": None, "text": "z", "line": 11}]),
    ]
    page = place_anchors(record_items)
    stored_items = [
        {"meeting_id": "m", "position": 0, "line": 4},
        {"meeting_id": "m", "position": 1, "line": 8},
    ]
    stored_paragraphs = [
        {"meeting_id": "m", "item_position": i, "position": j, "ref": p["ref"], "line": p["line"]}
        for i, item in enumerate(record_items)
        for j, p in enumerate(item["minutes"])
    ]
    by_line = anchors_by_line(stored_items, stored_paragraphs)
    for item in page:
        for p in item["paragraphs"]:
            assert by_line[("m", p["line"])] == p["anchor"]
    assert by_line[("m", 8)] == "item-2"
