"""extract: facts inside items — decisions, actions, appointments, references, declarations,
attendance, people. Each extractor is a small pure function over text, tested alone;
`extract` runs them all over what `minutebook.parse` found (`enrich` over a bare record).
extract reads parse's output and uses its text helpers; parse never imports extract."""

from __future__ import annotations

from minutebook.extract.facts import enrich
from minutebook.parse import Parsed
from minutebook.record import MeetingRecord

__all__ = ["enrich", "extract"]


def extract(parsed: Parsed) -> MeetingRecord:
    """The record of `parsed` with every fact filled in (in place) and warnings for what is missing."""
    return enrich(parsed.record, parsed.preamble, parsed.members, parsed.lines)
