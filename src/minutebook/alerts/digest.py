"""What is new for a subscription since its last digest.

"New" is measured by the search index's data version (`minutebook.search.index`), not by clocks:
`store.save` moves it under a row lock in the same transaction as the meetings it writes, so a
version read now covers exactly the meetings committed by then, and a meeting stored while a run
is under way belongs to the next digest. A meeting is new to a subscription whose `seen_version`
is `w` when its first stored version is above `w`; a meeting stored again (re-read, corrected) is
not new, so its hits are never sent twice.

Within the new meetings:
- a search (or a person: the forms of their name, as phrases, any of them) is asked of
  `minutebook.search` with the subscription's filters, from the earliest new meeting's date
  (new meetings are nearly always the latest), and its hits in new meetings are kept;
- a body's digest lists its new meetings, each with its first items.
A digest holds at most DIGEST_HITS hits; `more` says there were others (the link shows them all).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from sqlalchemy import Connection, Engine, func, select

from minutebook.alerts.subscriptions import Subscription
from minutebook.registers.people import person as find_person
from minutebook.search import MARK_END, MARK_START, SearchHit, search
from minutebook.search.fulltext import MAX_LIMIT
from minutebook.store import browse
from minutebook.store import schema as t
from minutebook.web.anchors import anchors_by_line

DIGEST_HITS = 25
SEARCH_PAGES = 4  # of MAX_LIMIT hits: how deep to look for hits in the new meetings
ITEMS_SHOWN = 8  # items listed under each new meeting of a followed body
NAME_FORMS = 8  # forms of a person's name searched for


@dataclass(frozen=True)
class NewMeeting:
    id: str
    date: str
    body_slug: str


@dataclass(frozen=True)
class Hit:
    meeting_id: str
    body: str
    date: str
    item: str | None  # "4. Planning applications"
    snippet: str  # matches between MARK_START and MARK_END
    url: str  # a path on the site: the meeting page, at the item or paragraph


@dataclass
class Digest:
    subscription: Subscription
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # hits beyond DIGEST_HITS
    see_all: str = ""  # a path on the site showing everything followed
    error: str | None = None  # why no digest could be made (a search that no longer reads)


def new_meetings(conn: Connection, seen: int, upto: int) -> list[NewMeeting]:
    """Meetings first stored after version `seen`, up to version `upto`, that are still there."""
    c, m, b = t.search_index_changes, t.meetings, t.bodies
    touched = select(c.c.meeting_id).where(c.c.version > seen, c.c.version <= upto)
    first = (
        select(c.c.meeting_id)
        .where(c.c.meeting_id.in_(touched))
        .group_by(c.c.meeting_id)
        .having(func.min(c.c.version) > seen)
        .subquery()
    )
    query = (
        select(m.c.id, m.c.date, b.c.slug)
        .join(first, first.c.meeting_id == m.c.id)
        .join(b, b.c.id == m.c.body_id)
        .order_by(m.c.date, m.c.id)
    )
    return [NewMeeting(row.id, row.date, row.slug) for row in conn.execute(query)]


def digest_for(engine: Engine, subscription: Subscription, new: list[NewMeeting]) -> Digest:
    """The digest of `subscription` over `new` (the meetings new to it); no hits: nothing to send."""
    if subscription.kind == "body":
        return _body_digest(engine, subscription, new)
    with engine.connect() as conn:
        query, params = _question(conn, subscription)
    digest = Digest(subscription, see_all=_see_all(subscription))
    if not query:
        return digest
    since, until = params.get("since"), params.get("until")
    scope = {
        m.id
        for m in new
        if (not params.get("body") or m.body_slug == params["body"])
        and (not since or m.date >= since)
        and (not until or m.date <= until)
    }
    if not scope:
        return digest
    earliest = min(m.date for m in new if m.id in scope)
    found = _hits_in(engine, query, params, max(earliest, since or earliest), scope)
    digest.hits, digest.more = _cited(engine, found[:DIGEST_HITS]), len(found) > DIGEST_HITS
    return digest


def _see_all(subscription: Subscription) -> str:
    if subscription.kind == "person":
        return "/people/" + quote(subscription.target)
    return "/search?" + urlencode({**subscription.search_params, "sort": "date"})


def _question(conn: Connection, subscription: Subscription) -> tuple[str, dict[str, str]]:
    """The search a subscription asks, and its filters (body, since, until)."""
    if subscription.kind == "person":
        found = find_person(conn, subscription.target, limit=1)
        forms = found.forms[:NAME_FORMS] if found else []
        return " OR ".join(_phrase(form) for form in forms), {}
    params = subscription.search_params
    query, person = params.pop("q", ""), params.pop("person", "")
    if person:  # as the search page's person filter: the name, as a phrase
        query = f"({query}) {_phrase(person)}" if query else _phrase(person)
    return query, params


def _phrase(words: str) -> str:
    return '"' + words.replace('"', " ").strip() + '"'


def _hits_in(
    engine: Engine, query: str, params: dict[str, str], since: str, scope: set[str]
) -> list[SearchHit]:
    """The search's hits in the meetings of `scope`, best first, up to one more than DIGEST_HITS."""
    kept: list[SearchHit] = []
    for page in range(SEARCH_PAGES):
        result = search(
            engine,
            query,
            mode="lexical",
            body=params.get("body"),
            since=since,
            until=params.get("until"),
            limit=MAX_LIMIT,
            offset=page * MAX_LIMIT,
        )
        kept += [hit for hit in result.hits if hit.meeting_id in scope]
        if len(kept) > DIGEST_HITS or not result.more:
            break
    return kept[: DIGEST_HITS + 1]


