"""Read-only listings for the site and API: bodies, meetings, one meeting and sources, as plain
dicts ready for JSON and templates (registers and people are `minutebook.registers`). Every query
is built with SQLAlchemy Core, so values are always bound parameters; every list ends its ORDER BY
on a unique key, so pagination is stable."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Connection, RowMapping

from minutebook.errors import ReadError
from minutebook.read.detect import read_bytes
from minutebook.store import schema as t

Row = dict[str, Any]
MEETINGS_PER_BODY_PAGE = 2000


def bodies(conn: Connection) -> list[Row]:
    """Every body with its meetings' count and last date, by council (bodies of no known council
    last), then name."""
    m, b = t.meetings, t.bodies
    # Counting dates rather than ids lets SQLite answer from the (body_id, date) index alone.
    query = (
        select(
            b.c.slug,
            b.c.name,
            b.c.council,
            func.count(m.c.date).label("meetings"),
            func.max(m.c.date).label("last"),
        )
        .join(m, m.c.body_id == b.c.id, isouter=True)
        .group_by(b.c.id, b.c.slug, b.c.name, b.c.council)
        .order_by(*_BY_COUNCIL)
    )
    return _dicts(conn.execute(query).mappings())


def body_names(conn: Connection) -> list[Row]:
    """Slug, name and council of every body, for filter menus (cheaper than `bodies`, which counts)."""
    b = t.bodies
    return _dicts(conn.execute(select(b.c.slug, b.c.name, b.c.council).order_by(*_BY_COUNCIL)).mappings())


# Bodies by council, those of no known council last (`IS NULL` sorts false first on both dialects).
_BY_COUNCIL = (t.bodies.c.council.is_(None), t.bodies.c.council, t.bodies.c.name, t.bodies.c.id)


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
    # Members as the registers resolved them: every form of a person's name counts as that person.
    link, person = t.person_links, t.person_identities
    attended = func.count(func.distinct(link.c.meeting_id))
    members = conn.execute(
        select(person.c.key, person.c.name, attended.label("meetings"))
        .join(link, link.c.identity == person.c.key)
        .join(m, m.c.id == link.c.meeting_id)
        .where(m.c.body_id == found["id"])
        .group_by(person.c.key, person.c.name)
        .order_by(attended.desc(), person.c.name, person.c.key)
        .limit(200)
    ).mappings()
    return {
        "slug": found["slug"],
        "name": found["name"],
        "council": found["council"],
        "years": years,
        "members": _dicts(members),
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
        **source_lines(found["data"], found["name"]),
    }


def source_lines(data: bytes, name: str) -> dict[str, Any]:
    """The source as the lines its facts cite (line 1 first): a text source's own lines; a PDF's or
    Word document's text as the reader laid it out, with the line each PDF page starts on (`pages`:
    line -> page). `lines` is None for what has no text to show (a binary no reader takes)."""
    if data.startswith(b"%PDF") or b"\x00" in data[:8192]:  # PDF, Word and other binary formats
        try:
            document = read_bytes(data, name)
        except ReadError:
            return {"lines": None, "pages": None}
        starts = {line.page: line.number for line in reversed(document.lines) if line.page}
        return {
            "lines": [line.text for line in document.lines],
            "pages": {n: page for page, n in starts.items()} or None,
        }
    return {"lines": data.decode("utf-8", errors="replace").splitlines(), "pages": None}


def _meetings() -> Select:
    m, b = t.meetings, t.bodies
    return select(
        m.c.id,
        b.c.name.label("body"),
        b.c.slug.label("body_slug"),
        b.c.council,
        m.c.title,
        m.c.date,
        m.c.time,
        m.c.cancelled,
    ).join(b, b.c.id == m.c.body_id)


def _dicts(rows: Iterable[RowMapping]) -> list[Row]:
    return [dict(r) for r in rows]
