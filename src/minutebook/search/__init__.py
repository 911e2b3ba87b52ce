"""search: full-text indexes over paragraphs, item titles, decisions and actions, and the
ranking that answers a query.

    search(engine, '"child sexual exploitation" OR cse', body="Cabinet", since="2015-01-01")
        -> SearchResult(query, hits=[SearchHit(meeting_id, body, date, item_number, ...)], total, more)

`mode=` chooses "lexical", "semantic" or "hybrid" (the default; see `hybrid`), which answers
lexically with a `notice` where no embeddings are available. The same call works on SQLite and
PostgreSQL, ranked the same way; `query` explains the syntax people type (and questions in plain
words), `fulltext` the lexical ranking (`lexical_search`), and `index` the tantivy index: how it
is written, rebuilt and kept in step with the database.
"""

from minutebook.errors import QueryError
from minutebook.search.fulltext import (
    KINDS,
    MARK_END,
    MARK_START,
    SearchHit,
    SearchResult,
    lexical_search,
    snippet_parts,
    snippet_spans,
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
    "lexical_search",
    "search",
    "snippet_parts",
    "snippet_spans",
]
