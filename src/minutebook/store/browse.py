"""Read-only listings for the site and API: the shapes the pages show, as plain dicts ready for
JSON and templates. Every query is built with SQLAlchemy Core, so values are always bound
parameters; every list ends its ORDER BY on a unique key, so pagination is stable."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.engine import Connection, RowMapping

from minutebook.store import schema as t

Row = dict[str, Any]
MEETINGS_PER_BODY_PAGE = 2000


class Filters(Protocol):
    q: str
    body: str | None
    since: Any
    until: Any
    person: str | None


def bodies(conn: Connection) -> list[Row]:
    m, b = t.meetings, t.bodies
    # Counting dates rather than ids lets SQLite answer from the (body_id, date) index alone.
    query = (
        select(b.c.slug, b.c.name, func.count(m.c.date).label("meetings"), func.max(m.c.date).label("last"))
        .join(m, m.c.body_id == b.c.id, isouter=True)
        .group_by(b.c.id, b.c.slug, b.c.name)
        .order_by(b.c.name, b.c.id)
    )
    return _dicts(conn.execute(query).mappings())


def body_names(conn: Connection) -> list[Row]:
    """Slug and name of every body, for filter menus (cheaper than `bodies`, which counts)."""
    b = t.bodies
    return _dicts(conn.execute(select(b.c.slug, b.c.name).order_by(b.c.name, b.c.id)).mappings())


def meetings_before(conn: Connection, day: str, limit: int) -> list[Row]:
    query = (
        _meetings().where(t.meetings.c.date < day).order_by(t.meetings.c.date.desc(), t.meetings.c.id.desc())
    )
    return _dicts(conn.execute(query.limit(limit)).mappings())


def meetings_from(conn: Connection, day: str, limit: int) -> list[Row]:
    query = _meetings().where(t.meetings.c.date >= day).order_by(t.meetings.c.date, t.meetings.c.id)
    return _dicts(conn.execute(query.limit(limit)).mappings())


def meetings(conn: Connection, body: str | None, limit: int, offset: int) -> tuple[list[Row], int]:
    query, counted = _meetings(), select(func.count()).select_from(t.meetings)
    if body:
        body_id = select(t.bodies.c.id).where(t.bodies.c.slug == body).scalar_subquery()
        query, counted = (
            query.where(t.meetings.c.body_id == body_id),
            counted.where(t.meetings.c.body_id == body_id),
        )
    ordered = query.order_by(t.meetings.c.date.desc(), t.meetings.c.id.desc())
    return _dicts(conn.execute(ordered.limit(limit).offset(offset)).mappings()), conn.execute(
        counted
    ).scalar_one()


def recent_decisions(conn: Connection, limit: int) -> list[Row]:
    query = (
        _register_query("decisions").order_by(t.meetings.c.date.desc(), t.decisions.c.id.desc()).limit(limit)
    )
    return _dicts(conn.execute(query).mappings())


def body(conn: Connection, slug: str) -> Row | None:
    b, m = t.bodies, t.meetings
    found = (
        conn.execute(select(b.c.id, b.c.slug, b.c.name, b.c.council).where(b.c.slug == slug))
        .mappings()
        .first()
    )
    if found is None:
        return None
    listed = conn.execute(
        _meetings()
        .where(m.c.body_id == found["id"])
        .order_by(m.c.date.desc(), m.c.id.desc())
        .limit(MEETINGS_PER_BODY_PAGE)
    ).mappings()
    years = [
        {"year": year, "meetings": _dicts(group)}
        for year, group in groupby(listed, key=lambda r: r["date"][:4])
    ]
    members = conn.execute(
        select(
            t.people.c.key,
            t.people.c.name,
            func.count(func.distinct(t.person_forms.c.meeting_id)).label("meetings"),
        )
        .join(t.person_forms, t.person_forms.c.person_id == t.people.c.id)
        .join(m, m.c.id == t.person_forms.c.meeting_id)
        .where(m.c.body_id == found["id"])
        .group_by(t.people.c.id, t.people.c.key, t.people.c.name)
        .order_by(
            func.count(func.distinct(t.person_forms.c.meeting_id)).desc(), t.people.c.name, t.people.c.id
        )
        .limit(200)
    ).mappings()
    appointments = conn.execute(
        _register_query("appointments")
        .where(m.c.body_id == found["id"])
        .order_by(m.c.date.desc(), t.appointments.c.id.desc())
        .limit(200)
    ).mappings()
    return {
        "slug": found["slug"],
        "name": found["name"],
        "council": found["council"],
        "years": years,
        "members": _dicts(members),
        "appointments": _dicts(appointments),
    }


def meeting(conn: Connection, meeting_id: str) -> Row | None:
    """The meeting's stored record, with its body's slug and its source's id, name, format and URL."""
    m, s = t.meetings, t.sources
    found = (
        conn.execute(
            select(m.c.record, t.bodies.c.slug.label("body_slug"), s.c.id, s.c.name, s.c.format, s.c.url)
            .join(t.bodies, t.bodies.c.id == m.c.body_id)
            .join(s, s.c.id == m.c.source_id)
            .where(m.c.id == meeting_id)
        )
        .mappings()
        .first()
    )
    if found is None:
        return None
    record = dict(found["record"])
    record["body_slug"] = found["body_slug"]
    record["source"] = {**record.get("source", {}), **{k: found[k] for k in ("id", "name", "format", "url")}}
    return record


