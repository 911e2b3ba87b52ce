"""Reading and parsing a whole document grows linearly with its size (issue 10, item 2).

`benchmarks/growth.py` measures 1-50 MB; this checks the same two shapes at a size and four times
it, counting work rather than timing it where it can: the Python calls made (cProfile), which grow
four times for linear work and sixteen times for a step that compares every part with every other;
and the CPU time, with room for a loaded machine, which also catches a regular expression that
backtracks over the whole text (work no call count sees).
"""

from __future__ import annotations

import cProfile
import pstats
import time

import pytest

from minutebook.pipeline import parse_document
from minutebook.read.detect import read_bytes
from minutebook.sample import meeting_texts


def _document(shape: str, size: int) -> bytes:
    """About `size` bytes: one meeting's heading, then items of many meetings ('minutes'), or one
    meeting whose last item ends with the same sentences run into one paragraph ('paragraph')."""
    pages = [text for _, text in meeting_texts(200, seed=3)]
    parts, total = [], 0
    for i, page in enumerate(pages * 10):
        piece = (
            (page if i == 0 else page.split("\n", 1)[1])
            if shape == "minutes"
            else " ".join(page.split()) + " "
        )
        parts.append(piece)
        total += len(piece)
        if total >= size:
            break
    text = "".join(parts) if shape == "minutes" else pages[0] + "\n\n" + "".join(parts) + "\n"
    return text.encode("utf-8")


def _work(data: bytes) -> tuple[int, float]:
    profile = cProfile.Profile()
    start = time.process_time()
    profile.enable()
    record = parse_document(read_bytes(data, "minutes.txt"))
    profile.disable()
    seconds = time.process_time() - start
    assert record.items or record.warnings  # read and parsed through, never refused
    return pstats.Stats(profile).total_calls, seconds  # type: ignore[attr-defined]


@pytest.mark.parametrize("shape", ["minutes", "paragraph"])
def test_read_and_parse_grow_linearly_with_the_document(shape: str) -> None:
    _work(_document(shape, 20_000))  # the first parse compiles patterns and loads tables once
    small_calls, small_seconds = _work(_document(shape, 60_000))
    large_calls, large_seconds = _work(_document(shape, 240_000))
    assert large_calls / small_calls < 5.5, (small_calls, large_calls)
    assert large_seconds / max(small_seconds, 0.05) < 9, (small_seconds, large_seconds)
