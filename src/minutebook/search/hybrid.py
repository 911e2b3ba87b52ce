"""The public search call: lexical, semantic or both fused by reciprocal rank fusion.

    search(engine, "vetting of minicab drivers", mode="hybrid", limit=10) -> ModeResult

`mode` is "lexical" (full-text, `minutebook.search.fulltext`), "semantic" (nearest embeddings,
`minutebook.search.semantic`) or "hybrid" (the default). When semantic search cannot answer (the
optional model is not installed, or nothing has been embedded for it yet) the call answers
lexically and says so in `notice`, so a database without embeddings still searches.

Hybrid: each hit's score is the sum over the two lists of weight / (RRF_K + rank), rank from 1,
over the best DEPTH of each list (reciprocal rank fusion, Cormack et al. 2009, with their k = 60).
Ranks, not scores, are fused because BM25 and cosine similarity are on unrelated scales. A
semantic hit weighs 1; a lexical hit weighs the share of the question it holds (its words, each
by its rarity: `fulltext.lexical_with_coverage`). Why: a plain-word question matches any passage
holding any one of its words, so for a question put in other words than the minutes' the lexical
list is full of passages sharing one common word with it, and plain RRF let them push down what
semantic search had found (paraphrases: nDCG@10 0.42 fused against 0.54 semantic alone). A passage
holding all of the question's words, or any hit of a query with operators, keeps the full weight,
so exact words and names rank as before. A hit in both lists keeps the lexical snippet, which
marks the words that matched.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, bindparam, text

from minutebook.errors import QueryError
from minutebook.record import slug
from minutebook.search import fulltext, semantic
from minutebook.search.fulltext import KINDS, MARK_END, MARK_START, SearchHit, SearchResult, unmarked

MODES = ("lexical", "semantic", "hybrid")
RRF_K = 60
DEPTH = 50  # hits taken from each list before fusing (more when the page asked for is deeper)
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class ModeResult(SearchResult):
    mode: str = "lexical"  # the mode that answered, which is lexical after a fallback
    notice: str | None = None  # why the mode asked for did not answer

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "mode": self.mode, "notice": self.notice}


def search(
    engine: Engine,
    query: str,
    *,
    mode: str = "hybrid",
    body: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> ModeResult:
    """Hits for `query`, best first, by `mode`; lexical with a notice when semantic cannot answer."""
    if mode not in MODES:
        raise QueryError(f"mode {mode!r}: use one of {', '.join(MODES)}")
    filters: dict[str, Any] = {"body": body, "since": since, "until": until, "kind": kind}
    reason = None if mode == "lexical" else semantic.unavailable(engine)
    if mode == "lexical" or reason:
        found = _lexical(engine, query, filters, limit, offset)
        notice = f"{reason}: showing lexical results" if reason else None
        return ModeResult(found.query, found.hits, found.total, found.more, "lexical", notice)
    if not 1 <= limit <= fulltext.MAX_LIMIT or offset < 0:
        raise QueryError(
            f"limit must be 1 to {fulltext.MAX_LIMIT} and offset 0 or more (got {limit}, {offset})"
        )
    depth = max(DEPTH, offset + limit)
    if mode == "semantic":
        ranked = semantic_hits(engine, query, filters, depth)
    else:
        # The two searches run side by side: the model and the lexical index both release the GIL,
        # so hybrid costs about the slower of the two rather than their sum.
        meaning = _side_thread().submit(semantic_hits, engine, query, filters, depth)
        deep = min(depth, fulltext.MAX_LIMIT)
        words, held = fulltext.lexical_with_coverage(engine, query, filters, deep)
        ranked = fuse([words.hits, meaning.result()], [held, None])
    page = ranked[offset : offset + limit]
    return ModeResult(query, page, None, offset + limit < len(ranked), mode, None)


_SIDE_THREADS = 8  # semantic halves of hybrid searches running at once (a server's requests)
_side: tuple[int, ThreadPoolExecutor] | None = None
_side_lock = threading.Lock()


def _side_thread() -> ThreadPoolExecutor:
    """Threads kept for the semantic half of hybrid searches. A pool made for each search cost a
    thread's start and join every time: under load 8-15 on 2 cores, p50 58 against 36 ms and p95
    102 against 74 ms at 1M vectors. Made again in a forked child, whose copy of the parent's pool
    has no threads behind it."""
    global _side
    with _side_lock:
        if _side is None or _side[0] != os.getpid():
            _side = (os.getpid(), ThreadPoolExecutor(_SIDE_THREADS, thread_name_prefix="minutebook-semantic"))
        return _side[1]


def _lexical(engine: Engine, query: str, filters: dict[str, Any], limit: int, offset: int) -> SearchResult:
    return fulltext.lexical_search(engine, query, **filters, limit=limit, offset=offset)


def fuse(lists: list[list[SearchHit]], weights: list[list[float] | None] | None = None) -> list[SearchHit]:
    """Reciprocal rank fusion of ranked hit lists; a hit's score becomes its fused score. `weights`,
    where given for a list, weighs each of its hits (1 where not given)."""
    scores: dict[tuple, float] = {}
    first: dict[tuple, SearchHit] = {}
    for hits, weighed in zip(lists, weights or [None] * len(lists), strict=True):
        for rank, hit in enumerate(hits, start=1):
            key = hit_key(hit)
            weight = weighed[rank - 1] if weighed is not None else 1.0
            scores[key] = scores.get(key, 0.0) + weight / (RRF_K + rank)
            first.setdefault(key, hit)
    order = sorted(scores, key=lambda key: -scores[key])  # stable: ties keep the earlier list's order
    return [_rescored(first[key], scores[key]) for key in order]


def hit_key(hit: SearchHit) -> tuple:
    """What makes two hits the same search entry (hits do not carry the entry's id)."""
    return (hit.meeting_id, hit.kind, hit.ref, hit.line, hit.item_number)


def _rescored(hit: SearchHit, score: float) -> SearchHit:
    return SearchHit(**{**vars(hit), "score": round(score, 6)})


# --- Semantic hits ----------------------------------------------------------------------------


def semantic_hits(engine: Engine, query: str, filters: dict[str, Any], k: int) -> list[SearchHit]:
    """The `k` entries nearest in meaning to `query` that pass the filters, as cited hits."""
    where, params = _filter_sql(filters)
    question = _plain(query)
    if not question:
        return []
    nearest = semantic.nearest(engine, question, where, params, k)
    if not nearest:
        return []
    scores = dict(nearest)
    sql = text(
        """SELECT e.id, e.meeting_id, b.name AS body, b.slug AS body_slug, b.council, e.date,
                  i.number AS item_number, i.title AS item_title, e.kind, e.ref, e.line, e.text
           FROM search_entries e
           JOIN bodies b ON b.id = e.body_id
           LEFT JOIN items i ON i.meeting_id = e.meeting_id AND i.position = e.item_position
           WHERE e.id IN :ids"""
    ).bindparams(bindparam("ids", expanding=True))
    with engine.connect() as connection:
        rows = {row["id"]: dict(row) for row in connection.execute(sql, {"ids": list(scores)}).mappings()}
    words = _words(question)
    hits = []
    for entry_id, score in nearest:
        row = rows.get(entry_id)
        if row is None:
            continue
        row.pop("id")
        row["snippet"] = snippet(row.pop("text"), words)
        hits.append(SearchHit(**row, score=round(score, 6)))
    return hits


def _plain(query: str) -> str:
    """The question without the lexical operators, which mean nothing to the model."""
    words = re.sub(r'["()*]|(?<!\w)-(?=\w)', " ", query)
    words = re.sub(r"\b(AND|OR|NOT)\b", " ", words)
    return " ".join(words.split())


def _words(question: str) -> set[str]:
    """Words of the question worth marking in a snippet: not the short joining words."""
    return {w for w in re.findall(r"\w+", question.lower()) if len(w) > 3}


def snippet(entry_text: str, words: set[str]) -> str:
    """About SNIPPET_WORDS words of the entry, from a little before the first question word it
    shares (by its first five letters, a rough stem: taxi ~ taxis, licence ~ licensing), with those
    words marked as lexical snippets are."""
    tokens = unmarked(entry_text).split()
    stems = {w[:5] for w in words}

    def shares(token: str) -> bool:
        bare = token.strip(_PUNCTUATION).lower()
        return len(bare) > 3 and (bare[:5] in stems or bare[:4] in stems)

    first = next((i for i, t in enumerate(tokens) if shares(t)), 0)
    start = max(0, min(first - 6, len(tokens) - SNIPPET_WORDS))
    shown = tokens[start : start + SNIPPET_WORDS]
    marked = [f"{MARK_START}{t}{MARK_END}" if shares(t) else t for t in shown]
    return ("…" if start else "") + " ".join(marked) + ("…" if start + SNIPPET_WORDS < len(tokens) else "")


_PUNCTUATION = "\"'‘’“”()[]{}.,;:!?-–—/…*"


def _filter_sql(filters: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """SQL conditions on search_entries `e` for the filters lexical search takes, and their values."""
    conditions, params = [], {}
    if filters.get("body"):
        conditions.append("e.body_id IN (SELECT id FROM bodies WHERE slug = :body)")
        params["body"] = slug(filters["body"])
    for name, op in (("since", ">="), ("until", "<=")):
        if value := filters.get(name):
            try:
                params[name] = dt.date.fromisoformat(value).isoformat()
            except ValueError:
                raise QueryError(f"--{name} {value!r}: not a date (use YYYY-MM-DD)") from None
            conditions.append(f"e.date {op} :{name}")
    if kind := filters.get("kind"):
        if kind not in KINDS:
            raise QueryError(f"kind {kind!r}: use one of {', '.join(KINDS)}")
        conditions.append("e.kind = :kind")
        params["kind"] = kind
    return "".join(f" AND {c}" for c in conditions), params
