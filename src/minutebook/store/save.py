"""Save a MeetingRecord with its source bytes: idempotent, and atomic per meeting.

`save(engine, record, data)` runs one transaction. The same bytes giving the same record change
nothing ("unchanged"); a new source or a new record for a meeting id already stored replaces
that meeting's rows ("updated"); otherwise the meeting is added ("new"). Source bytes are kept
for good, keyed by sha256, even when a later source replaces their meeting.

`meeting_rows` turns a record into rows, table by table, as a pure function, so the writer is a
handful of executemany calls whatever the size of the meeting.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select

from minutebook.record import MeetingRecord, slug
from minutebook.store import schema as t

Outcome = Literal["new", "updated", "unchanged"]
Row = dict[str, Any]

# Statements built once, not per meeting: building them is a good part of a save's cost.
INSERTS = {table.name: insert(table) for table in t.MEETING_TABLES}
PEOPLE_BY_KEY = select(t.people.c.key, t.people.c.id).where(
    t.people.c.key.in_(bindparam("keys", expanding=True))
)


def save(engine: Engine, record: MeetingRecord, data: bytes, *, as_dict: Row | None = None) -> Outcome:
    """Store `record`, read from `data`, in one transaction; say what changed. `as_dict` is
    `record.to_dict()` when the caller has it already (it is the costly part of a save)."""
    with engine.begin() as connection:
        return save_in(connection, record, data, as_dict=as_dict)


def save_in(
    connection: Connection, record: MeetingRecord, data: bytes, *, as_dict: Row | None = None
) -> Outcome:
    """`save` inside a transaction the caller holds."""
    stored = connection.execute(
        select(t.sources.c.sha256, t.meetings.c.record)
        .join(t.sources, t.sources.c.id == t.meetings.c.source_id)
        .where(t.meetings.c.id == record.id)
    ).first()
    as_dict = as_dict if as_dict is not None else record.to_dict()
    if stored is not None and stored.sha256 == record.source.sha256 and stored.record == as_dict:
        return "unchanged"
    if stored is not None:
        delete_meeting(connection, record.id)
    source_id = _source_id(connection, record, data)
    body_id = _body_id(connection, record)
    rows = meeting_rows(record, as_dict, source_id=source_id, body_id=body_id)
    person_ids = _person_ids(connection, record)
    for name in ("person_forms", "person_posts"):
        rows[name] = [_with_person_id(row, person_ids) for row in rows[name]]
    for table in reversed(t.MEETING_TABLES):
        if rows[table.name]:
            connection.execute(INSERTS[table.name], rows[table.name])
    return "new" if stored is None else "updated"


def delete_meeting(connection: Connection, meeting_id: str) -> None:
    for table in t.MEETING_TABLES:
        column = table.c.id if table is t.meetings else table.c.meeting_id
        connection.execute(delete(table).where(column == meeting_id))


def person_key(name: str) -> str:
    """The normalised name people are keyed by: case and spacing do not make a new person."""
    return " ".join(name.casefold().split())


def meeting_rows(
    record: MeetingRecord, as_dict: Row, *, source_id: int, body_id: int
) -> dict[str, list[Row]]:
    """Every row of one meeting, by table name. People rows carry `key` in place of person_id."""
    rows: dict[str, list[Row]] = {table.name: [] for table in t.MEETING_TABLES}
    mid = record.id
    rows["meetings"].append(
        {
            "id": mid,
            "body_id": body_id,
            "title": record.title,
            "date": record.date,
            "time": record.time,
            "venue": record.venue,
            "minutes_status": record.minutes_status,
            "council": record.council,
            "cancelled": record.cancelled,
            "warnings": list(record.warnings),
            "source_id": source_id,
            "record": as_dict,
        }
    )
    rows["attendance"] = [
        {
            "meeting_id": mid,
            "position": i,
            "name": a.name,
            "status": a.status,
            "role": a.role,
            "remote": a.remote,
            "line": a.line,
        }
        for i, a in enumerate(record.attendance)
    ]
    search = rows["search_entries"]

    def entry(position: int, kind: str, text: str, ref: str | None, line: int | None) -> None:
        search.append(
            {
                "meeting_id": mid,
                "item_position": position,
                "kind": kind,
                "ref": ref,
                "line": line,
                "text": text,
                "body_id": body_id,
                "date": record.date,
            }
        )

    for pos, item in enumerate(record.items):
        key = {"meeting_id": mid, "item_position": pos}
        rows["items"].append(
            {
                "meeting_id": mid,
                "position": pos,
                "number": item.number,
                "number_inferred": item.number_inferred,
                "title": item.title,
                "agenda_text": item.agenda_text,
                "presenters": list(item.presenters),
                "truncated": item.truncated,
                "line": item.line,
            }
        )
        entry(pos, "item", item.title, item.number, item.line)
        for i, p in enumerate(item.minutes):
            rows["paragraphs"].append({**key, "position": i, "ref": p.ref, "text": p.text, "line": p.line})
            entry(pos, "paragraph", p.text, p.ref, p.line)
        for i, doc in enumerate(item.documents):
            rows["documents"].append(
                {
                    **key,
                    "position": i,
                    "title": doc.title,
                    "format": doc.format,
                    "size": doc.size,
                    "url": doc.url,
                }
            )
        for i, d in enumerate(item.decisions):
            vote = as_dict["items"][pos]["decisions"][i]["vote"]  # already in JSON shape ("for")
            rows["decisions"].append(
                {
                    **key,
                    "position": i,
                    "kind": d.kind,
                    "text": d.text,
                    "paragraph": d.paragraph,
                    "line": d.line,
                    "movers": list(d.movers),
                    "seconders": list(d.seconders),
                    "vote": vote,
                }
            )
            entry(pos, "decision", d.text, d.paragraph, d.line)
        for i, a in enumerate(item.actions):
            rows["actions"].append(
                {
                    **key,
                    "position": i,
                    "text": a.text,
                    "owner": a.owner,
                    "due": a.due,
                    "paragraph": a.paragraph,
                    "line": a.line,
                }
            )
            entry(pos, "action", a.text, a.paragraph, a.line)
        rows["appointments"] += [
            {
                **key,
                "position": i,
                "person": a.person,
                "post": a.position,
                "substitute": a.substitute,
                "term": a.term,
                "line": a.line,
            }
            for i, a in enumerate(item.appointments)
        ]
        rows["references"] += [
            {
                **key,
                "position": i,
                "text": r.text,
                "minute": r.minute,
                "body": r.body,
                "date": r.date,
                "item": r.item,
                "line": r.line,
            }
            for i, r in enumerate(item.references)
        ]
        rows["declarations"] += [
            {**key, "position": i, "person": d.person, "interest": d.interest, "item": d.item, "line": d.line}
            for i, d in enumerate(item.declarations)
        ]
    for person in record.people:
        k = person_key(person.name)
        forms = dict.fromkeys([person.name, *person.forms])  # ordered, without repeats
        rows["person_forms"] += [{"key": k, "meeting_id": mid, "form": form} for form in forms]
        rows["person_posts"] += [
            {"key": k, "meeting_id": mid, "post": post} for post in dict.fromkeys(person.posts)
        ]
    return rows


def _with_person_id(row: Row, person_ids: dict[str, int]) -> Row:
    return {**{k: v for k, v in row.items() if k != "key"}, "person_id": person_ids[row["key"]]}


def _source_id(connection: Connection, record: MeetingRecord, data: bytes) -> int:
    found = connection.scalar(select(t.sources.c.id).where(t.sources.c.sha256 == record.source.sha256))
    if found is not None:
        return found
    return connection.execute(
        insert(t.sources).values(
            sha256=record.source.sha256,
            name=record.source.name,
            format=record.source.format,
            url=record.source.url,
            size=len(data),
            read_at=datetime.now(UTC).isoformat(timespec="seconds"),
            data=data,
        )
    ).inserted_primary_key[0]


def _body_id(connection: Connection, record: MeetingRecord) -> int:
    body_slug = slug(record.body)
    found = connection.scalar(select(t.bodies.c.id).where(t.bodies.c.slug == body_slug))
    if found is not None:
        return found
    return connection.execute(
        insert(t.bodies).values(slug=body_slug, name=record.body, council=record.council)
    ).inserted_primary_key[0]


def _person_ids(connection: Connection, record: MeetingRecord) -> dict[str, int]:
    """Ids of the record's people by key, adding those not seen before: three statements in all."""
    wanted = {person_key(p.name): p for p in record.people}
    if not wanted:
        return {}

    def known() -> dict[str, int]:
        return {row.key: row.id for row in connection.execute(PEOPLE_BY_KEY, {"keys": list(wanted)})}

    ids = known()
    missing = [
        {"key": k, "name": p.name, "honorific": p.honorific} for k, p in wanted.items() if k not in ids
    ]
    if not missing:
        return ids
    connection.execute(insert(t.people), missing)
    return known()
