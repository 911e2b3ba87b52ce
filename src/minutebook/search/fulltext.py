"""Answer a query from the search index: ranked hits with citations and snippets.

Ranking is BM25 over every match (tantivy; `search.index` owns the index and keeps it in step
with the database), on SQLite and PostgreSQL alike, so an old minute that matches best comes
first however many newer ones match too, and both backends give the same best hits. A question
in plain words is ranked retrieval over its words, lifted where they stand together
(`index.compile_query`), and where it names someone the register knows ("what did Councillor
Russell get appointed to"), passages in the items where that person was appointed, moved or
seconded a decision, or was given an action score more (`_named_people_items`), and more again
where the fact is of the kind the question asks about ("appointed", "moved", "actions").

The hits of one page are then cited from the database (meeting, body, item) and given a snippet
from the index's copy of the text, matches between MARK_START and MARK_END. Counting every match
costs more than ranking the best (block-max WAND never visits most of a common word's matches),
so `total` is given when the query's words are rare enough (COUNT_UP_TO) or the page reaches the
last match; otherwise `more` says there is more.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass
from typing import Any

import tantivy
from sqlalchemy import Connection, Engine, bindparam, text

from minutebook.errors import QueryError
from minutebook.record import slug
from minutebook.search.index import (
    SCHEMA,
    analyse,
    compile_query,
    entries_saying,
    entry_ids,
    filtered,
    index_for,
    lifted_only,
)
from minutebook.search.query import STOP_WORDS, Term, parse_query, plain_words

KINDS = ("paragraph", "item", "decision", "action")
MAX_LIMIT = 500
SNIPPET_CHARS = 160
# Matches are counted (`total`) when the query's words occur in at most this many entries in all:
# then counting costs little beside ranking, which for common words it would not.
COUNT_UP_TO = 20_000
# Marks around each match in a snippet; `snippet_parts` splits on them. They are Unicode
# noncharacters, kept for a program's own use, and any a document holds are taken out of its
# snippets (`unmarked`): so a document's own characters (« », which many languages quote with) are
# always text, never a highlight (issue 10).
MARK_START, MARK_END = "\ufdd0", "\ufdd1"
_NO_MARKS = {ord(MARK_START): None, ord(MARK_END): None}


def unmarked(text: str) -> str:
    """A document's text with no character that could pass for a snippet's mark."""
    return text.translate(_NO_MARKS)


@dataclass(frozen=True)
class SearchHit:
    meeting_id: str
    body: str
    body_slug: str
    council: str | None  # the body's council, where its documents named it
    date: str
    item_number: str | None
    item_title: str | None
    kind: str  # paragraph | item | decision | action
    ref: str | None  # paragraph ref ("12.3"), or the item number for an item title
    line: int | None  # line in the source document
    snippet: str  # the text around the match, matches between MARK_START and MARK_END
    score: float  # higher is better


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[SearchHit]
    total: int | None  # every match, when this page reaches the last one; else None (see `more`)
    more: bool  # hits after this page

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "more": self.more,
            "hits": [asdict(h) for h in self.hits],
        }


@dataclass(frozen=True)
class Filters:
    body: str | None = None  # a body's name or slug
    since: str | None = None  # ISO dates, inclusive
    until: str | None = None
    kind: str | None = None

    def sql(self) -> str:
        """WHERE conditions on search_entries `e`, with bound parameters only."""
        conditions = {
            "body": "e.body_id IN (SELECT id FROM bodies WHERE slug = :body)",
            "since": "e.date >= :since",
            "until": "e.date <= :until",
            "kind": "e.kind = :kind",
        }
        return "".join(f" AND {sql}" for name, sql in conditions.items() if getattr(self, name))

    def params(self) -> dict[str, str]:
        values = {**asdict(self), "body": slug(self.body) if self.body else None}
        return {k: v for k, v in values.items() if v}


def lexical_search(
    engine: Engine,
    query: str,
    *,
    body: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Hits for `query` (see `minutebook.search.query` for its syntax), best first."""
    filters = dict(body=body, since=since, until=until, kind=kind)
    return _search(engine, query, filters, limit, offset, coverage=False)[0]


