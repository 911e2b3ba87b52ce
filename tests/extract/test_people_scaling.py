"""Telling common words from names stays linear in a document's size (issue 10): each doubtful
surname used to be searched for through the whole text, so a long document with many people cost
names x text (a 50 MB file of minutes spent most of its time there; benchmarks/growth.py).

Timed, with the work made large enough to dwarf noise: four times the names in four times the text
takes about four times as long when linear, sixteen times when every name searches all the text.
"""

from __future__ import annotations

import string
import time

from minutebook.extract.names import Mention
from minutebook.extract.people import common_words_as_names


def _surname(number: int) -> str:
    letters = []
    for _ in range(5):
        number, digit = divmod(number, 26)
        letters.append(string.ascii_lowercase[digit])
    return "Q" + "".join(letters)


def _seconds(count: int) -> float:
    names = [_surname(n) for n in range(count)]
    text = " ".join(f"{name} spoke about the budget and the plan for the year." for name in names)
    found = [Mention([], name, name, start=0) for name in names]  # untitled, named once: doubtful
    start = time.process_time()
    kept = common_words_as_names(found, text)
    seconds = time.process_time() - start
    assert len(kept) == count  # none of them is written in lower case
    return seconds


def test_common_words_are_found_in_time_linear_in_the_text() -> None:
    _seconds(500)
    small = max(_seconds(3_000), 0.005)
    large = _seconds(12_000)
    assert large / small < 9, (small, large)


def test_a_word_written_in_lower_case_is_still_common() -> None:
    found = [Mention([], "Green", "Green"), Mention([], "Smith", "Smith")] + [
        Mention([], _surname(n), _surname(n)) for n in range(20)
    ]
    kept = common_words_as_names(
        found, "the green belt and the blacksmith's forge " + " ".join(m.surname for m in found)
    )
    assert "Green" not in {m.surname for m in kept} and "Smith" in {m.surname for m in kept}