def places(conn: Connection, meeting_ids: Iterable[str]) -> tuple[list[Row], list[Row]]:
    """Where each item and paragraph of these meetings sits, for anchoring search hits: items as
    (meeting_id, position, line), paragraphs as (meeting_id, item_position, position, ref, line),
    in page order. Positions count from 0, in the order of the record's lists."""
    wanted = sorted(set(meeting_ids))
    if not wanted:
        return [], []
    i, p = t.items, t.paragraphs
    items = conn.execute(select(i.c.meeting_id, i.c.position, i.c.line).where(i.c.meeting_id.in_(wanted)))
    paragraphs = conn.execute(
        select(p.c.meeting_id, p.c.item_position, p.c.position, p.c.ref, p.c.line)
        .where(p.c.meeting_id.in_(wanted))
        .order_by(p.c.meeting_id, p.c.item_position, p.c.position)
    )
    return _dicts(items.mappings()), _dicts(paragraphs.mappings())


def people(conn: Connection, q: str, limit: int, offset: int) -> tuple[list[Row], int]:
    p, f = t.people, t.person_forms
    meetings_count = func.count(func.distinct(f.c.meeting_id))
    query = (
        select(p.c.key, p.c.name, meetings_count.label("meetings"))
        .join(f, f.c.person_id == p.c.id)
        .group_by(p.c.id, p.c.key, p.c.name)
    )
    if q:
        query = query.where(func.lower(p.c.name).contains(q.lower(), autoescape=True))
    ordered = query.order_by(meetings_count.desc(), p.c.name, p.c.id)
    return _dicts(conn.execute(ordered.limit(limit).offset(offset)).mappings()), _count(conn, query)


def person(conn: Connection, key: str) -> Row | None:
    p, f, pp, m = t.people, t.person_forms, t.person_posts, t.meetings
    found = (
        conn.execute(select(p.c.id, p.c.key, p.c.name, p.c.honorific).where(p.c.key == key))
        .mappings()
        .first()
    )
    if found is None:
        return None
    forms = (
        conn.execute(select(f.c.form).where(f.c.person_id == found["id"]).distinct().order_by(f.c.form))
        .scalars()
        .all()
    )
    posts = conn.execute(
        select(pp.c.post, func.min(m.c.date).label("first"), func.max(m.c.date).label("last"))
        .join(m, m.c.id == pp.c.meeting_id)
        .where(pp.c.person_id == found["id"])
        .group_by(pp.c.post)
        .order_by(func.min(m.c.date), pp.c.post)
    ).mappings()
    appointments = conn.execute(
        _register_query("appointments")
        .where(t.appointments.c.person.in_([*forms, found["name"]]))
        .order_by(m.c.date.desc(), t.appointments.c.id.desc())
    ).mappings()
    mentioned = conn.execute(
        _meetings()
        .where(m.c.id.in_(select(f.c.meeting_id).where(f.c.person_id == found["id"])))
        .order_by(m.c.date.desc(), m.c.id.desc())
    ).mappings()
    return {
        "key": found["key"],
        "name": found["name"],
        "honorific": found["honorific"],
        "forms": list(forms),
        "posts": _dicts(posts),
        "appointments": _dicts(appointments),
        "meetings": _dicts(mentioned),
    }


