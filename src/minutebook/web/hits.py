"""Search as the site shows it: hits from `minutebook.search` with the meeting-page anchor each
links to, sorting by date, and counts per body and per year.

Counts and date order are taken over a window of the best WINDOW hits, not over every match:
counting every match of a common word is what makes full-text search slow at scale, and a reader
narrowing a search cares about where the best hits are. The window costs a few times a page of
hits, so the page of hits never waits for it: the search page loads the counts separately.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from minutebook.search import SearchHit, SearchResult, search, snippet_spans
from minutebook.store import browse
from minutebook.web.anchors import anchors_by_line
from minutebook.web.params import Filters

WINDOW = 200


@dataclass(frozen=True)
class Found:
    hits: list[dict[str, Any]]
    total: int | None  # None: more matches than search counts exactly
    more: bool
    mode: str = "lexical"  # the search mode that answered
    notice: str | None = None  # why the mode asked for did not answer (no embeddings, no model)


def find(
    engine: Engine,
    filters: Filters,
    kind: str | None,
    sort: str,
    limit: int,
    offset: int,
    mode: str = "hybrid",
) -> Found:
    total: int | None
    if sort == "date":
        result = _search(engine, filters, kind, WINDOW, 0, mode)
        ordered = sorted(result.hits, key=lambda h: (h.date, h.meeting_id, h.line or 0), reverse=True)
        page, total, more = ordered[offset : offset + limit], len(ordered), offset + limit < len(ordered)
    else:
        result = _search(engine, filters, kind, limit, offset, mode)
        page, total, more = result.hits, result.total, result.more
    with engine.connect() as conn:
        anchors = anchors_by_line(*browse.places(conn, (h.meeting_id for h in page)))
    answered = getattr(result, "mode", "lexical"), getattr(result, "notice", None)
    return Found([_cited(h, anchors) for h in page], total, more, *answered)


def facets(engine: Engine, filters: Filters, kind: str | None, mode: str = "hybrid") -> dict[str, Any]:
    """Counts per body and per year over the best WINDOW hits."""
    hits = _search(engine, filters, kind, WINDOW, 0, mode).hits
    bodies = Counter((h.body, h.body_slug) for h in hits)
    councils = {h.body_slug: h.council for h in hits}
    years = Counter(h.date[:4] for h in hits)
    return {
        "window": len(hits),
        "body": [
            {"value": key, "label": name, "council": councils[key], "count": n}
            for (name, key), n in _by_count(bodies)
        ],
        "year": [{"value": year, "count": n} for year, n in sorted(years.items(), reverse=True)],
    }


def _search(
    engine: Engine, filters: Filters, kind: str | None, limit: int, offset: int, mode: str
) -> SearchResult:
    return search(
        engine,
        with_person(filters.q, filters.person),
        mode=mode,
        body=filters.body,
        since=filters.since.isoformat() if filters.since else None,
        until=filters.until.isoformat() if filters.until else None,
        kind=kind,
        limit=limit,
        offset=offset,
    )


def with_person(query: str, person: str | None) -> str:
    """The query narrowed to hits naming `person`, as a phrase (quotes in the name dropped)."""
    if not person:
        return query
    phrase = '"' + person.replace('"', " ").strip() + '"'
    return f"({query}) {phrase}" if query else phrase


def _by_count(counts: Counter) -> list[tuple[Any, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _cited(hit: SearchHit, anchors: dict[tuple[str, int | None], str]) -> dict[str, Any]:
    found = dict(vars(hit))  # hits are flat: asdict's recursive deep copy costs ten times more
    # The snippet as text and the offsets of its matches: no mark character reaches a reader.
    found["snippet"], found["highlights"] = snippet_spans(hit.snippet)
    anchor = anchors.get((hit.meeting_id, hit.line))
    found["anchor"] = anchor
    found["url"] = f"/meetings/{hit.meeting_id}" + (f"#{anchor}" if anchor else "")
    return found
