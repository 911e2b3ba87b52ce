"""Stable anchors on the meeting page, so any item or paragraph can be linked.

A paragraph with a printed reference gets it (`p-2.1(a)`); one without, or whose reference was
already used on the page, gets its place (`p-i3-2`: item 3, paragraph 2, both counted from 1).
Items are `item-3`. All depend only on the source, so a link stays good when the meeting is
stored again. The store counts positions from 0, the page from 1.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from typing import Any

Row = dict[str, Any]
_SPACE = re.compile(r"\s+")


def item_anchor(item_place: int) -> str:
    return f"item-{item_place}"


def positional_anchor(item_place: int, paragraph_place: int) -> str:
    return f"p-i{item_place}-{paragraph_place}"


def paragraph_anchors(paragraphs: Iterable[tuple[int, int, str | None]]) -> Iterator[str]:
    """Anchors for (item place, paragraph place, ref) triples in page order."""
    used: set[str] = set()
    for item_place, paragraph_place, ref in paragraphs:
        anchor = f"p-{_SPACE.sub('-', ref.strip())}" if ref and ref.strip() else None
        if anchor is None or anchor in used:
            anchor = positional_anchor(item_place, paragraph_place)
        used.add(anchor)
        yield anchor


def place_anchors(items: Sequence[Row]) -> list[Row]:
    """A record's items with their anchors and paragraphs (`minutes` with anchors); each decision
    and action attached to the paragraph it came from (by ref, else by line), or marked
    `placed: False` to be shown under the item."""
    triples = [
        (i, j, p.get("ref")) for i, item in enumerate(items, 1) for j, p in enumerate(item["minutes"], 1)
    ]
    anchors = iter(paragraph_anchors(triples))
    placed = []
    for i, item in enumerate(items, 1):
        paragraphs = [{**p, "anchor": next(anchors), "decisions": [], "actions": []} for p in item["minutes"]]
        by_ref = {p["ref"]: p for p in paragraphs if p.get("ref")}
        by_line = {p["line"]: p for p in paragraphs}
        facts: dict[str, list[Row]] = {"decisions": [], "actions": []}
        for kind, found in facts.items():
            for fact in item[kind]:
                home = by_ref.get(fact.get("paragraph")) or by_line.get(fact.get("line"))
                if home is not None:
                    home[kind].append(fact)
                found.append({**fact, "placed": home is not None})
        placed.append({**item, **facts, "anchor": item_anchor(i), "paragraphs": paragraphs})
    return placed


def anchors_by_line(items: Iterable[Row], paragraphs: Iterable[Row]) -> dict[tuple[str, int | None], str]:
    """(meeting id, source line) -> anchor, from `store.browse.places`: each paragraph's, and each
    item's for its title line. The same anchors `place_anchors` gives the page."""
    found = {(r["meeting_id"], r["line"]): item_anchor(r["position"] + 1) for r in items}
    for row, anchor in _anchored(paragraphs):
        found[(row["meeting_id"], row["line"])] = anchor
    return found


LineUrl = Callable[[str, int | None, int | None], str]


def line_urls(paragraphs: Iterable[Row]) -> LineUrl:
    """A function (meeting id, item position, source line) -> the URL of the paragraph holding
    that line (the last one starting at or before it), else of the item, else of the meeting;
    from the paragraphs of `store.browse.places`. A reference or an action sits anywhere in a
    paragraph, so its line is seldom the paragraph's first."""
    starts: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for row, anchor in _anchored(paragraphs):
        starts[(row["meeting_id"], row["item_position"])].append((row["line"], anchor))

    def url(meeting_id: str, item_position: int | None, line: int | None) -> str:
        if item_position is None:
            return f"/meetings/{meeting_id}"
        lines = starts.get((meeting_id, item_position), [])
        at = bisect_right(lines, line, key=lambda start: start[0]) if line is not None else 0
        anchor = lines[at - 1][1] if at else item_anchor(item_position + 1)
        return f"/meetings/{meeting_id}#{anchor}"

    return url


def _anchored(paragraphs: Iterable[Row]) -> Iterator[tuple[Row, str]]:
    """Each paragraph row (in page order, as `store.browse.places` gives them) with its anchor."""
    for _, group in groupby(paragraphs, key=lambda r: r["meeting_id"]):
        rows = list(group)
        triples = [(r["item_position"] + 1, r["position"] + 1, r["ref"]) for r in rows]
        yield from zip(rows, paragraph_anchors(triples), strict=True)
