"""search: full-text indexes over paragraphs, item titles, decisions and actions, and the
ranking that answers a query.

    search(engine, '"child sexual exploitation" OR cse', body="Cabinet", since="2015-01-01")
        -> SearchResult(query, hits=[SearchHit(meeting_id, body, date, item_number, ...)], total, more)

`mode=` chooses "lexical", "semantic" or "hybrid" (the default; see `hybrid`), which answers
lexically with a `notice` where no embeddings are available. The same call works on SQLite (FTS5)
and PostgreSQL; `query` explains the syntax people type and `fulltext` why ranking is bounded on
SQLite. The index itself is kept by `minutebook.store`.
"""

from minutebook.errors import QueryError
from minutebook.search.fulltext import (
    KINDS,
    MARK_END,
    MARK_START,
    SearchHit,
    SearchResult,
    snippet_parts,
)
from minutebook.search.hybrid import MODES, ModeResult, search

__all__ = [
    "KINDS",
    "MARK_END",
    "MARK_START",
    "MODES",
    "ModeResult",
    "QueryError",
    "SearchHit",
    "SearchResult",
    "search",
    "snippet_parts",
]
