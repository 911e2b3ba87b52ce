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
    record = enrich(parsed.record, parsed.preamble, parsed.members, parsed.lines)
    record.warnings += [w for w in missing(record) if w not in record.warnings]
    return record


def missing(record: MeetingRecord) -> list[str]:
    """What a reader of the record should know was not found, in a clerk's words: a record that
    lacks its items or (for minutes) its attendance says so rather than looking complete."""
    found = []
    if not record.items:
        found.append("no agenda items found: the business of the meeting is not divided into items")
    if record.minutes_status != "none" and not record.attendance and not record.cancelled:
        found.append("no attendance found: who was present is not recorded here")
    if record.minutes_status != "none" and record.items and not any(item.minutes for item in record.items):
        found.append("no minutes text found under the items")
    return found
