"""Meetings written for the plan and maker pages, as ModernGov pages copied as text (see
tests/registers/meetings.py), stored through the real reader, parser and ingest:

- the Fresh Start Improvement Plan reported at four Commissioners' meetings, 23%, 31%, 48% and
  60% of its actions complete, with an action that names it (followed up at a later meeting) and
  one minuted under its item that does not (open);
- the CSE Action Plan reported as "12 of 25 actions" and later "rated green, 20 of 25";
- Commissioner Ney minded to approve a licensing policy in January and approving it in March (63
  days), Commissioner Myers minded to approve a transport policy and never deciding it.
"""

from __future__ import annotations

from pathlib import Path

from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from registers.meetings import load_meetings

BODY = "Commissioners Public Meeting"
SERIES = [("2016-01-13", "23%"), ("2016-02-10", "31%"), ("2016-03-16", "48%"), ("2016-04-13", "60%")]
PLAN = "Fresh Start Improvement Plan"
PLAN_SLUG = "fresh-start-improvement-plan"
LICENSING = "the revised Licensing Policy for taxis and private hire vehicles"
TRANSPORT = "the home to school transport policy"
PLAN_ACTION = "Action: The Chief Executive will publish the Fresh Start Improvement Plan on the website."
# Minuted under the plan's own item without naming it: the plan's by its item.
ITEM_ACTION = "Action: The Director of Children's Services will report on the recruitment of social workers."
# A later minute repeating PLAN_ACTION's words: it is followed up, so done.
PUBLISHED = (
    "The Chief Executive confirmed that the Fresh Start Improvement Plan had been published on the website."
)


def _items(day: str, share: str) -> list[tuple[str, list[str]]]:
    items: list[tuple[str, list[str]]] = [
        ("Apologies", ["None."]),
        (
            "Improvement Plan update",
            [
                "The Chief Executive introduced the report.",
                f"The {PLAN} has now completed {share} of its overall actions.",
                *([PLAN_ACTION] if day == SERIES[0][0] else []),
                *([ITEM_ACTION] if day == SERIES[1][0] else []),
                *([PUBLISHED] if day == SERIES[2][0] else []),
            ],
        ),
    ]
    if day == "2016-01-13":
        items += [
            ("Licensing", [f"Commissioner Ney is minded to approve {LICENSING}."]),
            ("Transport", [f"Commissioner Myers is minded to approve {TRANSPORT}."]),
            ("Child Sexual Exploitation", ["12 of 25 actions in the CSE Action Plan are complete."]),
        ]
    if day == "2016-03-16":
        items += [
            ("Licensing", [f"Resolved: - That Commissioner Ney approved {LICENSING}."]),
            (
                "Child Sexual Exploitation",
                ["The CSE Action Plan remains rated green, with 20 of 25 actions complete."],
            ),
        ]
    return items


MEETINGS = [(BODY, day, _items(day, share)) for day, share in reversed(SERIES)]  # stored in any order


def plan_database(folder: Path) -> str:
    """A SQLite file of these meetings, migrated, ingested and refreshed; its URL."""
    url = f"sqlite:///{folder / 'minutebook.db'}"
    engine = open_engine(url)
    migrate(engine)
    load_meetings(engine, folder / "pages", MEETINGS)
    engine.dispose()
    return url
