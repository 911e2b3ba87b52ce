"""Bodies are keyed by council and name; a source's meeting is found whatever its id.

Bodies of different councils share names ("Council", "Cabinet"), so a body's slug, and with it
its meetings' ids, is now led by its council's slug where the council is known
(`record.body_slug`). The columns were there from 0001 (`bodies.council`, unique `bodies.slug`),
so rows stored before keep their keys, and their council as it was read (almost always none).
What is new is a lookup: when a source stored before is saved again and its meeting now has
another id, `store.save` replaces the meeting stored under the old id instead of keeping both.
That finds meetings by source, which needs this index.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_meetings_source", "meetings", ["source_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_meetings_source", table_name="meetings")
