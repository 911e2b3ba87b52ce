"""The search index's version: what the database holds, so an index beside it can catch up.

Search is answered by a tantivy index kept outside the database (`minutebook.search.index`). To
know, cheaply and from any process, whether that index reflects the data: `search_index_state`,
one row, holds a token naming this database (so an index is never taken for another's) and a
version that `store.save` adds one to in each transaction that writes or deletes meetings;
`search_index_changes` lists the meetings each version touched, so an index a few versions
behind re-reads only those meetings. An index missing or too far behind is rebuilt whole; on
upgrading, every existing index is (its stamp names no token yet).

The full-text indexes inside the database go: SQLite's FTS5 table (and its triggers) and
PostgreSQL's GIN index over `to_tsvector`. Nothing reads them any more, and writing them was
about a third of the cost of saving a meeting. Downgrading puts them back, filled.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NEW_TABLES = ("search_index_state", "search_index_changes")


# Migration 0001's index, as it stood after 0003 (no insert trigger: `save` wrote it per batch).
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_entries', content_rowid='id',"
    " tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
POSTGRES_GIN = "CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (to_tsvector('english', text))"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS search_entries_au")
        op.execute("DROP TRIGGER IF EXISTS search_entries_ad")
        op.execute("DROP TRIGGER IF EXISTS search_entries_ai")
        op.execute("DROP TABLE IF EXISTS search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_entries_tsv")
    op.create_table(
        "search_index_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_index_state")),
    )
    op.create_table(
        "search_index_changes",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("version", "meeting_id", name=op.f("pk_search_index_changes")),
    )
    op.execute(f"INSERT INTO search_index_state (id, token, version) VALUES (1, '{uuid.uuid4().hex}', 0)")
    if op.get_bind().dialect.name == "postgresql":
        for name in NEW_TABLES:  # the answer cache's change counter (migration 0005)
            op.execute(
                f"CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {name}"
                " FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
            )


def downgrade() -> None:
    op.drop_table("search_index_changes")
    op.drop_table("search_index_state")
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute(POSTGRES_GIN)
