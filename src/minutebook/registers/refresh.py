"""Recompute every cross-meeting result from the per-meeting rows, in one transaction.

Each step replaces its own table whole, so the outcome depends only on what is stored (and
the clerks' overrides), never on the order meetings arrived in. References go first: action
follow-ups use them. Run after an ingest batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from minutebook.registers.actions import refresh_followups
from minutebook.registers.people import refresh_people
from minutebook.registers.references import refresh_links


@dataclass(frozen=True)
class RefreshReport:
    people: dict[str, int]  # forms, people, merged, ambiguous -> how many
    references: dict[str, int]  # resolved | unresolved | ambiguous -> how many
    actions: dict[str, int]  # reference | matters-arising | text-match | open -> how many


def refresh(engine: Engine) -> RefreshReport:
    """Resolve people and references and find action follow-ups across every stored meeting."""
    with engine.begin() as connection:
        people = refresh_people(connection)
        references = refresh_links(connection)
        actions = refresh_followups(connection)
    return RefreshReport(people, references, actions)
