"""The actions register and follow-up: every action with its owner, where it was minuted and
when, and whether anything happened since.

Status, in order of precedence:
- closed: a clerk closed it (`close_action`), with a note and when; kept in `action_closures`
  under the action's meeting, item and a hash of its text, so re-ingesting keeps it;
- followed-up: a later meeting's paragraph refers back to it, found by `refresh_followups`:
  a reference resolved to its meeting (and item, when named); else a paragraph of a "matters
  arising" item of the same body mentioning it; else a paragraph of a later meeting of the same
  body within a year that repeats most of its words (a strong text match);
- open: neither.
An action's id is '<meeting id>:<item position>:<hash>', stable across re-ingest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, case, delete, insert, select, tuple_

from minutebook.errors import MinutebookError
from minutebook.record import slug
from minutebook.registers.common import (
    MAX_LIMIT,
    Page,
    check_page,
    checked_date,
    citation_columns,
    cited,
    contains,
    page_of,
)
from minutebook.store import schema as t
from minutebook.store.closures import text_hash

STATUSES = ("open", "followed-up", "closed")
_FOLLOWUP = t.meetings.alias("followup")  # made once: an alias's columns are costly to build
SORTS = ("-date", "date", "body")  # newest meeting first, oldest first, by body then newest
WINDOW_DAYS = 366  # how far ahead a text match may be
MENTION = 0.5  # share of an action's words a matters-arising paragraph must repeat
STRONG = 0.7  # share a paragraph anywhere in a later meeting of the body must repeat
MIN_WORDS = 3
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_STOP = frozenset(
    re.findall(
        r"\w+",
        "will that with this from have been were would should their there which report council councillor"
        " meeting members member officer officers further about into also next",
    )
)


@dataclass(frozen=True)
class ActionEntry:
    id: str
    meeting_id: str
    body: str
    body_slug: str
    date: str
    item_position: int
    item_number: str | None
    item_title: str
    position: int
    text: str
    owner: str | None
    due: str | None
    paragraph: str | None
    line: int | None
    status: str  # open | followed-up | closed
    days_open: int  # to the day it was closed or first followed up, else to today
    followup_meeting_id: str | None
    followup_date: str | None
    followup_item_position: int | None
    followup_ref: str | None
    followup_line: int | None
    followup_how: str | None  # reference | matters-arising | text-match
    closed_at: str | None
    close_note: str | None


def action_id(meeting_id: str, item_position: int, text: str) -> str:
    return f"{meeting_id}:{item_position}:{text_hash(text)}"


def words(text: str) -> frozenset[str]:
    """The words that say what an action is about (no short or common words)."""
    return frozenset(w for w in _WORD.findall(text.casefold()) if w not in _STOP)


def actions(
    connection: Connection,
    *,
    status: str | None = None,
    body: str | None = None,
    since: str | None = None,
    until: str | None = None,
    owner: str | None = None,
    text: str | None = None,
    meeting_id: str | None = None,
    sort: str = "-date",
    today: dt.date | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[ActionEntry]:
    """Actions in `sort` order (see SORTS), then in the order of the minutes; `owner` and `text`
    match words, ignoring case; `today` (default: today) is what days open are counted to."""
    check_page(offset, limit)
    if status is not None and status not in STATUSES:
        raise MinutebookError(f"status {status!r}: use one of {', '.join(STATUSES)}")
    if sort not in SORTS:
        raise MinutebookError(f"sort {sort!r}: use one of {', '.join(SORTS)}")
    a, s, c, m = t.actions, t.action_states, t.action_closures, t.meetings
    followup = _FOLLOWUP
    state = case(
        (c.c.closed_at.is_not(None), "closed"),
        (s.c.followup_meeting_id.is_not(None), "followed-up"),
        else_="open",
    )

    def with_state(query: Select) -> Select:
        same_action = (
            (s.c.meeting_id == a.c.meeting_id)
            & (s.c.item_position == a.c.item_position)
            & (s.c.position == a.c.position)
        )
        closure = (
            (c.c.meeting_id == a.c.meeting_id)
            & (c.c.item_position == a.c.item_position)
            & (c.c.text_hash == s.c.text_hash)
        )
        return query.outerjoin(s, same_action).outerjoin(c, closure)

    # Two steps: the page's actions, found with as few joins as the filters need (each join is a
    # lookup per action in the register), then everything shown about those few.
    in_minutes = (a.c.meeting_id, a.c.item_position, a.c.position)
    order = {
        "-date": (m.c.date.desc(), *in_minutes),
        "date": (m.c.date, *in_minutes),
        "body": (t.bodies.c.name, m.c.date.desc(), *in_minutes),
    }[sort]
    keys = select(*in_minutes).join(m, m.c.id == a.c.meeting_id)
    if sort == "body":
        keys = keys.join(t.bodies, t.bodies.c.id == m.c.body_id)
    if status:
        keys = with_state(keys).where(state == status)
    if body:
        keys = keys.where(m.c.body_id.in_(select(t.bodies.c.id).where(t.bodies.c.slug == slug(body))))
    if since:
        keys = keys.where(m.c.date >= checked_date("since", since))
    if until:
        keys = keys.where(m.c.date <= checked_date("until", until))
    if owner:
        keys = keys.where(contains([a.c.owner], owner.strip()))
    if text:
        keys = keys.where(contains([a.c.text], text.strip()))
    if meeting_id:
        keys = keys.where(a.c.meeting_id == meeting_id)
    page = connection.execute(keys.order_by(*order).offset(offset).limit(limit + 1)).all()
    shown = [
        a.c.position,
        a.c.text,
        a.c.owner,
        a.c.due,
        a.c.paragraph,
        a.c.line,
        state.label("status"),
        s.c.followup_meeting_id,
        followup.c.date.label("followup_date"),
        s.c.followup_item_position,
        s.c.followup_ref,
        s.c.followup_line,
        s.c.how.label("followup_how"),
        c.c.closed_at,
        c.c.note.label("close_note"),
    ]
    query = with_state(cited(select(*citation_columns(), *shown), a))
    query = query.outerjoin(followup, followup.c.id == s.c.followup_meeting_id)
    query = query.where(tuple_(a.c.meeting_id, a.c.item_position, a.c.position).in_([tuple(k) for k in page]))
    today = today or dt.date.today()
    rows = (
        [_entry(row, today) for row in connection.execute(query.order_by(*order)).mappings()] if page else []
    )
    return page_of(rows, offset, limit)


def _entry(row: Any, today: dt.date) -> ActionEntry:
    # An action stops counting as open when a later meeting reports back on it, or a clerk closes it.
    ended = row["closed_at"] or row["followup_date"]
    until = dt.date.fromisoformat(ended[:10]) if ended else today
    days = (until - dt.date.fromisoformat(row["date"])).days
    return ActionEntry(
        id=action_id(row["meeting_id"], row["item_position"], row["text"]),
        **row,
        days_open=max(days, 0),
    )


def close_action(
    connection: Connection, action: str, note: str, when: dt.datetime | None = None
) -> ActionEntry:
    """Close the action with id `action` (see `action_id`), saying why; closing again replaces the note."""
    meeting_id, item_position, found = find_action(connection, action)
    if not note.strip():
        raise MinutebookError(f"action {action}: say why it is closed (a note)")
    closed_at = (when or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    c = t.action_closures
    key = (
        (c.c.meeting_id == meeting_id)
        & (c.c.item_position == item_position)
        & (c.c.text_hash == text_hash(found))
    )
    connection.execute(delete(c).where(key))
    connection.execute(
        insert(c).values(
            meeting_id=meeting_id,
            item_position=item_position,
            text_hash=text_hash(found),
            text=found,
            note=note.strip(),
            closed_at=closed_at,
        )
    )
    _ensure_state(connection, meeting_id, item_position, found)
    return next(
        row for row in actions(connection, meeting_id=meeting_id, limit=MAX_LIMIT).rows if row.id == action
    )


def closure(connection: Connection, action: str) -> dict[str, str] | None:
    """The clerk's closure of the action with id `action` ({"closed_at", "note"}), or None if open."""
    meeting_id, item_position, found = find_action(connection, action)
    c = t.action_closures
    row = connection.execute(
        select(c.c.closed_at, c.c.note).where(
            (c.c.meeting_id == meeting_id)
            & (c.c.item_position == item_position)
            & (c.c.text_hash == text_hash(found))
        )
    ).first()
    return {"closed_at": row.closed_at, "note": row.note} if row else None


