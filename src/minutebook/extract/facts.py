"""Run every extractor over a parsed record and fill in its facts.

Item facts come from the item's minute paragraphs (decisions, actions, references,
declarations; appointments from decisions). Attendance comes from labelled lists ("Present:",
"Apologies:") before the first item or in any item, and from items about attendance. People are
gathered from everything a person can be named in: titles, presenters, agenda text, minutes,
attendance.
"""

from __future__ import annotations

import re
from typing import get_args

from minutebook.extract.actions import actions
from minutebook.extract.appointments import appointments
from minutebook.extract.attendance import add, heads_list, status_of
from minutebook.extract.columns import labelled_tables, tabled_attendance
from minutebook.extract.decisions import decisions
from minutebook.extract.declarations import declarations
from minutebook.extract.grid import grid_attendance
from minutebook.extract.names import Mention, initialled
from minutebook.extract.people import common_words_as_names, merge, paragraph_mentions
from minutebook.extract.references import references
from minutebook.record import Action, AttendanceStatus, Attendee, Decision, Item, MeetingRecord

_ATTENDANCE_TITLE = re.compile(r"\b(?:apologies|present|attendance|attending|attendees|roll\s+call)\b", re.I)


def enrich(
    record: MeetingRecord,
    preamble: list[tuple[str, int]] | None = None,
    members: list[Attendee] | None = None,
    lines: list[tuple[str, int]] | None = None,
) -> MeetingRecord:
    """Fill in the facts of `record` in place and return it. `preamble` is the text before the
    items; `members` are people a structured source lists (their status may be "expected",
    which is no attendance: they become people, and attendees only with a known status);
    `lines` are the document's lines as read, (text, line number), table cells still a gap apart."""
    for item in record.items:
        _item_facts(item, record.date)
    _logged_facts_to_their_items(record.items)
    members = members or []
    record.attendance = [m for m in members if m.status in get_args(AttendanceStatus)]
    # Attendance is read from tables column by column: blocks run a row's cells into one line.
    tables = labelled_tables(lines or [])
    numbered = {number: text for text, number in lines or []}  # line breaks part a list one to a line
    record.attendance += tabled_attendance(list(preamble or []), tables, lines=numbered)
    marked, unmarked = grid_attendance(lines or [])  # a register grid of marks by meeting
    add(record.attendance, marked)
    for item in record.items:
        # Any item may hold a labelled list ("Present: ..."); an item about attendance is one.
        about = _ATTENDANCE_TITLE.search(item.title)
        # A roster line taken for an item's title ("PRESENT: RON PATRICK") is read as a list too.
        titled = [(item.title, item.line or 0)] if heads_list(item.title) else []
        listed = tabled_attendance(
            titled + [(p.text, p.line) for p in item.minutes],
            tables,
            status_of(about.group(0)) if about else None,
            lines=numbered,
        )
        add(record.attendance, listed)
    # Names by initials alone are known only by filling a cell, and paragraphs no longer show cells.
    initials = [mention for line, _ in lines or [] for mention in initialled(line)]
    registered = [Mention(name.split()[:-1], name.split()[-1], name) for name in unmarked]
    record.people = merge(_mentions(record, preamble or [], members, numbered) + registered + initials)
    return record


def _item_facts(item: Item, meeting_date: str | None) -> None:
    # Decisions and actions a structured reader marked are kept; the text adds the others.
    marked = {d.line for d in item.decisions} | {a.line for a in item.actions}
    unmarked = [p for p in item.minutes if p.line not in marked]
    item.decisions += decisions(unmarked)
    item.actions += actions(unmarked)
    for decision in item.decisions:
        item.appointments += appointments(decision)
    for paragraph in item.minutes:
        for reference in references(paragraph.text, meeting_date):
            reference.line = paragraph.line
            item.references.append(reference)
        for declaration in declarations(paragraph.text):
            declaration.line = paragraph.line
            declaration.item = declaration.item or (
                item.number if "declar" not in item.title.lower() else None
            )
            item.declarations.append(declaration)


# An action log at the end of the minutes ("ACTIONS TO BE TAKEN: ITEM | BY WHOM | BY WHEN") starts each
# row with the number of the minute it comes from ("20/2021 Notify ...", "28c/2021 ..."): the action
# belongs to that item; so does a decision whose text opens with another item's whole number ("BM
# 38/2122 To agree the Minutes The minutes were agreed ...": minutes printed as a table, whose rows the
# reader could not part). Only numbers with a separator are read so ("20/2021", "14/048", "5.2"): a bare
# "3" at a row's start may be anything.
_LOGGED_REF = re.compile(r"^(?:[A-Z]{1,4}\s*)?(?P<number>\d{1,4})[a-z]?(?P<rest>[/.]\d{1,4})\b")
_ITEM_REF = re.compile(r"(?P<number>\d{1,4})(?P<rest>[/.]\d{1,4})$")


def _logged_facts_to_their_items(items: list[Item]) -> None:
    """Move each action whose text opens with another item's minute number to that item, and each
    decision whose text opens with another item's whole number."""
    numbered: dict[str, Item] = {}
    for item in items:
        if item.number and (ref := _ITEM_REF.search(item.number.strip())):
            numbered.setdefault(ref["number"].lstrip("0") + ref["rest"], item)
    if len(numbered) < 2:
        return
    for item in items:
        kept: list[Action] = []
        for action in item.actions:
            ref = _LOGGED_REF.match(action.text)
            target = numbered.get(ref["number"].lstrip("0") + ref["rest"]) if ref else None
            (target.actions if target is not None and target is not item else kept).append(action)
        item.actions = kept
        decided: list[Decision] = []
        for decision in item.decisions:
            ref = _LOGGED_REF.match(decision.text)
            target = numbered.get(ref["number"].lstrip("0") + ref["rest"]) if ref else None
            whole = target is not None and ref is not None and _same_number(ref.group(0), target.number or "")
            (target.decisions if whole and target is not item else decided).append(decision)  # type: ignore[union-attr]
        item.decisions = decided


def _same_number(printed: str, number: str) -> bool:
    """True where a number printed in the text is the item's whole number ("BM 38/2122"), not its tail."""
    return printed.replace(" ", "").casefold() == number.replace(" ", "").rstrip(".").casefold()


def _mentions(
    record: MeetingRecord,
    preamble: list[tuple[str, int]],
    members: list[Attendee],
    numbered: dict[int, str] | None = None,
) -> list[Mention]:
    texts = [*preamble]
    for item in record.items:
        texts += [(text, 0) for text in (item.title, *item.presenters, item.agenda_text)]
        texts += [(p.text, p.line or 0) for p in item.minutes]
    found = [mention for text, line in texts for mention in paragraph_mentions(text, line, numbered)]
    found = common_words_as_names(found, "\n".join((numbered or {}).values()))
    named = {m.name for m in found}
    # Attendance lists often give surnames only ("Cllrs Novak, Butler"): they are people too.
    for attendee in [*record.attendance, *members]:
        if attendee.name not in named and attendee.name.split():
            named.add(attendee.name)
            *given, surname = attendee.name.split()
            found.append(
                Mention(given, surname, attendee.name, posts=[attendee.role] if attendee.role else [])
            )
    return found
