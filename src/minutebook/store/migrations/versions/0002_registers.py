"""Tables of the cross-meeting registers (see `minutebook.registers`).

What clerks say (person_overrides, action_closures) and what `registers.refresh` recomputes
(person_links, person_identities, reference_links, action_states). None of them is below a
meeting, so re-ingesting a meeting leaves them alone.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_closures",
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("meeting_id", "item_position", "text_hash", name=op.f("pk_action_closures")),
    )
    op.create_table(
        "action_states",
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(length=16), nullable=False),
        sa.Column("followup_meeting_id", sa.Text(), nullable=True),
        sa.Column("followup_item_position", sa.Integer(), nullable=True),
        sa.Column("followup_ref", sa.Text(), nullable=True),
        sa.Column("followup_line", sa.Integer(), nullable=True),
        sa.Column("how", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("meeting_id", "item_position", "position", name=op.f("pk_action_states")),
    )
    op.create_table(
        "person_identities",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("surname", sa.Text(), nullable=False),
        sa.Column("forms", sa.JSON(), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.Column("first_date", sa.String(length=10), nullable=True),
        sa.Column("last_date", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_person_identities")),
    )
    op.create_index("ix_person_identities_name", "person_identities", ["name"], unique=False)
    op.create_table(
        "person_links",
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("person_key", sa.Text(), nullable=False),
        sa.Column("identity", sa.Text(), nullable=True),
        sa.Column("candidates", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("meeting_id", "person_key", name=op.f("pk_person_links")),
    )
    op.create_index("ix_person_links_identity", "person_links", ["identity"], unique=False)
    op.create_index("ix_person_links_person_key", "person_links", ["person_key"], unique=False)
    op.create_table(
        "person_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("person_key", sa.Text(), nullable=False),
        sa.Column("other_key", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("made_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_overrides")),
    )
    op.create_table(
        "reference_links",
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("target_meeting_id", sa.Text(), nullable=True),
        sa.Column("target_item_position", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("meeting_id", "item_position", "position", name=op.f("pk_reference_links")),
    )
    op.create_index("ix_reference_links_status", "reference_links", ["status"], unique=False)
    op.create_index(
        "ix_reference_links_target",
        "reference_links",
        ["target_meeting_id", "target_item_position"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_reference_links_target", table_name="reference_links")
    op.drop_index("ix_reference_links_status", table_name="reference_links")
    op.drop_table("reference_links")
    op.drop_table("person_overrides")
    op.drop_index("ix_person_links_person_key", table_name="person_links")
    op.drop_index("ix_person_links_identity", table_name="person_links")
    op.drop_table("person_links")
    op.drop_index("ix_person_identities_name", table_name="person_identities")
    op.drop_table("person_identities")
    op.drop_table("action_states")
    op.drop_table("action_closures")