def reopen_action(connection: Connection, action: str) -> None:
    """Undo a clerk's closure: the action is open (or followed up) again."""
    meeting_id, item_position, found = find_action(connection, action)
    c = t.action_closures
    done = connection.execute(
        delete(c).where(
            (c.c.meeting_id == meeting_id)
            & (c.c.item_position == item_position)
            & (c.c.text_hash == text_hash(found))
        )
    )
    if not done.rowcount:
        raise MinutebookError(f"action {action}: it is not closed")


def find_action(connection: Connection, action: str) -> tuple[str, int, str]:
    """(meeting id, item position, text) of the stored action with this id, or a one-line error."""
    meeting_id, _, rest = action.rpartition(":")
    meeting_id, _, position = meeting_id.rpartition(":")
    if not meeting_id or not position.isdigit():
        raise MinutebookError(f"action {action!r}: not an action id (<meeting id>:<item>:<hash>)")
    a = t.actions
    texts = connection.execute(
        select(a.c.text).where((a.c.meeting_id == meeting_id) & (a.c.item_position == int(position)))
    ).scalars()
    found = next((text for text in texts if text_hash(text) == rest), None)
    if found is None:
        raise MinutebookError(f"action {action!r}: no such action is stored")
    return meeting_id, int(position), found


def _ensure_state(connection: Connection, meeting_id: str, item_position: int, text: str) -> None:
    """An action stored since the last refresh has no state row yet: add one so its closure shows."""
    a, s = t.actions, t.action_states
    rows = connection.execute(
        select(a.c.position, a.c.text).where(
            (a.c.meeting_id == meeting_id) & (a.c.item_position == item_position)
        )
    ).all()
    for row in rows:
        if row.text != text:
            continue
        known = (
            (s.c.meeting_id == meeting_id)
            & (s.c.item_position == item_position)
            & (s.c.position == row.position)
        )
        if connection.execute(select(s.c.position).where(known)).first() is None:
            connection.execute(
                insert(s).values(
                    meeting_id=meeting_id,
                    item_position=item_position,
                    position=row.position,
                    text_hash=text_hash(text),
                )
            )


