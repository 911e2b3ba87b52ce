"""Reading names stays linear in the number of names (issue 10: a 2 MB paragraph of names took 41 s).

Work is counted, not timed: the Python calls made while finding the mentions, merging the people
and reading the attendance of a list of n names, against the same for 4n. Linear work grows four
times; work that compares every name with every other grows sixteen times.
"""

from __future__ import annotations

import cProfile
import pstats
import string

from minutebook.extract.attendance import _split_entries, attendance
from minutebook.extract.names import mentions
from minutebook.extract.people import merge

_GIVEN = ("John", "Mary", "Peter", "Susan", "David", "Helen")


def _surname(number: int) -> str:
    """A distinct made-up surname for each number ("Bacd", "Bacf", ...)."""
    letters = []
    for _ in range(4):
        number, digit = divmod(number, 20)
        letters.append(string.ascii_lowercase[digit])
    return "B" + "".join(letters)


def _roster(count: int) -> str:
    forms = ("Councillor {g} {s}", "{g} {s}", "Mr {i}. {s}", "Cllr {s} (Chair)")
    entries = [forms[n % 4].format(g=_GIVEN[n % 6], i=_GIVEN[n % 6][0], s=_surname(n)) for n in range(count)]
    return "Present: " + ", ".join(entries) + "."


def _calls(text: str) -> int:
    profile = cProfile.Profile()
    profile.enable()
    merge(mentions(text))
    listed = attendance([(text, 1)])
    profile.disable()
    assert len(listed) > 0.9 * text.count(",")  # the names were read, not skipped
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]


def test_work_on_a_list_of_names_grows_linearly() -> None:
    _calls(_roster(50))  # the given-name list and the caches are loaded once, outside the count
    small, large = _calls(_roster(1000)), _calls(_roster(4000))
    assert large < 4.5 * small, (small, large)


def test_commas_inside_brackets_do_not_part_entries() -> None:
    assert _split_entries("Cllr Ames (Chair, Planning), Cllr Bell and Ms Cole") == [
        "Cllr Ames (Chair, Planning)",
        "Cllr Bell",
        "Ms Cole",
    ]
    # Every comma of a long list is a separator, found without looking over the rest of the list.
    names = [f"Cllr {_surname(n)}" for n in range(2000)]
    assert _split_entries(", ".join(names)) == names
