"""Drop `actions.status` (issue 10, item 10): written as "open" for every action and never read.

An action's state (open, followed up, closed) is worked out when it is asked for, from the
follow-up links and the clerks' closures (`minutebook.store.closures`, the actions register), so
the column only ever held its default. On SQLite the table is rebuilt without it (batch mode); on
PostgreSQL the column and its index are dropped in place.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_actions_status", table_name="actions")
    with op.batch_alter_table("actions") as batch:
        batch.drop_column("status")


def downgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("status", sa.String(length=10), server_default="open", nullable=False))
    op.create_index("ix_actions_status", "actions", ["status"], unique=False)
