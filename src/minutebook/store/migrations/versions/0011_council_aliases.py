"""Council name aliases and moved ids (issue 10, item 8; `minutebook.store.aliases`).

`council_aliases`: every name a council was read or declared under, with the key of the council
it stands for, how that was learnt (spelling, bilingual, pair, clerk) and the source it was read
from. `moved_ids`: meeting ids and body slugs that a declared alias moved, so old URLs redirect. The
names of the meetings stored already are kept as their councils' names.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from datetime import UTC, datetime

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
    _keep_names_read_before(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":  # the answer cache's change counter (migration 0005)
        for table in ("council_aliases", "moved_ids"):
            op.execute(
                f"CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE"
                f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
            )


def _keep_names_read_before(bind: sa.Connection) -> None:
    """Every council name the meetings stored already were read under, as `store.aliases.learn`
    keeps those of meetings stored from now on (each with the first source that gave it)."""
    from minutebook.record import in_english, name_key

    rows = bind.execute(
        sa.text(
            "SELECT m.council, MIN(s.sha256) FROM meetings m JOIN sources s ON s.id = m.source_id"
            " WHERE m.council IS NOT NULL GROUP BY m.council ORDER BY m.council"
        )
    ).all()
    if not rows:
        return
    aliases = sa.table(
        "council_aliases",
        sa.column("name"),
        sa.column("key"),
        sa.column("council_key"),
        sa.column("how"),
        sa.column("source_sha256"),
        sa.column("made_at"),
    )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    bind.execute(
        sa.insert(aliases),
        [
            {
                "name": name,
                "key": name_key(name),
                "council_key": name_key(name),
                "how": "bilingual" if in_english(name) != name else "spelling",
                "source_sha256": sha,
                "made_at": now,
            }
            for name, sha in rows
        ],
    )


def downgrade() -> None:
    op.drop_table("moved_ids")
    op.drop_index("ix_council_aliases_council_key", table_name="council_aliases")
    op.drop_index("ix_council_aliases_key", table_name="council_aliases")
    op.drop_table("council_aliases")
