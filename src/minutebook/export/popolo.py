"""Popolo: the people, organizations, posts and memberships the registers hold, as one Popolo
JSON document (`{"persons": [...], "organizations": [...], "posts": [...], "memberships": [...]}`,
the shape EveryPolitician and Popolo's own tools read), validated by Popolo's JSON schemas.

What each comes from:
- organizations: each council the documents name (classification "council") and each body that
  met (classification "committee", its council as parent; a body that *is* its council, such as
  "Boughton Parish Council", is the council's one organization);
- persons: each person named in the meetings, resolved across meetings as `minutebook people`
  resolves them (their id is the resolved person's key; other name forms are `other_names`);
- memberships, with dates: a person listed as present, absent, sending apologies or substituting
  at a body's meetings is a member of it from the first to the last such meeting; a post a person
  was stated to hold there ("Chair", "Leader") is a membership with that role and post; an
  appointment (the appointments register) is a membership of the appointing body in the post
  appointed to, from the meeting that made it to the first later term that appointed to the post.
  A membership seen up to the body's last meeting has no end date: as far as the record shows it
  goes on; an end date is only given when the body met later without them.
- posts: each post held or appointed to, within the body where it was held or that appointed it.

The data are gathered per person and per body (never per meeting in memory), then written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, select

from minutebook.export.registers import Scope, meeting_ids
from minutebook.record import slug
from minutebook.registers.appointments import term_year
from minutebook.registers.people import form_key
from minutebook.store import schema as t

MEMBER_STATUSES = ("present", "absent", "apologies", "substitute")  # officers "in attendance" are not members


@dataclass
class Seen:
    """When a person was seen in a role: the first and last meeting dates, and how many meetings."""

    first: str
    last: str
    meetings: set[str] = field(default_factory=set)

    def add(self, date: str, meeting_id: str) -> None:
        self.first, self.last = min(self.first, date), max(self.last, date)
        self.meetings.add(meeting_id)


@dataclass
class Person:
    name: str
    honorific: str | None
    names: set[str] = field(default_factory=set)


@dataclass
class Gathered:
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug -> name, council, last date
    people: dict[str, Person] = field(default_factory=dict)  # person id -> Person
    members: dict[tuple[str, str], Seen] = field(default_factory=dict)  # (person, body slug)
    holders: dict[tuple[str, str, str], Seen] = field(default_factory=dict)  # (person, body slug, post)
    appointed: list[dict[str, Any]] = field(default_factory=list)


def popolo_chunks(
    connection: Connection, scope: Scope, counts: dict[str, int] | None = None
) -> Iterator[str]:
    """The Popolo document for the meetings in `scope`, in pieces to write or send as they come;
    `counts` (if given) is filled with the objects written per section."""
    counts = {} if counts is None else counts
    gathered = _gather(connection, scope)
    sections = {
        "persons": _persons(gathered),
        "organizations": _organizations(gathered),
        "posts": _posts(gathered),
        "memberships": _memberships(gathered),
    }
    yield "{"
    for index, (name, objects) in enumerate(sections.items()):
        yield ("," if index else "") + f'\n"{name}":['
        counts[name] = 0
        for found in objects:
            yield (
                ("," if counts[name] else "")
                + "\n"
                + json.dumps(found, ensure_ascii=False, separators=(",", ":"))
            )
            counts[name] += 1
        yield "]"
    yield "\n}\n"


# -- gathering -----------------------------------------------------------------------------------


def _gather(connection: Connection, scope: Scope) -> Gathered:
    gathered = Gathered()
    ids = meeting_ids(scope).scalar_subquery()
    m, b = t.meetings, t.bodies
    for row in connection.execute(
        select(b.c.slug, b.c.name, b.c.council, m.c.date)
        .join(m, m.c.body_id == b.c.id)
        .where(m.c.id.in_(ids))
    ):
        known = gathered.bodies.setdefault(
            row.slug, {"name": row.name, "council": row.council, "last": row.date}
        )
        known["last"] = max(known["last"], row.date)
    _gather_people(connection, ids, gathered)
    _gather_attendance(connection, ids, gathered)
    _gather_posts(connection, ids, gathered)
    _gather_appointments(connection, ids, gathered)
    return gathered


def _links(ids: Any) -> Any:
    """people -> person_links: a name form's resolved person in the meeting that used it."""
    p, f, link = t.people, t.person_forms, t.person_links
    return (
        f.join(p, p.c.id == f.c.person_id)
        .outerjoin(link, and_(link.c.meeting_id == f.c.meeting_id, link.c.person_key == p.c.key))
        .join(t.meetings, t.meetings.c.id == f.c.meeting_id)
        .join(t.bodies, t.bodies.c.id == t.meetings.c.body_id)
    )


