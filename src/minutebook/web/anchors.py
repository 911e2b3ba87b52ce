"""Stable anchors for the paragraphs of a meeting page, so any paragraph can be linked.

A paragraph with a printed reference gets it (`p-2.1(a)`); one without, or whose reference was
already used on the page, gets its position (`p-i3-2`: item 3, paragraph 2, both counted from 1).
Both depend only on the source, so a link stays good when the meeting is stored again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_SPACE = re.compile(r"\s+")


def positional_anchor(item_position: int, paragraph_position: int) -> str:
    return f"p-i{item_position}-{paragraph_position}"


def paragraph_anchors(paragraphs: Iterable[tuple[int, int, str | None]]) -> Iterator[str]:
    """Anchors for (item position, paragraph position, ref) triples in page order."""
    used: set[str] = set()
    for item_position, paragraph_position, ref in paragraphs:
        anchor = f"p-{_SPACE.sub('-', ref.strip())}" if ref and ref.strip() else None
        if anchor is None or anchor in used:
            anchor = positional_anchor(item_position, paragraph_position)
        used.add(anchor)
        yield anchor


def line_anchor(line: int) -> str:
    return f"L{line}"


def item_anchor(item_position: int) -> str:
    return f"item-{item_position}"
