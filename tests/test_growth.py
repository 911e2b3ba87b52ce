"""Reading and parsing a whole document grows linearly with its size (issue 10, item 2).

`benchmarks/growth.py` measures 1-50 MB; this checks the same two shapes at a size and four times
it, counting work rather than timing it where it can: the Python calls made (cProfile), which grow
four times for linear work and sixteen times for a step that compares every part with every other;
and the CPU time, with room for a loaded machine, which also catches a regular expression that
backtracks over the whole text (work no call count sees).

The generated shapes hold too few of some things for a step that is quadratic in them to show at
these sizes, so one paragraph is also made of them: sentences each naming a person who sent
apologies and a distinct "minutes of the meeting held on" (the attendance and references of one
paragraph, which compared each new one with all before it), and a line of titled names (the scan
for names, which looked through the whole line again for each name it found).
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import random
import time

import pytest

from minutebook.extract.names import scan
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


_GIVEN = ("John", "Mary", "Peter", "Susan", "David", "Linda", "James", "Karen", "Paul", "Helen")


def _surnames(count: int) -> list[str]:
    """`count` made-up surnames ("Bakesi"), mostly distinct, the same for the same count."""
    pick = random.Random(7).choice
    return [
        "".join(pick("bcdfghklmnprstvw") + pick("aeiou") for _ in range(3)).capitalize() for _ in range(count)
    ]


def _one_paragraph_of_apologies_and_references(count: int) -> bytes:
    head = next(iter(meeting_texts(1, seed=3)))[1]
    sentences = (
        f"Apologies were received from Councillor {_GIVEN[n % 10]} {surname}. "
        f"The minutes of the meeting held on {n % 28 + 1} May {1000 + n} were approved."
        for n, surname in enumerate(_surnames(count))
    )
    return f"{head}\n\n{' '.join(sentences)}\n".encode()


def test_one_paragraph_of_apologies_and_references_grows_linearly() -> None:
    _work(_one_paragraph_of_apologies_and_references(100))
    small_calls, small_seconds = _work(_one_paragraph_of_apologies_and_references(500))
    large_calls, large_seconds = _work(_one_paragraph_of_apologies_and_references(2000))
    assert large_calls / small_calls < 5.5, (small_calls, large_calls)  # quadratic: about 15
    assert large_seconds / max(small_seconds, 0.05) < 9, (small_seconds, large_seconds)


def _scan_seconds(count: int) -> float:
    line = " ".join(f"Cllr {surname} spoke." for surname in _surnames(count))  # no line break in it
    gc.disable()  # collections of the many mentions made are no part of the scan's own growth
    try:
        start = time.process_time()
        found, _ = scan(line)
        seconds = time.process_time() - start
    finally:
        gc.enable()
    assert len(found) > 0.99 * count  # the names were found, not skipped
    return seconds


def test_names_in_one_long_line_are_found_in_linear_time() -> None:
    _scan_seconds(1000)
    small = max(_scan_seconds(20_000), 0.05)
    large = _scan_seconds(80_000)
    assert large / small < 6.5, (small, large)  # linear: about 4; looking through the line for each name: 8.5
