"""Council name aliases and moved ids (issue 10, item 8; `minutebook.store.aliases`).

`council_aliases`: every name a council was read or declared under, with the key of the council
it stands for, how that was learnt (spelling, bilingual, pair, clerk) and the source it was read
from. `moved_ids`: meeting ids and body slugs that a declared alias moved, so old URLs redirect.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "council_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("council_key", sa.Text(), nullable=False),
        sa.Column("how", sa.String(length=10), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("made_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_aliases")),
        sa.UniqueConstraint("name", name=op.f("uq_council_aliases_name")),
    )
    op.create_index("ix_council_aliases_key", "council_aliases", ["key"], unique=False)
    op.create_index("ix_council_aliases_council_key", "council_aliases", ["council_key"], unique=False)
    op.create_table(
        "moved_ids",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.Column("moved_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("kind", "old", name=op.f("pk_moved_ids")),
    )
    if op.get_bind().dialect.name == "postgresql":  # the answer cache's change counter (migration 0005)
        for table in ("council_aliases", "moved_ids"):
            op.execute(
                f"CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE"
                f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
            )


def downgrade() -> None:
    op.drop_table("moved_ids")
    op.drop_index("ix_council_aliases_council_key", table_name="council_aliases")
    op.drop_index("ix_council_aliases_key", table_name="council_aliases")
    op.drop_table("council_aliases")