def _gather_people(connection: Connection, ids: Any, gathered: Gathered) -> None:
    p, f, link, ident = t.people, t.person_forms, t.person_links, t.person_identities
    query = (
        select(
            p.c.key, p.c.name, p.c.honorific, link.c.identity, ident.c.name.label("identity_name"), f.c.form
        )
        .select_from(_links(ids).outerjoin(ident, ident.c.key == link.c.identity))
        .where(f.c.meeting_id.in_(ids))
    )
    for row in connection.execution_options(yield_per=2000).execute(query):
        person = gathered.people.get(row.identity or row.key)
        if person is None:
            person = Person(row.identity_name or row.name, row.honorific)
            gathered.people[row.identity or row.key] = person
        person.honorific = person.honorific or row.honorific
        person.names |= {row.name, row.form}


def _person_of(gathered: Gathered, identity: str | None, key: str | None, name: str) -> str:
    """The person id of a name as a meeting wrote it: its resolved person, its form, or itself."""
    found = identity or key or form_key(name)
    if found not in gathered.people:
        gathered.people[found] = Person(name, None, {name})
    return found


def _gather_attendance(connection: Connection, ids: Any, gathered: Gathered) -> None:
    a, f, p, link = t.attendance, t.person_forms, t.people, t.person_links
    forms = (
        f.join(p, p.c.id == f.c.person_id)
        .outerjoin(link, and_(link.c.meeting_id == f.c.meeting_id, link.c.person_key == p.c.key))
    )  # fmt: skip
    query = (
        select(a.c.meeting_id, a.c.name, t.meetings.c.date, t.bodies.c.slug, p.c.key, link.c.identity)
        .select_from(
            a.join(t.meetings, t.meetings.c.id == a.c.meeting_id)
            .join(t.bodies, t.bodies.c.id == t.meetings.c.body_id)
            .outerjoin(forms, and_(f.c.meeting_id == a.c.meeting_id, f.c.form == a.c.name))
        )
        .where(a.c.meeting_id.in_(ids), a.c.status.in_(MEMBER_STATUSES))
    )
    for row in connection.execution_options(yield_per=2000).execute(query):
        person = _person_of(gathered, row.identity, row.key, row.name)
        seen = gathered.members.setdefault((person, row.slug), Seen(row.date, row.date))
        seen.add(row.date, row.meeting_id)


def _gather_posts(connection: Connection, ids: Any, gathered: Gathered) -> None:
    p, posts, link = t.people, t.person_posts, t.person_links
    query = (
        select(
            posts.c.meeting_id,
            posts.c.post,
            p.c.key,
            p.c.name,
            link.c.identity,
            t.meetings.c.date,
            t.bodies.c.slug,
        )
        .select_from(
            posts.join(p, p.c.id == posts.c.person_id)
            .outerjoin(link, and_(link.c.meeting_id == posts.c.meeting_id, link.c.person_key == p.c.key))
            .join(t.meetings, t.meetings.c.id == posts.c.meeting_id)
            .join(t.bodies, t.bodies.c.id == t.meetings.c.body_id)
        )
        .where(posts.c.meeting_id.in_(ids))
    )
    for row in connection.execution_options(yield_per=2000).execute(query):
        post = " ".join(row.post.split())
        if not post:
            continue
        person = _person_of(gathered, row.identity, row.key, row.name)
        seen = gathered.holders.setdefault((person, row.slug, post), Seen(row.date, row.date))
        seen.add(row.date, row.meeting_id)


def _gather_appointments(connection: Connection, ids: Any, gathered: Gathered) -> None:
    ap, link = t.appointments, t.person_links
    query = (
        select(ap.c.meeting_id, ap.c.person, ap.c.post, ap.c.term, t.meetings.c.date, t.bodies.c.slug)
        .select_from(
            ap.join(t.meetings, t.meetings.c.id == ap.c.meeting_id).join(
                t.bodies, t.bodies.c.id == t.meetings.c.body_id
            )
        )
        .where(ap.c.meeting_id.in_(ids))
        .order_by(t.meetings.c.date, ap.c.meeting_id, ap.c.item_position, ap.c.position)
    )
    rows = list(connection.execute(query))  # appointments are few: a handful a meeting that makes any
    # Each appointee's resolved person, as the meeting that appointed them named them.
    resolved = {
        (row.meeting_id, row.person_key): row.identity
        for row in connection.execute(
            select(link.c.meeting_id, link.c.person_key, link.c.identity).where(
                link.c.meeting_id.in_(sorted({row.meeting_id for row in rows}))
            )
        )
    } if rows else {}  # fmt: skip
    for row in rows:
        post = " ".join(row.post.split())
        if not post or not row.person.strip():
            continue
        identity = resolved.get((row.meeting_id, form_key(row.person)))
        person = _person_of(gathered, identity, None, row.person)
        gathered.appointed.append(
            {
                "person": person,
                "body": row.slug,
                "post": post,
                "date": row.date,
                "year": term_year(row.term, row.date),
            }
        )


