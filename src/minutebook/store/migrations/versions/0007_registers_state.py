"""Whether the cross-meeting registers are up to date: a marker that survives a crash.

Ingest stores meetings, then recomputes the registers (people, references, action follow-ups)
in a separate transaction. Killed between the two, the database held new meetings whose people
and references were never linked, and every later ingest of the same files found them
"unchanged" and never linked again. `registers_state`, one row: `changes` counts the writing
transactions that stored or deleted meetings (`store.save` adds one in the same transaction as
the rows), and `linked` is the count the last registers refresh saw when it began. The registers
are out of date while `linked < changes`, whatever stopped the refresh; the next ingest (or
`refresh`) brings them up to date and says so.

A database that already holds meetings starts out of date (linked -1): nothing tells whether its
last refresh finished, and one more refresh costs seconds.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registers_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("linked", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registers_state")),
    )
    op.execute(
        "INSERT INTO registers_state (id, changes, linked)"
        " SELECT 1, 0, CASE WHEN EXISTS (SELECT 1 FROM meetings) THEN -1 ELSE 0 END"
    )
    if op.get_bind().dialect.name == "postgresql":  # the answer cache's change counter (migration 0005)
        op.execute(
            "CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE"
            " ON registers_state FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )


def downgrade() -> None:
    op.drop_table("registers_state")