def lexical_with_coverage(
    engine: Engine, query: str, filters: dict[str, Any], limit: int, offset: int = 0
) -> tuple[SearchResult, list[float]]:
    """`lexical_search`, and for each hit how much of the question it holds: the share of the
    question's content words, each weighted by its rarity (BM25's IDF), found in the hit's text
    (1.0 for a query with operators, whose matches hold what was asked by definition). A plain-word
    question matches passages holding any one of its words; a passage holding only the commonest
    of five is weak evidence that it answers the question, and hybrid search weighs it so."""
    return _search(engine, query, filters, limit, offset, coverage=True)


def _search(
    engine: Engine, query: str, filters_: dict[str, Any], limit: int, offset: int, *, coverage: bool
) -> tuple[SearchResult, list[float]]:
    parse_query(query)  # a QueryError for what cannot be read, plain words or not
    filters = Filters(
        filters_.get("body"),
        _date("since", filters_.get("since")),
        _date("until", filters_.get("until")),
        _kind(filters_.get("kind")),
    )
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise QueryError(f"limit must be 1 to {MAX_LIMIT} and offset 0 or more (got {limit}, {offset})")
    index = index_for(engine)
    with engine.connect() as connection:
        searcher = index.searcher(connection)
        terms: list[str] = []
        matching = compile_query(searcher, query, terms_used=terms)
        # Counting every match is cheap when its words are few (their postings bound the matches).
        frequency = {term: searcher.doc_freq("text", term) for term in set(terms)}
        count = sum(frequency.values()) <= COUNT_UP_TO
        ranked = filtered(
            matching,
            body_ids=_body_ids(connection, filters.body) if filters.body else None,
            since=filters.since,
            until=filters.until,
            kind=filters.kind,
        )
        result = searcher.search(ranked, offset + limit + 1, count=count)
        found = _with_lift(
            searcher, ranked, result.hits, _named_people_items(connection, query), offset + limit + 1
        )
        found = found[offset:]
        page = found[:limit]
        ids = entry_ids(searcher, page)
        scores = {id_: score for id_, (score, _) in zip(ids, page, strict=True)}
        documents = {id_: searcher.doc(address) for id_, (_, address) in zip(ids, page, strict=True)}
        snippets = _snippets(searcher, matching, documents)
        held = _coverage(query, frequency, searcher.num_docs, documents) if coverage else {}
        rows = connection.execute(
            text(_CITATIONS).bindparams(bindparam("ids", expanding=True)), {"ids": ids or [0]}
        ).mappings()
        hits, cited = _hits(rows, scores, snippets)
    more = len(found) > limit
    total = result.count if count else None if more else offset + len(hits)  # type: ignore[attr-defined]
    return SearchResult(query, hits, total, more), [held.get(id_, 1.0) for id_ in cited]


search = lexical_search  # the name callers know; `search.search` may add modes on top of it


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, is_match) pieces, for callers that render highlights (HTML, terminal)."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(snippet.split(MARK_START)):
        match, _, rest = piece.partition(MARK_END) if i else ("", "", piece)
        parts += [(match, True)] if match else []
        parts += [(rest, False)] if rest else []
    return parts


def snippet_spans(snippet: str) -> tuple[str, list[list[int]]]:
    """A snippet as its text and the [start, end) character offsets of each match in it: how the
    API and the site carry highlights, as structure rather than as characters of the text."""
    text, spans = [], []
    at = 0
    for piece, is_match in snippet_parts(snippet):
        if is_match:
            spans.append([at, at + len(piece)])
        text.append(piece)
        at += len(piece)
    return "".join(text), spans


def _date(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"--{name} {value!r}: not a date (use YYYY-MM-DD)") from None


def _kind(kind: str | None) -> str | None:
    if kind is not None and kind not in KINDS:
        raise QueryError(f"kind {kind!r}: use one of {', '.join(KINDS)}")
    return kind


# The page's citations: each entry's meeting, body and item.
_CITATIONS = """
    SELECT e.id, e.meeting_id, b.name AS body, b.slug AS body_slug, b.council, e.date,
           i.number AS item_number, i.title AS item_title, e.kind, e.ref, e.line
    FROM search_entries e
    JOIN bodies b ON b.id = e.body_id
    LEFT JOIN items i ON i.meeting_id = e.meeting_id AND i.position = e.item_position
    WHERE e.id IN :ids"""


