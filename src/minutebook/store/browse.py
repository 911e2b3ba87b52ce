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
from minutebook.web.anchors import item_anchor, paragraph_anchors

Row = dict[str, Any]
MEETINGS_PER_BODY_PAGE = 2000


class Filters(Protocol):
    q: str
    body: str | None
    since: Any
    until: Any


def bodies(conn: Connection) -> list[Row]:
    m, b = t.meetings, t.bodies
    query = (
        select(b.c.slug, b.c.name, func.count(m.c.id).label("meetings"), func.max(m.c.date).label("last"))
        .join(m, m.c.body_id == b.c.id, isouter=True)
        .group_by(b.c.id, b.c.slug, b.c.name)
        .order_by(b.c.name, b.c.id)
    )
    return _dicts(conn.execute(query).mappings())


def meetings_before(conn: Connection, day: str, limit: int) -> list[Row]:
    query = (
        _meetings().where(t.meetings.c.date < day).order_by(t.meetings.c.date.desc(), t.meetings.c.id.desc())
    )
    return _dicts(conn.execute(query.limit(limit)).mappings())


def meetings_from(conn: Connection, day: str, limit: int) -> list[Row]:
    query = _meetings().where(t.meetings.c.date >= day).order_by(t.meetings.c.date, t.meetings.c.id)
    return _dicts(conn.execute(query.limit(limit)).mappings())


def meetings(conn: Connection, body: str | None, limit: int, offset: int) -> tuple[list[Row], int]:
    query = _meetings()
    if body:
        query = query.where(t.bodies.c.slug == body)
    ordered = query.order_by(t.meetings.c.date.desc(), t.meetings.c.id.desc())
    return _dicts(conn.execute(ordered.limit(limit).offset(offset)).mappings()), _count(conn, query)


def recent_decisions(conn: Connection, limit: int) -> list[Row]:
    query = (
        _register_query("decisions").order_by(t.meetings.c.date.desc(), t.decisions.c.id.desc()).limit(limit)
    )
    return [_with_url(r) for r in conn.execute(query).mappings()]


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
        "appointments": [_with_url(r) for r in appointments],
    }


def meeting(conn: Connection, meeting_id: str) -> Row | None:
    """The meeting's record with what the page adds: item and paragraph anchors, and which
    paragraphs hold a decision or an action."""
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
    record["items"] = place_anchors(record.get("items", []))
    return record


def place_anchors(items: Sequence[Row]) -> list[Row]:
    """Items and paragraphs with their anchors; each decision and action attached to the paragraph
    it came from (by paragraph ref, else by line), or left `placed: False` to show under the item."""
    triples = [
        (i, j, p.get("ref"))
        for i, item in enumerate(items, 1)
        for j, p in enumerate(item.get("minutes", []), 1)
    ]
    anchors = iter(paragraph_anchors(triples))
    placed_items = []
    for i, item in enumerate(items, 1):
        paragraphs = [
            {**p, "anchor": next(anchors), "decisions": [], "actions": []} for p in item.get("minutes", [])
        ]
        by_ref = {p["ref"]: p for p in paragraphs if p.get("ref")}
        by_line = {p["line"]: p for p in paragraphs}
        facts: dict[str, list[Row]] = {"decisions": [], "actions": []}
        for kind in facts:
            for fact in item.get(kind, []):
                home = by_ref.get(fact.get("paragraph")) or by_line.get(fact.get("line"))
                if home is not None:
                    home[kind].append(fact)
                facts[kind].append({**fact, "placed": home is not None})
        placed_items.append({**item, **facts, "anchor": item_anchor(i), "paragraphs": paragraphs})
    return placed_items


def hit_anchors(conn: Connection, meeting_ids: Iterable[str]) -> dict[tuple[str, int | None], str]:
    """Anchors by (meeting id, source line) for the given meetings: each paragraph's, and each
    item's for its title line. The same anchors `meeting` gives, from the tables (cheaper than
    the records): positions are dense from 0, so position + 1 is the place on the page."""
    wanted = sorted(set(meeting_ids))
    if not wanted:
        return {}
    p, i = t.paragraphs, t.items
    found: dict[tuple[str, int | None], str] = {}
    for row in conn.execute(select(i.c.meeting_id, i.c.position, i.c.line).where(i.c.meeting_id.in_(wanted))):
        found[(row.meeting_id, row.line)] = item_anchor(item_ordinal(row.position))
    rows = conn.execute(
        select(p.c.meeting_id, p.c.item_position, p.c.position, p.c.ref, p.c.line)
        .where(p.c.meeting_id.in_(wanted))
        .order_by(p.c.meeting_id, p.c.item_position, p.c.position)
    ).all()
    for meeting_id, group in groupby(rows, key=lambda r: r.meeting_id):
        paragraphs = list(group)
        triples = [(item_ordinal(r.item_position), r.position + 1, r.ref) for r in paragraphs]
        for row, anchor in zip(paragraphs, paragraph_anchors(triples), strict=True):
            found[(meeting_id, row.line)] = anchor
    return found


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
        "appointments": [_with_url(r) for r in appointments],
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
    key, descending = _SORTS[sort]
    column = t.meetings.c.date if key == "date" else t.bodies.c.name
    order = [column.desc() if descending else column, table.c.id.desc() if descending else table.c.id]
    rows = conn.execute(query.order_by(*order).limit(limit).offset(offset)).mappings()
    return [_with_url(r) for r in rows], _count(conn, query)


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


def _with_url(row: RowMapping) -> Row:
    found = dict(row)
    found["url"] = f"/meetings/{found['meeting_id']}#{item_anchor(item_ordinal(found['item_position']))}"
    return found


def item_ordinal(position: int) -> int:
    """The item's place on the meeting page, counted from 1, from its stored position."""
    return position + 1


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
