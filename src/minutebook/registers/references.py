"""References resolved: each "Minute No. C97 of the Cabinet meeting held on 21st November,
2012", "minutes of the meeting held on 10 July" or "(Agenda item 4)" linked to the meeting and
item it names when that is stored, or listed with the reason it could not be.

How a reference is read: a named body is the stored body of that name (else the one body whose
name contains it); no body named means the citing meeting's own. With a date, the meeting is
that body's on that date, and a minute or item number picks the item. A minute number without
a date is looked for in that body's meetings of the same municipal year up to the citing one.
An item number alone ("(Agenda item 4)") is an item of the citing meeting.

`resolve(rows...)` is pure; `refresh_links` stores its answers for every reference, and the
query functions read them: `references_from` (what an item refers to), `references_to` (what
refers to a meeting or item), `reference_register` (all, or the unresolved with their reasons).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select

from minutebook.errors import MinutebookError
from minutebook.record import slug
from minutebook.registers.common import Page, check_page, municipal_year, page_of
from minutebook.store import schema as t

STATUSES = ("resolved", "unresolved", "ambiguous")


@dataclass(frozen=True)
class Link:
    status: str
    target_meeting_id: str | None = None
    target_item_position: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class StoredMeeting:
    id: str
    body_id: int
    date: str


class Catalogue:
    """What resolving needs to know of the stored record: bodies, meetings and item numbers."""

    def __init__(
        self,
        bodies: dict[int, str],
        meetings: list[StoredMeeting],
        items: dict[str, dict[str, int]],
        councils: dict[int, str | None] | None = None,
    ) -> None:
        self.body_names = bodies  # id -> name
        self.councils = councils or {}  # body id -> its council, where known
        # Several councils may each have a "Cabinet": a name leads to every body that bears it.
        self.by_slug: dict[str, list[int]] = defaultdict(list)
        for body_id, name in sorted(bodies.items()):
            self.by_slug[slug(name)].append(body_id)
        self.meetings = {m.id: m for m in meetings}
        self.by_body_date = {(m.body_id, m.date): m for m in meetings}
        self.by_body: dict[int, list[StoredMeeting]] = defaultdict(list)
        for meeting in sorted(meetings, key=lambda m: m.date):
            self.by_body[meeting.body_id].append(meeting)
        self.items = items  # meeting id -> item number (normalised) -> item position

    @classmethod
    def load(cls, connection: Connection) -> Catalogue:
        rows = connection.execute(select(t.bodies.c.id, t.bodies.c.name, t.bodies.c.council)).all()
        bodies = {row.id: row.name for row in rows}
        councils = {row.id: row.council for row in rows}
        m = t.meetings
        meetings = [
            StoredMeeting(row.id, row.body_id, row.date)
            for row in connection.execute(select(m.c.id, m.c.body_id, m.c.date))
        ]
        items: dict[str, dict[str, int]] = defaultdict(dict)
        i = t.items
        for row in connection.execute(
            select(i.c.meeting_id, i.c.position, i.c.number).where(i.c.number.is_not(None))
        ):
            items[row.meeting_id].setdefault(number_key(row.number), row.position)
        return cls(bodies, meetings, items, councils)

    def body(self, name: str, citing_body: int | None = None) -> tuple[int | None, str | None]:
        """The body a reference names, or why none: (id, None) or (None, reason). Minutes name
        their own council's bodies, so among bodies of that name the citing body's council wins."""
        wanted = slug(name)
        found = self.by_slug.get(wanted)
        if not found:
            pattern = re.compile(rf"(?:^|-){re.escape(wanted)}(?:-|$)")
            found = [
                body_id
                for body_slug, ids in self.by_slug.items()
                if pattern.search(body_slug)
                for body_id in ids
            ]
        if len(found) > 1 and citing_body is not None:
            council = self.councils.get(citing_body)
            found = [body_id for body_id in found if self.councils.get(body_id) == council] or found
        if len(found) == 1:
            return found[0], None
        if found:
            names = ", ".join(sorted(self.body_names[b] for b in found))
            return None, f"ambiguous: {name!r} could be any of {names}"
        return None, f"no body named {name!r} is stored"


def number_key(number: str) -> str:
    """Item and minute numbers compared without case, dots or a body's letter prefix: 'C97.' -> '97'."""
    return re.sub(r"^[a-z]{1,3}(?=\d)", "", number.strip().rstrip(".").casefold())


