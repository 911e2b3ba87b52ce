"""The public search call: lexical, semantic or both fused by reciprocal rank fusion.

    search(engine, "vetting of minicab drivers", mode="hybrid", limit=10) -> ModeResult

`mode` is "lexical" (full-text, `minutebook.search.fulltext`), "semantic" (nearest embeddings,
`minutebook.search.semantic`) or "hybrid" (the default). When semantic search cannot answer (the
optional model is not installed, or nothing has been embedded for it yet) the call answers
lexically and says so in `notice`, so a database without embeddings still searches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from minutebook.errors import QueryError
from minutebook.search import fulltext, semantic
from minutebook.search.fulltext import SearchResult

MODES = ("lexical", "semantic", "hybrid")


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
        found = fulltext.search(engine, query, **filters, limit=limit, offset=offset)
        return ModeResult(found.query, found.hits, found.total, found.more, "lexical", reason)
    raise NotImplementedError  # semantic and hybrid ranking follow