# -- follow-up -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    meeting_id: str
    item_position: int
    position: int
    text: str
    date: str
    words: frozenset[str]


def refresh_followups(connection: Connection) -> dict[str, int]:
    """Find each action's first follow-up and store every action's state; returns counts by how."""
    found: dict[tuple[str, int, int], dict[str, Any]] = {}
    pending = _actions_by_body(connection)
    by_reference = _reference_followups(connection)
    for action in (a for body_actions in pending.values() for a in body_actions):
        hit = _cited(action, by_reference)
        if hit:
            found[(action.meeting_id, action.item_position, action.position)] = {**hit, "how": "reference"}
    for body_id, body_actions in pending.items():
        _text_followups(connection, body_id, body_actions, found)
    rows = []
    counts = {"reference": 0, "matters-arising": 0, "text-match": 0, "open": 0}
    for action in (a for body_actions in pending.values() for a in body_actions):
        key = (action.meeting_id, action.item_position, action.position)
        hit = found.get(key)
        counts[hit["how"] if hit else "open"] += 1
        rows.append(
            {
                "meeting_id": action.meeting_id,
                "item_position": action.item_position,
                "position": action.position,
                "text_hash": text_hash(action.text),
                "followup_meeting_id": hit["meeting_id"] if hit else None,
                "followup_item_position": hit["item_position"] if hit else None,
                "followup_ref": hit["ref"] if hit else None,
                "followup_line": hit["line"] if hit else None,
                "how": hit["how"] if hit else None,
            }
        )
    connection.execute(delete(t.action_states))
    if rows:
        connection.execute(insert(t.action_states), rows)
    return counts


def _actions_by_body(connection: Connection) -> dict[int, list[Pending]]:
    a, m = t.actions, t.meetings
    query = (
        select(a.c.meeting_id, a.c.item_position, a.c.position, a.c.text, m.c.date, m.c.body_id)
        .join(m, m.c.id == a.c.meeting_id)
        .order_by(m.c.date, a.c.meeting_id, a.c.item_position, a.c.position)
    )
    found: dict[int, list[Pending]] = defaultdict(list)
    for row in connection.execute(query):
        found[row.body_id].append(
            Pending(row.meeting_id, row.item_position, row.position, row.text, row.date, words(row.text))
        )
    return found


def _cited(action: Pending, by_reference: dict[tuple[str, int | None], list[dict[str, Any]]]) -> dict | None:
    """The first later paragraph citing the action's item; or citing its meeting as a whole and
    mentioning the action (approving "the minutes of the meeting held on ..." follows up nothing)."""
    for hit in by_reference.get((action.meeting_id, action.item_position), []):
        if hit["date"] > action.date:
            return hit
    for hit in by_reference.get((action.meeting_id, None), []):
        said = words(hit["text"])
        if hit["date"] > action.date and len(action.words & said) >= MENTION * len(action.words) > 0:
            return hit
    return None