def resolve(
    catalogue: Catalogue,
    citing: StoredMeeting,
    minute: str | None,
    body: str | None,
    date: str | None,
    item: str | None,
) -> Link:
    """Where one reference points, or why it cannot be said."""
    body_id: int | None = citing.body_id
    if body:
        body_id, why = catalogue.body(body, citing.body_id)
        if body_id is None:
            return Link("ambiguous" if why and why.startswith("ambiguous") else "unresolved", reason=why)
    if body_id is None:  # a stored meeting always has its body; kept for the type
        return Link("unresolved", reason="the citing meeting has no body")
    body_name = catalogue.body_names[body_id]
    number = minute or item
    if date:
        meeting = catalogue.by_body_date.get((body_id, date))
        if meeting is None:
            return Link("unresolved", reason=f"no meeting of {body_name} on {date} is stored")
        if number is None:
            return Link("resolved", meeting.id)
        position = catalogue.items.get(meeting.id, {}).get(number_key(number))
        if position is None:
            return Link("resolved", meeting.id, reason=f"the meeting is stored but has no item {number}")
        return Link("resolved", meeting.id, position)
    if minute:
        return _minute_in_year(catalogue, citing, body_id, body_name, minute)
    if item:
        position = catalogue.items.get(citing.id, {}).get(number_key(item))
        if position is None:
            return Link("unresolved", reason=f"no item {item} in this meeting")
        return Link("resolved", citing.id, position)
    return Link("unresolved", reason="names no date, minute or item")


def _minute_in_year(
    catalogue: Catalogue, citing: StoredMeeting, body_id: int, body_name: str, minute: str
) -> Link:
    year = municipal_year(citing.date)
    key = number_key(minute)
    found = [
        (meeting.id, catalogue.items[meeting.id][key])
        for meeting in catalogue.by_body[body_id]
        if meeting.date <= citing.date
        and municipal_year(meeting.date) == year
        and key in catalogue.items.get(meeting.id, {})
    ]
    if len(found) == 1:
        return Link("resolved", *found[0])
    if found:
        return Link(
            "ambiguous", reason=f"minute {minute} is in {len(found)} meetings of {body_name} in {year}"
        )
    return Link(
        "unresolved", reason=f"no minute {minute} of {body_name} stored for {year} up to this meeting"
    )


def refresh_links(connection: Connection) -> dict[str, int]:
    """Resolve every stored reference again; returns how many of each status."""
    catalogue = Catalogue.load(connection)
    r = t.references
    rows = []
    counts = dict.fromkeys(STATUSES, 0)
    for ref in connection.execute(
        select(
            r.c.meeting_id,
            r.c.item_position,
            r.c.position,
            r.c.text,
            r.c.minute,
            r.c.body,
            r.c.date,
            r.c.item,
        )
    ):
        link = resolve(
            catalogue, catalogue.meetings[ref.meeting_id], ref.minute, ref.body, ref.date, ref.item
        )
        counts[link.status] += 1
        rows.append(
            {
                "meeting_id": ref.meeting_id,
                "item_position": ref.item_position,
                "position": ref.position,
                "text": ref.text,
                "status": link.status,
                "target_meeting_id": link.target_meeting_id,
                "target_item_position": link.target_item_position,
                "reason": link.reason,
            }
        )
    connection.execute(delete(t.reference_links))
    if rows:
        connection.execute(insert(t.reference_links), rows)
    return counts