def _cited(engine: Engine, found: list[SearchHit]) -> list[Hit]:
    """Hits in meeting order, each linked to its paragraph or item on the meeting page."""
    with engine.connect() as conn:
        anchors = anchors_by_line(*browse.places(conn, (h.meeting_id for h in found)))
    ordered = sorted(found, key=lambda h: (h.date, h.meeting_id, h.line or 0))
    return [
        Hit(
            h.meeting_id,
            h.body,
            h.date,
            _item(h.item_number, h.item_title),
            h.snippet,
            f"/meetings/{h.meeting_id}" + (f"#{a}" if (a := anchors.get((h.meeting_id, h.line))) else ""),
        )
        for h in ordered
    ]


def _body_digest(engine: Engine, subscription: Subscription, new: list[NewMeeting]) -> Digest:
    digest = Digest(subscription, see_all=f"/bodies/{subscription.target}")
    ids = [m.id for m in new if m.body_slug == subscription.target]
    if not ids:
        return digest
    m, b, i = t.meetings, t.bodies, t.items
    with engine.connect() as conn:
        meetings = conn.execute(
            select(m.c.id, m.c.date, m.c.title, m.c.cancelled, b.c.name)
            .join(b, b.c.id == m.c.body_id)
            .where(m.c.id.in_(ids))
            .order_by(m.c.date, m.c.id)
        ).all()
        items: dict[str, list[str]] = defaultdict(list)
        rows = conn.execute(
            select(i.c.meeting_id, i.c.number, i.c.title)
            .where(i.c.meeting_id.in_(ids))
            .order_by(i.c.position)
        )
        for listed in rows:
            items[listed.meeting_id].append(_item(listed.number, listed.title) or "")
    for row in meetings[:DIGEST_HITS]:
        shown = items[row.id][:ITEMS_SHOWN]
        rest = len(items[row.id]) - len(shown)
        summary = "; ".join(shown) + (f"; and {rest} more items" if rest > 0 else "")
        title = row.title + (" (cancelled)" if row.cancelled else "")
        digest.hits.append(Hit(row.id, row.name, row.date, title, summary, f"/meetings/{row.id}"))
    digest.more = len(meetings) > DIGEST_HITS
    return digest


def _item(number: str | None, title: str | None) -> str | None:
    if not title:
        return None
    return f"{number}. {title}" if number else title


def plain_snippet(snippet: str) -> str:
    """A snippet for the plain-text part: the matches between asterisks."""
    return snippet.replace(MARK_START, "*").replace(MARK_END, "*")