def _reference_followups(connection: Connection) -> dict[tuple[str, int | None], list[dict[str, Any]]]:
    """The citing paragraphs of each meeting and item that later minutes refer to, oldest first."""
    link, p, m = t.reference_links, t.paragraphs, t.meetings
    r = t.references
    query = (
        select(
            link.c.target_meeting_id,
            link.c.target_item_position,
            link.c.meeting_id,
            link.c.item_position,
            r.c.line,
            m.c.date,
        )
        .join(
            r,
            (r.c.meeting_id == link.c.meeting_id)
            & (r.c.item_position == link.c.item_position)
            & (r.c.position == link.c.position),
        )
        .join(m, m.c.id == link.c.meeting_id)
        .where((link.c.status == "resolved") & (link.c.target_meeting_id != link.c.meeting_id))
        .order_by(m.c.date, link.c.meeting_id, link.c.item_position, link.c.position)
    )
    citing = connection.execute(query).all()
    # The paragraphs of the citing items, in one query: the reference's paragraph is the last
    # one starting at or before its line.
    items = {(row.meeting_id, row.item_position) for row in citing}
    paragraphs: dict[tuple[str, int], list[Any]] = defaultdict(list)
    cited_items = (
        select(link.c.meeting_id, link.c.item_position)
        .where((link.c.status == "resolved") & (link.c.target_meeting_id != link.c.meeting_id))
        .distinct()
        .subquery()
    )
    for paragraph in connection.execute(
        select(p.c.meeting_id, p.c.item_position, p.c.ref, p.c.line, p.c.text)
        .join(
            cited_items,
            (cited_items.c.meeting_id == p.c.meeting_id) & (cited_items.c.item_position == p.c.item_position),
        )
        .order_by(p.c.meeting_id, p.c.item_position, p.c.line)
    ):
        if (paragraph.meeting_id, paragraph.item_position) in items:
            paragraphs[(paragraph.meeting_id, paragraph.item_position)].append(paragraph)
    found: dict[tuple[str, int | None], list[dict[str, Any]]] = defaultdict(list)
    for row in citing:
        before = [
            q
            for q in paragraphs[(row.meeting_id, row.item_position)]
            if row.line is None or q.line <= row.line
        ]
        ref = before[-1] if before else None
        hit = {
            "meeting_id": row.meeting_id,
            "item_position": row.item_position,
            "ref": ref.ref if ref else None,
            "line": ref.line if ref else row.line,
            "text": ref.text if ref else "",
            "date": row.date,
        }
        found[(row.target_meeting_id, row.target_item_position)].append(hit)
    return found


def _text_followups(
    connection: Connection,
    body_id: int,
    pending: list[Pending],
    found: dict[tuple[str, int, int], dict[str, Any]],
) -> None:
    """Later paragraphs of the same body, meeting by meeting, matched against the actions raised
    in the year before; the first match of each action wins."""
    waiting: deque[Pending] = deque(a for a in pending if len(a.words) >= MIN_WORDS)
    if not waiting:
        return
    p, m, i = t.paragraphs, t.meetings, t.items
    query = (
        select(p.c.meeting_id, p.c.item_position, p.c.ref, p.c.line, p.c.text, m.c.date, i.c.title)
        .join(m, m.c.id == p.c.meeting_id)
        .join(i, (i.c.meeting_id == p.c.meeting_id) & (i.c.position == p.c.item_position))
        .where((m.c.body_id == body_id) & (m.c.date > waiting[0].date))
        .order_by(m.c.date, p.c.meeting_id, p.c.item_position, p.c.position)
    )
    live: list[Pending] = []
    for row in connection.execute(query):
        while waiting and waiting[0].date < row.date:
            live.append(waiting.popleft())
        horizon = (dt.date.fromisoformat(row.date) - dt.timedelta(days=WINDOW_DAYS)).isoformat()
        live = [
            a for a in live if a.date >= horizon and (a.meeting_id, a.item_position, a.position) not in found
        ]
        if not live and not waiting:
            return
        said = words(row.text)
        arising = "matters arising" in row.title.casefold()
        for action in live:
            share = len(action.words & said) / len(action.words)
            if share >= STRONG or (arising and share >= MENTION):
                found[(action.meeting_id, action.item_position, action.position)] = {
                    "meeting_id": row.meeting_id,
                    "item_position": row.item_position,
                    "ref": row.ref,
                    "line": row.line,
                    "how": "matters-arising" if arising and share < STRONG else "text-match",
                }
