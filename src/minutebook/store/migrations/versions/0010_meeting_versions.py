"""Versions of a meeting's record: as read, and as clerks corrected, approved, uploaded or restored
it (`minutebook.store.versions`). One row per version, numbered within the meeting.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("made_at", sa.String(length=32), nullable=False),
        sa.Column("made_by", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_versions")),
        sa.UniqueConstraint("meeting_id", "number", name=op.f("uq_meeting_versions_meeting_id")),
    )
    if op.get_bind().dialect.name == "postgresql":  # the answer cache's change counter (migration 0005)
        op.execute(
            "CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE"
            " ON meeting_versions FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )


def downgrade() -> None:
    op.drop_table("meeting_versions")