def _with_lift(
    searcher: Any, ranked: Any, hits: list[Any], items: dict[str, float], wanted: int
) -> list[Any]:
    """The best `wanted` hits once entries in `items` score their lift more. The lifted entries
    are searched on their own, a search a lift (few: a pure disjunction keeps its pruning, which a
    query with the lift inside would lose) and merged with the best unlifted ones: exact, as every
    lifted match is seen and the others keep their order."""
    merged = {(a.segment_ord, a.doc): (score, a) for score, a in hits}
    for lift in sorted(set(items.values())):
        within = [item for item, its_lift in items.items() if its_lift == lift]
        for score, address in searcher.search(lifted_only(ranked, within), wanted, count=False).hits:
            merged[(address.segment_ord, address.doc)] = (score + lift, address)
    return sorted(merged.values(), key=lambda hit: -hit[0])[:wanted]


def _body_ids(connection: Connection, body: str) -> list[int]:
    rows = connection.execute(text("SELECT id FROM bodies WHERE slug = :slug"), {"slug": slug(body)})
    return [row.id for row in rows]


def _snippets(searcher: Any, query: Any, documents: dict[int, Any]) -> dict[int, str]:
    """The text around the best matches of each hit, matched words marked."""
    generator = tantivy.SnippetGenerator.create(searcher, query, SCHEMA, "text")
    generator.set_max_num_chars(SNIPPET_CHARS)
    return {
        id_: _marked(generator.snippet_from_doc(document), document.get_first("text") or "")
        for id_, document in documents.items()
    }


