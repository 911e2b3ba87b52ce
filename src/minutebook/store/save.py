"""Save meeting records with their source bytes: idempotent, and atomic per meeting.

`save(engine, record, data)` runs one transaction. The same bytes giving the same record change
nothing ("unchanged"); a new source or a new record for a meeting id already stored replaces
that meeting's rows ("updated"), and so does a record from a source already stored under another
meeting id: a source holds one meeting, so its id changed (as when a council came to be read), and
the clerks' closures of its actions move to the new id with it; otherwise the meeting is added
("new"). Source bytes are kept for good, keyed by sha256, even when
a later source replaces their meeting. Bodies are keyed by `record.body_slug`: council and name.

`save_batch(engine, meetings)` does the same for many meetings in one transaction, with one
statement per table for the lot: what makes ingest fast. Saved alone, a generated meeting cost
3.8 ms of CPU (some fifteen statements through SQLAlchemy, FTS5 fed row by row by a trigger,
a commit); in batches of 100 it costs 1.3 ms. Each transaction notes which meetings it touched
for the search index (`search.index.note_changes`), and after each commit the index is brought
up to date (`search.index.refresh_index`): search is never behind what is stored. If anything
in a batch fails, the batch is rolled back whole and each meeting is saved again in its own
transaction, so one bad meeting costs only itself and no meeting is ever stored in part.

Meetings come as `MeetingRecord.to_dict()` gives them (ingest's worker processes make that dict,
and the main process never rebuilds the dataclasses). `meeting_rows` turns one into rows, table by
table, as a pure function.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Table,
    Update,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from minutebook.record import MeetingRecord, body_slug
from minutebook.search.index import note_changes, refresh_index
from minutebook.store import schema as t
from minutebook.store.aliases import body_keys, file_under_councils, learn, learn_pairs
from minutebook.store.bulk import copy_rows
from minutebook.store.closures import rehome_closures
from minutebook.store.marker import note_meetings_changed
from minutebook.store.versions import add_version, history, kept_by_clerks

Outcome = Literal["new", "updated", "unchanged"]
Row = dict[str, Any]
Incoming = tuple[Row, bytes]  # a record as `MeetingRecord.to_dict()` gives it, and its source bytes


def _keys_in(column: Column) -> Any:
    return column.in_(bindparam("keys", expanding=True))


# Statements built once, not per batch: building them is a good part of a save's cost.
INSERTS = {table.name: insert(table) for table in t.MEETING_TABLES}
DELETES = [
    delete(table).where(_keys_in(table.c.id if table is t.meetings else table.c.meeting_id))
    for table in t.MEETING_TABLES
]
STORED = (
    select(t.meetings.c.id, t.sources.c.sha256, t.meetings.c.record)
    .join(t.sources, t.sources.c.id == t.meetings.c.source_id)
    .where(_keys_in(t.meetings.c.id))
)
STORED_FROM = (
    select(t.meetings.c.id, t.sources.c.sha256)
    .join(t.sources, t.sources.c.id == t.meetings.c.source_id)
    .where(_keys_in(t.sources.c.sha256))
)


def _move_to_new_id(table: Table) -> Update:
    """Rows of `table` under meeting id `old` to meeting id `new`, but for those already there."""
    there = table.alias("there")
    same = [
        there.c[column.name] == column for column in table.primary_key.columns if column.name != "meeting_id"
    ]
    taken = select(there.c.meeting_id).where(there.c.meeting_id == bindparam("new"), *same).exists()
    return (
        update(table)
        .where(table.c.meeting_id == bindparam("old"), ~taken)
        .values(meeting_id=bindparam("new"))
    )


# What a meeting keeps when its id changes: the clerks' closures of its actions (not below the
# meeting, so re-saving it never deletes them), and the action states they show through until
# the next registers refresh recomputes those.
MOVES = [_move_to_new_id(table) for table in (t.action_closures, t.action_states)]
# Tables whose rows meetings share, by their unique key: the select of ids by key.
IDS_BY_KEY = {
    table.name: select(table.c[key], table.c.id).where(_keys_in(table.c[key]))
    for table, key in ((t.sources, "sha256"), (t.bodies, "slug"), (t.people, "key"))
}


def save(engine: Engine, record: MeetingRecord, data: bytes, *, as_dict: Row | None = None) -> Outcome:
    """Store `record`, read from `data`, in one transaction; say what changed. `as_dict` is
    `record.to_dict()` when the caller has it already."""
    with engine.begin() as connection:
        outcome = save_in(connection, record, data, as_dict=as_dict)
    refresh_index(engine)
    return outcome


def save_in(
    connection: Connection, record: MeetingRecord, data: bytes, *, as_dict: Row | None = None
) -> Outcome:
    """`save` inside a transaction the caller holds."""
    return save_all_in(connection, [(as_dict if as_dict is not None else record.to_dict(), data)])[0]


def save_batch(engine: Engine, meetings: Sequence[Incoming]) -> list[Outcome | SQLAlchemyError]:
    """Store `meetings` in one transaction; for each, what changed or why it could not be stored.
    Meant for batches of up to a few hundred (each statement lists the batch's keys)."""
    try:
        with engine.begin() as connection:
            outcomes: list[Outcome | SQLAlchemyError] = [*save_all_in(connection, meetings)]
        refresh_index(engine)  # the search index, per committed batch
        return outcomes
    except SQLAlchemyError as error:
        if len(meetings) == 1:
            return [error]
    # Something failed and nothing was kept: find what, one meeting per transaction. This also
    # covers a batch that holds one meeting twice, which the rows of one batch cannot express.
    return [outcome for one in meetings for outcome in save_batch(engine, [one])]


def save_all_in(connection: Connection, meetings: Sequence[Incoming]) -> list[Outcome]:
    """Store `meetings` inside a transaction the caller holds, one statement per table in all.
    A meeting id must appear once (the rows of one batch cannot both add and replace it)."""
    learn(connection, meetings)  # every name a council is read under kept as one of its names,
    learn_pairs(connection, meetings)  # Welsh/Irish and English minutes of one meeting: one council,
    meetings = file_under_councils(connection, meetings)  # and a council's aliases filed under its key
    ids = [record["id"] for record, _ in meetings]
    stored = {row.id: row for row in connection.execute(STORED, {"keys": ids})}
    # A source holds one meeting, so a meeting stored from it under another id is this one under an
    # id an older rule made (before its council was read, say): it is replaced, not kept beside it.
    shas = [record["source"]["sha256"] for record, _ in meetings]
    renamed = {row.id: row.sha256 for row in connection.execute(STORED_FROM, {"keys": shas})}
    renamed = {id_: sha for id_, sha in renamed.items() if id_ not in stored}
    # A meeting a clerk has changed keeps its rows: a source that now reads differently becomes a
    # version for the clerk to see (`store.versions`), not the record.
    kept = kept_by_clerks(connection, ids) if stored else {}
    outcomes: list[Outcome] = []
    for record, data in meetings:
        old = stored.get(record["id"])
        if record["id"] in kept:
            if kept[record["id"]] != record:
                store_source(connection, record, data)  # so the clerk can restore this reading
                note = "the source reads differently since a clerk's version; not applied"
                add_version(connection, record["id"], "read", record, "ingest", note=note, applied=False)
            outcomes.append("unchanged" if kept[record["id"]] == record else "updated")
        elif old is None:
            outcomes.append("updated" if record["source"]["sha256"] in renamed.values() else "new")
        elif old.sha256 == record["source"]["sha256"] and old.record == record:
            outcomes.append("unchanged")
        else:
            outcomes.append("updated")
    changed = [
        one
        for one, outcome in zip(meetings, outcomes, strict=True)
        if outcome != "unchanged" and one[0]["id"] not in kept
    ]
    if changed:
        replaced = [record["id"] for record, _ in changed if record["id"] in stored]
        replaced += renamed
        if replaced:
            delete_meetings(connection, replaced)
        _insert_meetings(connection, changed)
        rehome_closures(connection, replaced)
        note_changes(connection, [record["id"] for record, _ in changed])
        note_meetings_changed(connection)  # the registers are behind until the next refresh
    if renamed:
        new_ids = {record["source"]["sha256"]: record["id"] for record, _ in meetings}
        moved = [{"old": old_id, "new": new_ids[sha]} for old_id, sha in renamed.items()]
        for statement in MOVES:
            connection.execute(statement, moved)
    return outcomes


def store_source(connection: Connection, record: Row, data: bytes) -> None:
    """Keep the bytes of `record`'s source (nothing if they are stored already)."""
    source = record["source"]
    row = {k: source[k] for k in ("sha256", "name", "format", "url")}
    read_at = datetime.now(UTC).isoformat(timespec="seconds")
    _shared_ids(
        connection,
        t.sources,
        {source["sha256"]: {**row, "size": len(data), "read_at": read_at, "data": data}},
    )


def apply_version(
    connection: Connection, before: Row, after: Row, kind: str, made_by: str, note: str | None
) -> int:
    """Make `after` the record of `before`'s meeting as a new version (`store.versions`); its number.
    The first change to a meeting first keeps the record as read, so its history starts there."""
    meeting_id = str(before["id"])
    if not history(connection, meeting_id):
        add_version(connection, meeting_id, "read", before, "ingest", note="as read from the source")
    replace_record(connection, {**after, "id": meeting_id})
    return add_version(connection, meeting_id, kind, after, made_by, note=note)


def replace_record(connection: Connection, record: Row) -> None:
    """Put `record` in place of its meeting's rows (a clerk's version: its source is stored already)."""
    known = connection.execute(select(t.sources.c.id).where(t.sources.c.sha256 == record["source"]["sha256"]))
    if known.first() is None:
        raise ValueError(f"meeting {record['id']}: its source is not stored")
    delete_meetings(connection, [record["id"]])
    _insert_meetings(connection, [(record, b"")])
    rehome_closures(connection, [record["id"]])
    note_changes(connection, [record["id"]])


def delete_meetings(connection: Connection, meeting_ids: list[str]) -> None:
    """Every row below these meetings, and the meetings; sources, bodies and people stay."""
    for statement in DELETES:
        connection.execute(statement, {"keys": meeting_ids})
    note_changes(connection, meeting_ids)
    note_meetings_changed(connection)


def _insert_meetings(connection: Connection, meetings: Sequence[Incoming]) -> None:
    read_at = datetime.now(UTC).isoformat(timespec="seconds")
    sources: dict[str, Row] = {}
    bodies: dict[str, Row] = {}
    people: dict[str, Row] = {}
    slugs = [body_slug(record["body"], record["council"]) for record, _ in meetings]
    filed = body_keys(connection, (record for record, _ in meetings), slugs)  # an alias's: its council's
    # The first meeting to name a source, body or person gives its row, and new rows go in the
    # order first named: the same rows and ids as saving the meetings one at a time.
    for (record, data), slug in zip(meetings, slugs, strict=True):
        source = record["source"]
        sources.setdefault(
            source["sha256"],
            {
                **{k: source[k] for k in ("sha256", "name", "format", "url")},
                "size": len(data),
                "read_at": read_at,
                "data": data,
            },
        )
        key = filed.get(slug, slug)
        bodies.setdefault(key, {"slug": key, "name": record["body"], "council": record["council"]})
        for p in record["people"]:
            key = person_key(p["name"])
            people.setdefault(key, {"key": key, "name": p["name"], "honorific": p["honorific"]})
    source_ids = _shared_ids(connection, t.sources, sources)
    body_ids = _shared_ids(connection, t.bodies, bodies)
    person_ids = _shared_ids(connection, t.people, people)
    rows: dict[str, list[Row]] = {table.name: [] for table in t.MEETING_TABLES}
    for (record, _), slug in zip(meetings, slugs, strict=True):
        source_id = source_ids[record["source"]["sha256"]]
        body_id = body_ids[filed.get(slug, slug)]
        for name, more in meeting_rows(
            record, source_id=source_id, body_id=body_id, person_ids=person_ids
        ).items():
            rows[name] += more
    for table in reversed(t.MEETING_TABLES):
        # PostgreSQL takes a table's rows by COPY (`store.bulk`); SQLite by one executemany.
        if rows[table.name] and not copy_rows(connection, table, rows[table.name]):
            connection.execute(INSERTS[table.name], rows[table.name])


def _shared_ids(connection: Connection, table: Table, wanted: dict[str, Row]) -> dict[str, int]:
    """Ids of `wanted`'s rows by key, adding those not stored yet: two or three statements in all."""
    if not wanted:
        return {}
    by_key = IDS_BY_KEY[table.name]

    def known() -> dict[str, int]:
        return {key: id_ for key, id_ in connection.execute(by_key, {"keys": list(wanted)})}

    ids = known()
    missing = [row for key, row in wanted.items() if key not in ids]
    if not missing:
        return ids
    connection.execute(insert(table), missing)
    return known()


def person_key(name: str) -> str:
    """The normalised name people are keyed by: case and spacing do not make a new person."""
    return " ".join(name.casefold().split())


def meeting_rows(
    record: Row, *, source_id: int, body_id: int, person_ids: dict[str, int]
) -> dict[str, list[Row]]:
    """Every row of one meeting (`record` as `MeetingRecord.to_dict()` gives it), by table name."""
    rows: dict[str, list[Row]] = {table.name: [] for table in t.MEETING_TABLES}
    mid = record["id"]
    date = record["date"]
    rows["meetings"].append(
        {
            "id": mid,
            "body_id": body_id,
            "title": record["title"],
            "date": date,
            "time": record["time"],
            "venue": record["venue"],
            "minutes_status": record["minutes_status"],
            "council": record["council"],
            "cancelled": record["cancelled"],
            "warnings": record["warnings"],
            "source_id": source_id,
            "record": record,
        }
    )
    rows["attendance"] = [
        {
            "meeting_id": mid,
            "position": i,
            "name": a["name"],
            "status": a["status"],
            "role": a["role"],
            "remote": a["remote"],
            "line": a["line"],
        }
        for i, a in enumerate(record["attendance"])
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
                "date": date,
            }
        )

    for pos, item in enumerate(record["items"]):
        key = {"meeting_id": mid, "item_position": pos}
        rows["items"].append(
            {
                "meeting_id": mid,
                "position": pos,
                "number": item["number"],
                "number_inferred": item["number_inferred"],
                "title": item["title"],
                "agenda_text": item["agenda_text"],
                "presenters": item["presenters"],
                "truncated": item["truncated"],
                "line": item["line"],
            }
        )
        entry(pos, "item", item["title"], item["number"], item["line"])
        for i, p in enumerate(item["minutes"]):
            rows["paragraphs"].append(
                {**key, "position": i, "ref": p["ref"], "text": p["text"], "line": p["line"]}
            )
            entry(pos, "paragraph", p["text"], p["ref"], p["line"])
        rows["documents"] += [
            {
                **key,
                "position": i,
                "title": d["title"],
                "format": d["format"],
                "size": d["size"],
                "url": d["url"],
            }
            for i, d in enumerate(item["documents"])
        ]
        for i, d in enumerate(item["decisions"]):
            rows["decisions"].append(
                {
                    **key,
                    "position": i,
                    "kind": d["kind"],
                    "text": d["text"],
                    "paragraph": d["paragraph"],
                    "line": d["line"],
                    "movers": d["movers"],
                    "seconders": d["seconders"],
                    "vote": d["vote"],
                }
            )
            entry(pos, "decision", d["text"], d["paragraph"], d["line"])
        for i, a in enumerate(item["actions"]):
            rows["actions"].append(
                {
                    **key,
                    "position": i,
                    "text": a["text"],
                    "owner": a["owner"],
                    "due": a["due"],
                    "paragraph": a["paragraph"],
                    "line": a["line"],
                }
            )
            entry(pos, "action", a["text"], a["paragraph"], a["line"])
        rows["appointments"] += [
            {
                **key,
                "position": i,
                "person": a["person"],
                "post": a["position"],
                "substitute": a["substitute"],
                "term": a["term"],
                "line": a["line"],
            }
            for i, a in enumerate(item["appointments"])
        ]
        rows["references"] += [
            {
                **key,
                "position": i,
                "text": r["text"],
                "minute": r["minute"],
                "body": r["body"],
                "date": r["date"],
                "item": r["item"],
                "line": r["line"],
            }
            for i, r in enumerate(item["references"])
        ]
        rows["declarations"] += [
            {
                **key,
                "position": i,
                "person": d["person"],
                "interest": d["interest"],
                "item": d["item"],
                "line": d["line"],
            }
            for i, d in enumerate(item["declarations"])
        ]
    for person in record["people"]:
        person_id = person_ids[person_key(person["name"])]
        forms = dict.fromkeys([person["name"], *person["forms"]])  # ordered, without repeats
        rows["person_forms"] += [{"person_id": person_id, "meeting_id": mid, "form": form} for form in forms]
        rows["person_posts"] += [
            {"person_id": person_id, "meeting_id": mid, "post": post}
            for post in dict.fromkeys(person["posts"])
        ]
    return rows
