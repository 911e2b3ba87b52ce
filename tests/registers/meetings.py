"""Meetings written for a purpose, as ModernGov pages copied as text (the format of
../shared/seeds/*.txt), which go through the real reader, parser and store: the registers are
tested on what the extractors really give them. Also used by the web tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date as Date
from pathlib import Path

import sqlalchemy

from minutebook.ingest import ingest
from minutebook.record import slug
from minutebook.registers import refresh

Item = tuple[str, Sequence[str]]  # title, minute paragraphs
Meeting = tuple[str, str, Sequence[Item]]  # body, ISO date, items


def meeting_page(body: str, day: str, items: Sequence[Item]) -> str:
    """One meeting as a ModernGov page copied as text."""
    when = Date.fromisoformat(day)
    lines = [
        "Agenda and minutes",
        "",
        f"{body} - {when:%A} {when.day} {when:%B %Y} 10.00 a.m.",
        "",
        "Venue: Town Hall, Moorgate Street, Brackenford.",
        "",
        "Items",
        "No. Item",
        "",
    ]
    for number, (title, paragraphs) in enumerate(items, start=1):
        lines += [f"{number}.", "", title, ""]
        if paragraphs:
            lines += ["Minutes:", ""]
            numbers = (f"{number}.{i}   " for i in range(1, len(paragraphs) + 1))
            for text in paragraphs:  # lettered sub-points "(a) ..." are printed as they are
                lines += [text if text.startswith("(") else next(numbers) + text, "", "\u00a0", ""]
    return "\n".join(lines) + "\n"


def load_meetings(engine: sqlalchemy.Engine, folder: Path, meetings: Sequence[Meeting]) -> sqlalchemy.Engine:
    """Write meetings as pages in `folder`, ingest them and refresh the registers, as the CLI does."""
    folder.mkdir(exist_ok=True)
    for body, day, items in meetings:
        (folder / f"{slug(body)}-{day}.txt").write_text(meeting_page(body, day, items), encoding="utf-8")
    report = ingest(engine, [folder], workers=1)
    assert report.ok, report.failed
    refresh(engine)
    return engine


# An action chain: four actions raised at one Cabinet meeting, three followed up later (by a
# reference, under matters arising, by repeating its words), one repeated only by another body.
DEPOT = (
    "Action: The Strategic Director of Finance will prepare a costed options appraisal"
    " for the depot relocation."
)
FLOODING = "Action: Councillor Wyatt will write to the residents of Anston about flooding on Ryton Road."
LIGHTING = "Action: The Head of Highways will check street lighting columns on Brinsworth Lane."
TIMETABLE = "Action: The Clerk will circulate the revised procurement timetable to members."


def raised(depot_extra: str = "The Cabinet considered options for the depot.") -> tuple:
    return (
        "Cabinet",
        "2014-01-15",
        [
            ("Apologies", []),
            ("Dinnington Depot", [depot_extra, DEPOT]),
            ("Flooding", [FLOODING]),
            ("Street Lighting", [LIGHTING]),
            ("Procurement", [TIMETABLE]),
        ],
    )


LATER = [
    (
        "Cabinet",
        "2014-02-12",
        [
            (
                "Matters Arising",
                ["The Head of Highways reported that lighting on Brinsworth Lane was checked."],
            ),
            (
                "Dinnington Depot",
                [
                    "Further to Minute No. 2 of the Cabinet meeting held on 15th January, 2014,"
                    " work had begun."
                ],
            ),
        ],
    ),
    (
        "Cabinet",
        "2014-03-12",
        [
            (
                "Flooding",
                ["Councillor Wyatt had written to the residents of Anston about flooding on Ryton Road."],
            )
        ],
    ),
    (
        "Planning Board",
        "2014-03-13",
        [("Procurement", ["The Clerk would circulate the revised procurement timetable to members."])],
    ),
]
