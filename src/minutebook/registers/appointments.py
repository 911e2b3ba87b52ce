"""The appointments register: who was appointed to what (with substitutes) by municipal year
and body, and the current membership of each panel derived from it.

The municipal year is the appointment's stated term ("2013-2014 Municipal Year"), else the
year (May to April) of the meeting that made it. Current membership: for each post (a panel,
group or office), the appointments of the latest term that appointed anyone to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, select

from minutebook.errors import MinutebookError
from minutebook.registers.common import (
    Page,
    check_page,
    citation_columns,
    cited,
    contains,
    municipal_year,
    narrowed,
    page_of,
)
from minutebook.registers.people import form_key
from minutebook.store import schema as t

_YEAR = re.compile(r"((?:19|20)\d\d)\s*[-/–]\s*((?:19|20)?\d\d)")


@dataclass(frozen=True)
class AppointmentEntry:
    meeting_id: str
    body: str
    body_slug: str
    date: str
    item_position: int
    item_number: str | None
    item_title: str
    position: int  # the appointment's place in its item
    person: str
    post: str
    substitute: str | None
    term: str | None  # as the minutes say it
    line: int | None
    year: str  # municipal year, '2013-2014'


@dataclass(frozen=True)
class Membership:
    post: str
    year: str
    members: list[AppointmentEntry]


def term_year(term: str | None, date: str) -> str:
    """The municipal year an appointment is for: its stated term, else its meeting's year."""
    match = _YEAR.search(term or "")
    if not match:
        return municipal_year(date)
    first, second = match.groups()
    return f"{first}-{first[:2] + second if len(second) == 2 else second}"


def check_year(year: str) -> str:
    match = re.fullmatch(r"((?:19|20)\d\d)-((?:19|20)\d\d)", year.strip())
    if not match or int(match[2]) != int(match[1]) + 1:
        raise MinutebookError(f"year {year!r}: give a municipal year as YYYY-YYYY, e.g. 2013-2014")
    return year.strip()


def appointments(
    connection: Connection,
    *,
    year: str | None = None,
    body: str | None = None,
    post: str | None = None,
    person: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[AppointmentEntry]:
    """Appointments, newest first; `year` is a municipal year ('2013-2014'); `post` and `person`
    match words in the post appointed to and in the appointee's or substitute's name."""
    check_page(offset, limit)
    wanted = check_year(year) if year else None
    rows = _entries(connection, body=body, post=post, person=person, year=wanted)
    if wanted:
        rows = [row for row in rows if row.year == wanted]
    return page_of(rows[offset : offset + limit + 1], offset, limit)


def current_membership(connection: Connection, *, body: str | None = None) -> list[Membership]:
    """Each post's members as its latest term appointed them, posts in name order."""
    latest: dict[str, Membership] = {}
    for row in reversed(_entries(connection, body=body)):  # oldest first: later terms replace
        key = " ".join(row.post.casefold().split())
        known = latest.get(key)
        if known is None or row.year > known.year:
            latest[key] = Membership(row.post, row.year, [row])
        elif row.year == known.year and row.person not in {m.person for m in known.members}:
            known.members.append(row)
    return sorted(latest.values(), key=lambda m: m.post.casefold())


def appointments_of(connection: Connection, forms: list[str]) -> list[AppointmentEntry]:
    """Appointments of the person known by these name forms (as `people.person` lists them),
    as appointee or substitute, newest first: a name counts when it is one of the forms."""
    keys = {form_key(form) for form in forms}
    found = {
        row
        for surname in {key.split()[-1] for key in keys if key.split()}
        for row in _entries(connection, body=None, person=surname)
        if keys & {form_key(name) for name in (row.person, row.substitute) if name}
    }
    return sorted(
        found, key=lambda r: (r.year, r.date, r.meeting_id, r.item_position, r.position), reverse=True
    )


def _entries(
    connection: Connection,
    *,
    body: str | None,
    post: str | None = None,
    person: str | None = None,
    year: str | None = None,
) -> list[AppointmentEntry]:
    """Every matching appointment, newest first: few enough per council to sort by year here."""
    a = t.appointments
    query = cited(
        select(*citation_columns(), a.c.position, a.c.person, a.c.post, a.c.substitute, a.c.term, a.c.line), a
    )
    query = narrowed(query, body=body, since=None, until=None)
    if post:
        query = query.where(contains([a.c.post], post.strip()))
    if person:
        query = query.where(contains([a.c.person, a.c.substitute], person.strip()))
    query = query.order_by(t.meetings.c.date.desc(), a.c.meeting_id, a.c.item_position, a.c.position)
    if year:  # appointments for a year are made in it or in the year before
        first = int(year[:4])
        query = query.where(t.meetings.c.date.between(f"{first - 1}-05-01", f"{first + 1}-04-30"))
    # Positional: building from each row's mapping costs more than the query at this size.
    rows = [
        AppointmentEntry(*row, year=term_year(row.term, row.date))  # type: ignore[misc]  # the columns precede `year`
        for row in connection.execute(query)
    ]
    return sorted(rows, key=lambda row: row.year, reverse=True)  # stable: keeps date order in a year
