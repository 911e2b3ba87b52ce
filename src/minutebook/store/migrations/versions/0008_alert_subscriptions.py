"""E-mail alerts: who follows a search, a body or a person (`minutebook.alerts`).

One row per subscription: the address (kept only for this, and deleted on unsubscribing), what
it follows, when the confirmation request and the last digest were accepted by the mail server,
and `seen_version`, the search index's data version (migration 0006) the last digest covered.
One address follows one thing once (unique email, kind, target).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("confirm_sent_at", sa.String(length=32), nullable=True),
        sa.Column("confirmed_at", sa.String(length=32), nullable=True),
        sa.Column("seen_version", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_subscriptions")),
        sa.UniqueConstraint("email", "kind", "target", name=op.f("uq_alert_subscriptions_email")),
    )
    if op.get_bind().dialect.name == "postgresql":  # the answer cache's change counter (migration 0005)
        op.execute(
            "CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE"
            " ON alert_subscriptions FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )


def downgrade() -> None:
    op.drop_table("alert_subscriptions")
