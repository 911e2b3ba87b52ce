"""Attendance registers printed as grids of marks, one column a meeting."""

from __future__ import annotations

from minutebook.extract.grid import grid_attendance

# A governing body's register as text taken from a PDF: rows stand a character or two off one another.
REGISTER = """\
                     GOVERNOR ATTENDANCE          /10/2021   /11/2021   /01/2022
  HEATHER POUSTIE     Headteacher                 P          P
  Paul Evemy          LA                           P          S
  Sandra Cartwright   Co-opted                  P          P
  Alexa Gainsbury     Parent                                 P
  Claire Moors        Co-opted                   P                      18/10/2021
  VACANT              Parent
                     P – Present     S – Sanctioned
                     A – Absent      L – Late arrival
"""


def test_the_meeting_is_the_rightmost_column_with_marks() -> None:
    lines = [(text, number) for number, text in enumerate(REGISTER.splitlines(), 1)]
    found, unmarked = grid_attendance(lines)
    assert [(a.name, a.status) for a in found] == [
        ("Heather Poustie", "present"),
        ("Paul Evemy", "apologies"),
        ("Sandra Cartwright", "present"),
        ("Alexa Gainsbury", "present"),
    ]
    assert unmarked == ["Claire Moors"]  # resigned: a mark for an earlier meeting only


def test_no_legend_no_grid() -> None:
    lines = [(text, number) for number, text in enumerate(REGISTER.splitlines()[:-2], 1)]
    assert grid_attendance(lines) == ([], [])