REGISTERS = ("decisions", "actions", "appointments")
_SORTS = {"-date": ("date", True), "date": ("date", False), "body": ("body", False)}


def register(
    conn: Connection, name: str, filters: Filters, sort: str, limit: int, offset: int
) -> tuple[list[Row], int]:
    """Decisions, actions or appointments across meetings, filtered by body, dates and text."""
    table = _REGISTER_TABLES[name]
    query = _register_query(name)
    if filters.body:
        query = query.where(t.bodies.c.slug == filters.body)
    if filters.since:
        query = query.where(t.meetings.c.date >= filters.since.isoformat())
    if filters.until:
        query = query.where(t.meetings.c.date <= filters.until.isoformat())
    if filters.q:
        needle = filters.q.lower()
        columns = [table.c.text] if name != "appointments" else [table.c.person, table.c.post]
        query = query.where(_any_contains(columns, needle))
    if filters.person:
        query = query.where(_any_contains([_PERSON_COLUMNS[name](table)], filters.person.lower()))
    key, descending = _SORTS[sort]
    column = t.meetings.c.date if key == "date" else t.bodies.c.name
    order = [column.desc() if descending else column, table.c.id.desc() if descending else table.c.id]
    rows = conn.execute(query.order_by(*order).limit(limit).offset(offset)).mappings()
    return _dicts(rows), _count(conn, query)


def source(conn: Connection, source_id: int) -> Row | None:
    s = t.sources
    found = conn.execute(select(s).where(s.c.id == source_id)).mappings().first()
    if found is None:
        return None
    used_by = conn.execute(
        _meetings().where(t.meetings.c.source_id == source_id).order_by(t.meetings.c.id)
    ).mappings()
    return {
        "id": found["id"],
        "name": found["name"],
        "format": found["format"],
        "url": found["url"],
        "sha256": found["sha256"],
        "size": found["size"],
        "read_at": found["read_at"],
        "meetings": _dicts(used_by),
        "lines": source_lines(found["data"]),
    }


def source_lines(data: bytes) -> list[str] | None:
    """The source as numbered text lines (line 1 first), or None when it is not text (a PDF)."""
    if data.startswith(b"%PDF") or b"\x00" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace").splitlines()


# Who a register row is about: the action's owner, the person appointed; a decision names people in its text.
_PERSON_COLUMNS = {
    "decisions": lambda table: table.c.text,
    "actions": lambda table: table.c.owner,
    "appointments": lambda table: table.c.person,
}
_REGISTER_TABLES = {"decisions": t.decisions, "actions": t.actions, "appointments": t.appointments}
_REGISTER_COLUMNS = {
    "decisions": ("kind", "text", "paragraph", "line"),
    "actions": ("text", "owner", "due", "status", "paragraph", "line"),
    "appointments": ("person", "substitute", "term", "line"),
}


def _register_query(name: str) -> Select:
    table, m, i = _REGISTER_TABLES[name], t.meetings, t.items
    columns = [table.c.id, *(table.c[c] for c in _REGISTER_COLUMNS[name])]
    if name == "appointments":
        columns.append(table.c.post.label("position"))
    return (
        select(
            *columns,
            m.c.id.label("meeting_id"),
            m.c.date,
            t.bodies.c.name.label("body"),
            t.bodies.c.slug.label("body_slug"),
            i.c.number.label("item_number"),
            i.c.title.label("item_title"),
            i.c.position.label("item_position"),
        )
        .join(m, m.c.id == table.c.meeting_id)
        .join(t.bodies, t.bodies.c.id == m.c.body_id)
        .join(i, (i.c.meeting_id == table.c.meeting_id) & (i.c.position == table.c.item_position))
    )


def _any_contains(columns: Sequence[Any], needle: str) -> ColumnElement[bool]:
    from sqlalchemy import or_

    return or_(*(func.lower(c).contains(needle, autoescape=True) for c in columns))


def _meetings() -> Select:
    m, b = t.meetings, t.bodies
    return select(
        m.c.id,
        b.c.name.label("body"),
        b.c.slug.label("body_slug"),
        m.c.title,
        m.c.date,
        m.c.time,
        m.c.cancelled,
    ).join(b, b.c.id == m.c.body_id)


def _count(conn: Connection, query: Select) -> int:
    return conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()


def _dicts(rows: Iterable[RowMapping]) -> list[Row]:
    return [dict(r) for r in rows]
