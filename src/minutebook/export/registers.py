"""What an export holds: the registers as tables of plain columns, each column described, and
the meetings a scope (body, dates) selects. Both backends answer the same selects.

Two registers are not tables of the store but read from it when asked, as the site and the CLI
read them (issue 13): `plan_points`, each reported figure of a plan's progress
(`registers.plans`), and `made_decisions`, each decision made by a person or named body with its
minded-to -> final link (`registers.makers`). They go in the csv and SQLite exports; not in
ndjson, which is one meeting record a line in the fixed record schema, nor in the Open Civic Data
events, whose schema has no place for a plan's progress or a decision's maker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Select, or_, select

from minutebook.registers.makers import answered_by, link_minded, made_decisions
from minutebook.registers.plans import plan_points
from minutebook.store import schema as t


@dataclass(frozen=True)
class Scope:
    """Which meetings to export: a body (its name or slug) and a date range, each optional."""

    body: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class Register:
    name: str
    about: str
    columns: dict[str, str]  # column -> what it holds
    # Rows read from the stored minutes when asked, for a register that is no table of the store.
    derived: Callable[[Connection, Scope], Iterator[dict[str, Any]]] | None = None


ITEM = {
    "meeting_id": "the meeting (meetings.id)",
    "item_position": "the item's place in the meeting, from 0 (items.position)",
}
LINE = {"line": "line of the source document the fact was read from (PDF lines run on through the pages)"}

REGISTERS: tuple[Register, ...] = (
    Register(
        "meetings",
        "One row a meeting.",
        {
            "id": "minutebook's id of the meeting: body slug / date",
            "body": "the committee, board or council that met",
            "council": "the council the body belongs to, where the documents name it",
            "title": "the meeting's title as printed",
            "date": "YYYY-MM-DD",
            "time": "the start time as printed",
            "venue": "where it was held",
            "minutes_status": "draft, approved, unknown (minutes, status not stated) or none (agenda only)",
            "cancelled": "true if the meeting was cancelled",
            "warnings": "what the reader could not settle, as a JSON list",
            "source_name": "the file or page the record was read from",
            "source_url": "where the council published it, where known",
            "source_sha256": "SHA-256 of the source's bytes",
        },
    ),
    Register(
        "items",
        "One row an agenda item.",
        {
            "meeting_id": "the meeting (meetings.id)",
            "position": "the item's place in the meeting, from 0",
            "number": "the item's number as printed (or inferred, see number_inferred)",
            "number_inferred": "true if the number was worked out rather than printed",
            "title": "the item's title",
            "presenters": "who presented it, as a JSON list",
            "truncated": "true if the published minutes were cut short",
            **LINE,
        },
    ),
    Register(
        "paragraphs",
        "One row a minute paragraph.",
        {
            **ITEM,
            "position": "the paragraph's place in the item",
            "ref": "its printed reference (12.3, (a)), if any",
            "text": "the paragraph",
            **LINE,
        },
    ),
    Register(
        "decisions",
        "One row a decision (resolved, agreed, recommended, noted, minded-to).",
        {
            **ITEM,
            "position": "the decision's place in the item",
            "kind": "resolved, agreed, recommended, noted, minded-to or other",
            "text": "what was decided",
            "paragraph": "the ref of the paragraph it was read from",
            "movers": "who moved it, as a JSON list",
            "seconders": "who seconded it, as a JSON list",
            "vote": "the recorded vote (for, against, abstained), as JSON",
            **LINE,
        },
    ),
    Register(
        "actions",
        "One row an action someone was asked to take.",
        {
            **ITEM,
            "position": "the action's place in the item",
            "text": "the action",
            "owner": "who is to do it, as written",
            "due": "when, as written",
            "paragraph": "the ref of the paragraph it was read from",
            **LINE,
        },
    ),
    Register(
        "appointments",
        "One row a person appointed to a post, panel or outside body.",
        {
            **ITEM,
            "position": "the appointment's place in the item",
            "person": "who was appointed",
            "post": "to what",
            "substitute": "their named substitute, if any",
            "term": "the term, as written",
            **LINE,
        },
    ),
    Register(
        "attendance",
        "One row a person's attendance at a meeting.",
        {
            "meeting_id": "the meeting (meetings.id)",
            "position": "their place in the list",
            "name": "the name as written",
            "status": "present, apologies, absent, in-attendance or substitute",
            "role": "their post or role at the meeting, as written",
            "remote": "true if they attended remotely",
            **LINE,
        },
    ),
    Register(
        "people",
        "One row a name form minutebook reads as one person (see `minutebook people` for how forms "
        "are resolved across meetings).",
        {
            "key": "the normalised name: the id `minutebook person` and /people/KEY take",
            "name": "the name in its fullest form",
            "honorific": "Councillor, Dr, Commissioner... where written",
        },
    ),
)


def _in_scope(connection: Connection, scope: Scope) -> Callable[[str], bool]:
    """Whether a meeting id is in `scope` (every one when the scope is everything)."""
    if not (scope.body or scope.since or scope.until):
        return lambda meeting_id: True
    ids = set(connection.execute(meeting_ids(scope)).scalars())
    return ids.__contains__


def plan_point_rows(connection: Connection, scope: Scope) -> Iterator[dict[str, Any]]:
    """Each reported figure of a plan's progress in the scope's meetings, oldest first."""
    wanted = _in_scope(connection, scope)
    for point in plan_points(connection, since=scope.since, until=scope.until):
        if wanted(point.meeting_id):
            row = asdict(point)
            yield {**row, "paragraph_position": row["paragraph"]}


def made_decision_rows(connection: Connection, scope: Scope) -> Iterator[dict[str, Any]]:
    """Each decision made by a person or named body in the scope's meetings, oldest first, with its
    minded-to -> final link both ways. Links are made over every meeting, so a final decision
    outside the scope still answers a minded-to one inside it."""
    made = made_decisions(connection)
    links = link_minded(made)
    finals = {link.minded.key: link for link in links}
    answers = answered_by(links)
    wanted = _in_scope(connection, scope)
    for decision in sorted(made, key=lambda d: (d.date, d.meeting_id, d.item_position, d.position)):
        if not wanted(decision.meeting_id):
            continue
        link, answering = finals.get(decision.key), answers.get(decision.key)
        final = link.final if link else None
        minded = answering.minded if answering else None
        joined = link if final else answering  # the link this row is one end of
        yield {
            **asdict(decision),
            "final_meeting_id": final.meeting_id if final else None,
            "final_item_position": final.item_position if final else None,
            "final_position": final.position if final else None,
            "final_date": final.date if final else None,
            "days_to_final": link.days if link else None,
            "unresolved": bool(link and final is None),
            "minded_meeting_id": minded.meeting_id if minded else None,
            "minded_item_position": minded.item_position if minded else None,
            "minded_position": minded.position if minded else None,
            "linked_by": joined.how if joined else None,
        }


DECISION = "meeting_id, item_position, position: the decision (decisions.csv)"
REGISTERS += (
    Register(
        "plan_points",
        'One row a figure of a plan\'s progress reported in the minutes ("48% of its overall actions",'
        ' "12 of 25 actions complete", "RAG status: amber"), oldest first; read from the minute'
        " paragraphs when exported.",
        {
            "plan": "the plan's name as the minutes give it",
            "plan_slug": "its key: one plan, however its name is cased or punctuated (/plans/SLUG)",
            "kind": "percent, count (N of M actions) or rag",
            "value": "the figure as written: 48%, 12 of 25, amber, amber/green",
            "percent": "the figure as a percentage (12 of 25 is 48.0); empty for a RAG status",
            "date": "the meeting's date, YYYY-MM-DD",
            **ITEM,
            "body": "the body that met",
            "item_number": "the item's number as printed",
            "item_title": "the item's title",
            "paragraph_position": "the reporting paragraph's place in the item (paragraphs.position)",
            "ref": "the paragraph's printed reference, if any",
            **LINE,
            "quote": "the words that report the figure (its sentence or clause)",
        },
        plan_point_rows,
    ),
    Register(
        "made_decisions",
        'One row a decision the minutes say a person or a named body made ("The Commissioner is'
        ' minded to...", "Cabinet Member decision:", a record of decisions), oldest first, with'
        " each minded-to decision's final decision and each final decision's minded-to one; read from"
        " the decisions when exported. " + DECISION + ".",
        {
            **ITEM,
            "position": "the decision's place in the item (decisions.position)",
            "date": "the meeting's date, YYYY-MM-DD",
            "body": "the body whose minutes or record hold it",
            "maker": "who made it, as written (post and name)",
            "maker_person": "the person it resolves to (people.key), where it does",
            "maker_post": "the maker's post, as written",
            "maker_body": "the body that made it, where a body is named",
            "kind": "minded-to, resolved, agreed... as in decisions.csv",
            "text": "what was decided",
            "final_meeting_id": "for a minded-to decision: the meeting of its final decision",
            "final_item_position": "... that decision's item",
            "final_position": "... and its place in the item",
            "final_date": "... and its date",
            "days_to_final": "days from the minded-to decision to the final one",
            "unresolved": "true for a minded-to decision with no final decision recorded",
            "minded_meeting_id": "for a final decision: the meeting of the minded-to decision it answers",
            "minded_item_position": "... that decision's item",
            "minded_position": "... and its place in the item",
            "linked_by": "how the two were linked: reference (the final decision cites the minded-to one)"
            " or subject (same maker, most of its words repeated)",
            **LINE,
        },
        made_decision_rows,
    ),
)


def meeting_ids(scope: Scope) -> Select[Any]:
    """The ids of the meetings in `scope`."""
    m, b = t.meetings, t.bodies
    query = select(m.c.id).join(b, b.c.id == m.c.body_id)
    if scope.body:
        query = query.where(or_(b.c.name == scope.body, b.c.slug == scope.body))
    if scope.since:
        query = query.where(m.c.date >= scope.since)
    if scope.until:
        query = query.where(m.c.date <= scope.until)
    return query


def register_rows(connection: Connection, register: Register, scope: Scope) -> Iterator[dict[str, Any]]:
    """The rows of one register for the meetings in `scope`, streamed, ordered as the record is."""
    if register.derived is not None:
        for found in register.derived(connection, scope):
            yield {name: found.get(name) for name in register.columns}
        return
    ids = meeting_ids(scope).scalar_subquery()
    if register.name == "meetings":
        query = _meetings().where(t.meetings.c.id.in_(ids)).order_by(t.meetings.c.date, t.meetings.c.id)
    elif register.name == "people":
        used = select(t.person_forms.c.person_id).where(t.person_forms.c.meeting_id.in_(ids))
        table = t.people
        query = (
            select(*(table.c[c] for c in register.columns)).where(table.c.id.in_(used)).order_by(table.c.key)
        )
    else:
        table = t.metadata.tables[register.name]
        order = [table.c.meeting_id, *(table.c[c] for c in ("item_position", "position") if c in table.c)]
        query = (
            select(*(table.c[c] for c in register.columns))
            .where(table.c.meeting_id.in_(ids))
            .order_by(*order)
        )
    streamed = connection.execution_options(yield_per=1000).execute(query)
    for row in streamed.mappings():
        yield dict(row)


def records(connection: Connection, scope: Scope, batch: int = 200) -> Iterator[dict[str, Any]]:
    """Each meeting's whole record (record-schema.json), oldest first.

    The ids are put in order first and the records fetched a batch at a time: ordering the records
    themselves makes the database sort them all (SQLite in memory, with temp_store=MEMORY), so
    memory would grow with the export (120 MB of records at 10,000 meetings); the ids are small."""
    m = t.meetings
    in_order = (
        select(m.c.id).where(m.c.id.in_(meeting_ids(scope).scalar_subquery())).order_by(m.c.date, m.c.id)
    )
    ids = list(connection.execute(in_order).scalars())
    for start in range(0, len(ids), batch):
        wanted = ids[start : start + batch]
        found = {
            mid: record
            for mid, record in connection.execute(select(m.c.id, m.c.record).where(m.c.id.in_(wanted)))
        }
        for meeting_id in wanted:
            yield found[meeting_id]


def _meetings() -> Select[Any]:
    m, b, s = t.meetings, t.bodies, t.sources
    return (
        select(
            m.c.id,
            b.c.name.label("body"),
            m.c.council,
            m.c.title,
            m.c.date,
            m.c.time,
            m.c.venue,
            m.c.minutes_status,
            m.c.cancelled,
            m.c.warnings,
            s.c.name.label("source_name"),
            s.c.url.label("source_url"),
            s.c.sha256.label("source_sha256"),
        )
        .join(b, b.c.id == m.c.body_id)
        .join(s, s.c.id == m.c.source_id)
    )