def _coverage(
    query: str, frequency: dict[str, int], entries: int, documents: dict[int, Any]
) -> dict[int, float]:
    """For each hit, the IDF-weighted share of a plain-word question's terms in its text (see
    `lexical_with_coverage`); empty for a query with operators."""
    if plain_words(query) is None or not frequency:
        return {}
    weight = {t: math.log(1 + (entries - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
    whole = sum(weight.values()) or 1.0
    return {
        id_: sum(weight[t] for t in weight.keys() & set(analyse(document.get_first("text") or ""))) / whole
        for id_, document in documents.items()
    }


def _marked(snippet: Any, whole: str) -> str:
    """A tantivy snippet as text with MARK_START/MARK_END around each match, and "…" where the
    passage goes on. Its offsets count bytes of UTF-8."""
    fragment = snippet.fragment()
    if not fragment:
        return unmarked(whole[:SNIPPET_CHARS]) + ("…" if len(whole) > SNIPPET_CHARS else "")
    data = fragment.encode("utf-8")
    parts, at = [], 0
    for span in sorted(snippet.highlighted(), key=lambda h: h.start):
        if span.start < at:
            continue
        parts += [unmarked(data[at : span.start].decode("utf-8", "replace")), MARK_START]
        parts += [unmarked(data[span.start : span.end].decode("utf-8", "replace")), MARK_END]
        at = span.end
    parts.append(unmarked(data[at:].decode("utf-8", "replace")))
    where, whole_bytes = snippet.fragment_range(), whole.encode("utf-8")
    before = unmarked(whole_bytes[: where.start].decode("utf-8", "replace"))
    after = unmarked(whole_bytes[where.end :].decode("utf-8", "replace"))
    # What tantivy leaves off a passage's ends (a full stop, a bracket) is shown, not elided.
    start = before if len(before.strip()) <= 2 else "…"
    end = after if len(after.strip()) <= 2 else "…"
    return (start + "".join(parts) + end).strip()


# Words that say a name follows: "Councillor Russell", "Cllr Russell", "Mrs Russell".
HONORIFICS = frozenset(
    [
        "councillor",
        "councilor",
        "cllr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "mayor",
        "alderman",
        "sir",
        "dame",
        "lord",
        "lady",
    ]
)
PERSON_LIFT = 10.0  # above a passage that merely says the name (a rare word with its title: ~8-12)
NAMED_ITEMS = 5000
NAMED_ENTRIES = 200  # passages saying a name, in whose meetings its items are looked for


# A question that says which kind of fact it asks about ("what was Councillor Alam appointed to",
# "who moved ...", "what actions was ... given") is answered by that kind of fact first: an item
# holding it for the person named is lifted twice as much as one holding another kind, above a
# short passage that says the name and little else ("Councillor Alam summarised:").
_ASKED_KINDS = {
    "appointments": re.compile(
        r"\b(?:appoint|nominat|elect|represent|serv(?:e|es|ed|ing)\b|sits?\b|sat\b)", re.I
    ),
    "actions": re.compile(r"\b(?:action|task|asked\s+to|promis|undert(?:ake|ook))", re.I),
    "decisions": re.compile(r"\b(?:mov(?:e|ed|es)\b|second|propos)", re.I),
}


def asked_kinds(query: str) -> set[str]:
    """The kinds of fact (appointments, actions, decisions) a question's words ask about."""
    return {kind for kind, words in _ASKED_KINDS.items() if words.search(query)}


def _named_people_items(connection: Connection, query: str) -> dict[str, float]:
    """Items ("<meeting id>#<item position>") where someone the query names was appointed, moved
    or seconded a decision, or was given an action, each with its lift: PERSON_LIFT, twice that
    where the fact is of a kind the question asks about (`asked_kinds`). A name is a word after
    an honorific ("Councillor Russell"), or a capitalised word past the first: the way a name is
    written in a question. Only meetings whose text says the name are looked in (found by the
    index)."""
    words = plain_words(query)
    if not words:
        return {}
    asked = asked_kinds(query)
    names = {
        word.lower()
        for i, (before, word) in enumerate(zip(("", *words), words, strict=False))
        if len(word) > 2
        and word.lower() not in STOP_WORDS | HONORIFICS
        and (before.lower() in HONORIFICS or (i > 0 and word[0].isupper()))
    }
    items: dict[str, float] = {}
    for name in sorted(names):
        ids = entries_saying(connection, Term((name,)), limit=NAMED_ENTRIES)
        for item, kind in _items_of(connection, ids, name) if ids else []:
            lift = PERSON_LIFT * (2 if kind in asked else 1)
            items[item] = max(lift, items.get(item, 0.0))
            if len(items) >= NAMED_ITEMS:
                return items
    return items


def _items_of(connection: Connection, entry_ids: list[int], name: str) -> list[tuple[str, str]]:
    """Items, in the meetings of these search entries (the passages that say the name most
    plainly: NAMED_ENTRIES of them, which bounds the cost), whose appointments, decisions or
    actions name `name` (a surname: matched within the stored text, any case). The meetings are
    listed first, so each table is read through its index by meeting."""
    meetings = connection.execute(
        text("SELECT DISTINCT meeting_id FROM search_entries WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        {"ids": entry_ids},
    ).scalars()
    statement = text(
        """SELECT meeting_id, item_position, 'appointments' AS kind FROM appointments
            WHERE meeting_id IN :meetings AND lower(person) LIKE :like
        UNION SELECT meeting_id, item_position, 'actions' FROM actions
            WHERE meeting_id IN :meetings AND lower(owner) LIKE :like
        UNION SELECT meeting_id, item_position, 'decisions' FROM decisions
            WHERE meeting_id IN :meetings
            AND (lower(CAST(movers AS TEXT)) LIKE :like OR lower(CAST(seconders AS TEXT)) LIKE :like)"""
    ).bindparams(bindparam("meetings", expanding=True))
    rows = connection.execute(statement, {"meetings": list(meetings) or [""], "like": f"%{name}%"})
    return [(f"{row.meeting_id}#{row.item_position}", row.kind) for row in rows]


def _hits(rows: Any, scores: dict[int, float], snippets: dict[int, str]) -> tuple[list[SearchHit], list[int]]:
    """Hits in the order of `scores`, and their entry ids; words matched side by side are marked
    as one run."""
    by_id = {row["id"]: dict(row) for row in rows}
    for id_, row in by_id.items():
        row["snippet"] = snippets.get(id_, "").replace(f"{MARK_END} {MARK_START}", " ")
    cited = [i for i in scores if i in by_id]
    hits = [
        SearchHit(**{k: v for k, v in by_id[i].items() if k != "id"}, score=round(float(scores[i]), 6))
        for i in cited
    ]
    return hits, cited
