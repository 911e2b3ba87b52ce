"""Attendance registers printed as a grid: one row a member, one column a meeting, a mark in each cell.

School governing bodies and some committees print, above their minutes, the year's register so far:

    GOVERNOR ATTENDANCE             /10/2021   /01/2022   /05/2022
    Paul Evemy                         P          P          P
    Sandra Cartwright                  P          S          P
    Alexa Gainsbury                               P          S
    P – Present      S – Sanctioned      A – Absent

The grid is known by its legend: lines that give single capital letters a meaning ("P – Present",
"S – Sanctioned", "A – Absent", "L – Late arrival"). Its rows are the lines above the legend whose
first cell is a name and whose later cells are marks of the legend. A register is filled in meeting
by meeting, so the meeting the minutes record is the rightmost column that holds a mark; each row's
mark in that column (the nearest within a few characters, as such grids are aligned only roughly)
gives the member's status. A member without a mark there is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from minutebook.extract.names import is_given_name
from minutebook.parse.tables import cells
from minutebook.record import AttendanceStatus, Attendee

_LEGEND = re.compile(r"(?:^|\s)([A-Z])\s*[–—=:-]\s*([A-Z][a-z]+(?:\s+[a-z]+)?)")
_NAME_CELL = re.compile(r"^[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+){1,3}$")
_ROWS_ABOVE = 40  # how far above its legend a grid may start
_NEAR = 4  # characters: how far a mark may stand from its column


def _meaning(word: str) -> AttendanceStatus | None:
    word = word.lower()
    if word.startswith(("present", "late", "attended")):
        return "present"
    if word.startswith("absent"):
        return "absent"
    if word.startswith(("sanction", "apolog", "excused", "authorised")):
        return "apologies"
    return None


def _legend(text: str) -> dict[str, AttendanceStatus]:
    return {
        letter: status for letter, word in _LEGEND.findall(text) if (status := _meaning(word)) is not None
    }


def grid_attendance(lines: Sequence[tuple[str, int]]) -> tuple[list[Attendee], list[str]]:
    """Attendance from a register grid among the document's lines (text, number), if there is one,
    and the names of the grid's other members (no mark for this meeting): people all the same."""
    for index, (text, _) in enumerate(lines):
        if "resent" not in text:  # a legend gives "Present" a letter: most lines are no legend
            continue
        legend = _legend(text)
        if len(legend) < 2 or "present" not in legend.values():
            continue
        below = lines[index + 1] if index + 1 < len(lines) else ("", 0)
        legend |= _legend(below[0])
        found, unmarked = _read(lines[max(0, index - _ROWS_ABOVE) : index], legend)
        if found:
            return found, unmarked
    return [], []


def _read(
    rows: Sequence[tuple[str, int]], legend: dict[str, AttendanceStatus]
) -> tuple[list[Attendee], list[str]]:
    marked: list[tuple[str | None, int, list[tuple[int, str]]]] = []  # name, line, (position, mark)
    for text, number in rows:
        row = cells(text)
        if not row or not _NAME_CELL.match(row[0][1]):
            continue
        marks = [(start, cell) for start, cell in row[1:] if cell in legend]
        # A row of the grid: a name, and marks (or nothing yet) in every cell that is a single letter.
        if all(cell in legend for _, cell in row[1:] if len(cell) == 1):
            marked.append((_person(row[0][1]), number, marks))
    if not any(marks for _, _, marks in marked):
        return [], []
    column, spacing = _last_column([[start for start, _ in marks] for _, _, marks in marked])
    found = []
    for name, number, marks in marked:
        # The rightmost mark nearer the column than the one before it: rows stand a few characters
        # off one another; a mark halfway between is of neither for sure, and is left.
        mark = next(
            (
                cell
                for start, cell in reversed(marks)
                if abs(start - column) < min(abs(start - column + spacing), 0.6 * spacing)
            ),
            None,
        )
        if mark and name:
            found.append(Attendee(name=name, status=legend[mark], line=number))
    return found, [name for name, _, _ in marked if name and name not in {a.name for a in found}]


def _last_column(rows: list[list[int]]) -> tuple[float, float]:
    """Where the rightmost column of marks stands, and the usual distance between columns. Rows of a
    grid taken from a PDF stand a few characters off one another, so the column is the middle of
    the marks near the rightmost one."""
    gaps = sorted(b - a for row in rows for a, b in pairwise(row))
    spacing = gaps[len(gaps) // 2] if gaps else 2 * _NEAR
    rightmost = max(start for row in rows for start in row)
    last = sorted(start for row in rows for start in row if start >= rightmost - 0.6 * spacing)
    return last[len(last) // 2], spacing


def _person(cell: str) -> str | None:
    """'HEATHER POUSTIE' -> 'Heather Poustie'; a cell that is no person's name ('VACANT') -> None."""
    words = cell.split()
    if cell.isupper():
        words = [word.capitalize() for word in words]
    return " ".join(words) if len(words) >= 2 and is_given_name(words[0]) else None