# -- writing -------------------------------------------------------------------------------------


def organization_id(body_slug: str) -> str:
    return f"organization/{body_slug}"


def post_id(body_slug: str, post: str) -> str:
    return f"post/{body_slug}/{slug(post) or 'post'}"


def _persons(gathered: Gathered) -> Iterator[dict[str, Any]]:
    for key in sorted(gathered.people):
        person = gathered.people[key]
        found: dict[str, Any] = {"id": f"person/{key}", "name": person.name}
        if person.honorific:
            found["honorific_prefix"] = person.honorific
        others = sorted(name for name in person.names if name and name != person.name)
        if others:
            found["other_names"] = [{"name": name, "note": "as written in the minutes"} for name in others]
        yield found


def _organizations(gathered: Gathered) -> Iterator[dict[str, Any]]:
    councils: dict[str, str] = {}
    for body in gathered.bodies.values():
        if body["council"]:
            councils.setdefault(slug(body["council"]), body["council"])
    for council_slug, name in sorted(councils.items()):
        yield {"id": organization_id(council_slug), "name": name, "classification": "council"}
    for body_slug, body in sorted(gathered.bodies.items()):
        if body_slug in councils:  # the body is its council: one organization
            continue
        found = {"id": organization_id(body_slug), "name": body["name"], "classification": "committee"}
        if body["council"]:
            found["parent_id"] = organization_id(slug(body["council"]))
        yield found


def _posts(gathered: Gathered) -> Iterator[dict[str, Any]]:
    posts = {(body, post) for _, body, post in gathered.holders} | {
        (a["body"], a["post"]) for a in gathered.appointed
    }
    labels: dict[str, tuple[str, str]] = {}
    for body, post in sorted(posts):
        labels.setdefault(post_id(body, post), (body, post))
    for pid, (body, post) in sorted(labels.items()):
        yield {"id": pid, "label": post, "role": post, "organization_id": organization_id(body)}


def _memberships(gathered: Gathered) -> Iterator[dict[str, Any]]:
    for (person, body), seen in sorted(gathered.members.items()):
        yield _membership(gathered, person, body, seen, role="member", post=None)
    for (person, body, post), seen in sorted(gathered.holders.items()):
        yield _membership(gathered, person, body, seen, role=post, post=post)
    yield from _appointments(gathered)


def _membership(
    gathered: Gathered, person: str, body: str, seen: Seen, role: str, post: str | None
) -> dict[str, Any]:
    name = gathered.bodies[body]["name"]
    count = len(seen.meetings)
    found: dict[str, Any] = {
        "id": f"membership/{person}/{body}/{slug(role) or 'role'}",
        "label": f"{role}, {name}: listed at {count} meeting{'s' if count != 1 else ''}, "
        f"{seen.first} to {seen.last}",
        "role": role,
        "person_id": f"person/{person}",
        "organization_id": organization_id(body),
        "start_date": seen.first,
    }
    if post:
        found["post_id"] = post_id(body, post)
    if seen.last < gathered.bodies[body]["last"]:
        found["end_date"] = seen.last
    return found


def _appointments(gathered: Gathered) -> Iterator[dict[str, Any]]:
    """An appointment lasts from its meeting until a later term appoints to the same post."""
    terms: dict[tuple[str, str], dict[str, str]] = {}  # (body, post id) -> term year -> first date
    for a in gathered.appointed:
        years = terms.setdefault((a["body"], post_id(a["body"], a["post"])), {})
        years[a["year"]] = min(years.get(a["year"], a["date"]), a["date"])
    done: set[str] = set()
    for a in gathered.appointed:
        pid = post_id(a["body"], a["post"])
        mid = f"appointment/{a['person']}/{pid.removeprefix('post/')}/{a['year']}"
        if mid in done:
            continue
        done.add(mid)
        found: dict[str, Any] = {
            "id": mid,
            "label": f"appointed {a['post']} for {a['year']} by {gathered.bodies[a['body']]['name']}",
            "role": a["post"],
            "person_id": f"person/{a['person']}",
            "organization_id": organization_id(a["body"]),
            "post_id": pid,
            "start_date": a["date"],
        }
        later = sorted(date for year, date in terms[(a["body"], pid)].items() if year > a["year"])
        if later:
            found["end_date"] = later[0]
        yield found
