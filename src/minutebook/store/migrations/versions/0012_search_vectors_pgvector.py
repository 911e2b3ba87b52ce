"""Semantic-search vectors in a pgvector column with an HNSW index, where the server has pgvector.

On a PostgreSQL server that offers the `vector` extension, this creates it (when the role may)
and gives `search_vectors` an `embedding vector(384)` column with an HNSW index (cosine), so
`search.semantic.nearest` answers with `ORDER BY embedding <=> :q` in the same SQL as its filters
(`minutebook.search.pgvector`). Vectors already stored are copied into the column by the next
`minutebook embed`. On SQLite, and on a PostgreSQL server without pgvector (Debian bookworm's 15
has no package for it) or whose role may not create it, nothing changes: semantic search keeps
the embedded index, and `db check` says so.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from minutebook.search import pgvector

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        pgvector.prepare(bind)  # a no-op, with its reason, where the server lacks the extension


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # The extension stays (other databases' objects may use it); the column and index go.
        op.execute("DROP INDEX IF EXISTS ix_search_vectors_embedding")
        op.execute(
            "DO $$ BEGIN IF to_regclass('search_vectors') IS NOT NULL THEN"
            " ALTER TABLE search_vectors DROP COLUMN IF EXISTS embedding; END IF; END $$"
        )