@dataclass(frozen=True)
class ReferenceEntry:
    meeting_id: str  # the citing meeting, item and line
    body: str
    date: str
    item_position: int
    item_number: str | None
    item_title: str
    line: int | None
    text: str
    status: str
    reason: str | None
    target_meeting_id: str | None
    target_body: str | None
    target_date: str | None
    target_item_position: int | None
    target_item_number: str | None
    target_item_title: str | None


def references_from(
    connection: Connection, meeting_id: str, item_position: int | None = None
) -> list[ReferenceEntry]:
    """What a meeting (or one item of it) refers to, in the order of the minutes."""
    link = t.reference_links
    where = link.c.meeting_id == meeting_id
    if item_position is not None:
        where = and_(where, link.c.item_position == item_position)
    query = _entries().where(where).order_by(link.c.item_position, link.c.position)
    return [ReferenceEntry(**row) for row in connection.execute(query).mappings()]


def references_to(
    connection: Connection, meeting_id: str, item_position: int | None = None
) -> list[ReferenceEntry]:
    """What refers to a meeting (or one item of it), oldest citing meeting first."""
    link = t.reference_links
    where = link.c.target_meeting_id == meeting_id
    if item_position is not None:
        where = and_(where, link.c.target_item_position == item_position)
    query = (
        _entries()
        .where(where)
        .order_by(t.meetings.c.date, link.c.meeting_id, link.c.item_position, link.c.position)
    )
    return [ReferenceEntry(**row) for row in connection.execute(query).mappings()]


def reference_register(
    connection: Connection,
    *,
    status: str | None = None,
    body: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[ReferenceEntry]:
    """Every reference (or those of one status), newest citing meeting first."""
    check_page(offset, limit)
    if status is not None and status not in STATUSES:
        raise MinutebookError(f"status {status!r}: use one of {', '.join(STATUSES)}")
    link = t.reference_links
    query = _entries()
    if status:
        query = query.where(link.c.status == status)
    if body:
        query = query.where(t.bodies.c.slug == slug(body))
    query = query.order_by(t.meetings.c.date.desc(), link.c.meeting_id, link.c.item_position, link.c.position)
    rows = [
        ReferenceEntry(**row) for row in connection.execute(query.offset(offset).limit(limit + 1)).mappings()
    ]
    return page_of(rows, offset, limit)


@functools.cache  # built once: making the aliases' columns is most of the cost of a small query
def _entries() -> Any:
    link, r, m, i = t.reference_links, t.references, t.meetings, t.items
    tm, tb, ti = m.alias("tm"), t.bodies.alias("tb"), i.alias("ti")
    return (
        select(
            link.c.meeting_id,
            t.bodies.c.name.label("body"),
            m.c.date,
            link.c.item_position,
            i.c.number.label("item_number"),
            i.c.title.label("item_title"),
            r.c.line,
            link.c.text,
            link.c.status,
            link.c.reason,
            link.c.target_meeting_id,
            tb.c.name.label("target_body"),
            tm.c.date.label("target_date"),
            link.c.target_item_position,
            ti.c.number.label("target_item_number"),
            ti.c.title.label("target_item_title"),
        )
        .select_from(link)
        .join(
            r,
            (r.c.meeting_id == link.c.meeting_id)
            & (r.c.item_position == link.c.item_position)
            & (r.c.position == link.c.position),
        )
        .join(m, m.c.id == link.c.meeting_id)
        .join(t.bodies, t.bodies.c.id == m.c.body_id)
        .join(i, (i.c.meeting_id == link.c.meeting_id) & (i.c.position == link.c.item_position))
        .outerjoin(tm, tm.c.id == link.c.target_meeting_id)
        .outerjoin(tb, tb.c.id == tm.c.body_id)
        .outerjoin(
            ti, (ti.c.meeting_id == link.c.target_meeting_id) & (ti.c.position == link.c.target_item_position)
        )
    )
