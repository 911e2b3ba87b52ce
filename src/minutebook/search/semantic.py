"""Semantic search: embeddings of every search entry and a vector index over them.

Filled in below; until a model is installed and `minutebook embed` has run, `unavailable`
says why semantic search cannot answer, and hybrid search falls back to lexical.
"""

from __future__ import annotations

from sqlalchemy import Engine


def unavailable(engine: Engine) -> str | None:
    """Why semantic search cannot answer on `engine`'s database, or None when it can."""
    return "semantic search is not available yet: showing lexical results"
