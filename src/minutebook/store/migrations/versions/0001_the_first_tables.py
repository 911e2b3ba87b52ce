"""The first tables, and the full-text index over search_entries.

The tables were generated from `minutebook.store.schema`; the full-text index is written by
hand because it differs by dialect: an external-content FTS5 table kept in step by triggers
(SQLite), a GIN index on the English tsvector of the text (PostgreSQL).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SEARCH_INDEX = {
    "sqlite": [
        # Porter stemming so that "applications" finds "application", as PostgreSQL's english does.
        "CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_entries', content_rowid='id',"
        " tokenize='porter unicode61 remove_diacritics 2')",
        "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN"
        " INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
        "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN"
        " INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
        "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN"
        " INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text);"
        " INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    ],
    "postgresql": [
        "CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (to_tsvector('english', text))",
    ],
}
SEARCH_INDEX_DROP = {
    "sqlite": [
        "DROP TRIGGER search_entries_au",
        "DROP TRIGGER search_entries_ad",
        "DROP TRIGGER search_entries_ai",
        "DROP TABLE search_fts",
    ],
    "postgresql": ["DROP INDEX ix_search_entries_tsv"],
}


def upgrade() -> None:
    op.create_table(
        "bodies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("council", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bodies")),
        sa.UniqueConstraint("slug", name=op.f("uq_bodies_slug")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("honorific", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("key", name=op.f("uq_people_key")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=40), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.String(length=32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("sha256", name=op.f("uq_sources_sha256")),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("time", sa.Text(), nullable=True),
        sa.Column("venue", sa.Text(), nullable=True),
        sa.Column("minutes_status", sa.String(length=20), nullable=False),
        sa.Column("council", sa.Text(), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name=op.f("fk_meetings_body_id_bodies")),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_meetings_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_index("ix_meetings_body_date", "meetings", ["body_id", "date"], unique=False)
    op.create_index("ix_meetings_date", "meetings", ["date"], unique=False)
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_attendance_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
    )
    op.create_index("ix_attendance_meeting", "attendance", ["meeting_id"], unique=False)
    op.create_table(
        "items",
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.Text(), nullable=True),
        sa.Column("number_inferred", sa.Boolean(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("agenda_text", sa.Text(), nullable=False),
        sa.Column("presenters", sa.JSON(), nullable=False),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_items_meeting_id_meetings")),
        sa.PrimaryKeyConstraint("meeting_id", "position", name=op.f("pk_items")),
    )
    op.create_table(
        "person_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("form", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_person_forms_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_person_forms_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_forms")),
    )
    op.create_index("ix_person_forms_meeting", "person_forms", ["meeting_id"], unique=False)
    op.create_index("ix_person_forms_person", "person_forms", ["person_id"], unique=False)
    op.create_table(
        "person_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("post", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_person_posts_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_person_posts_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_posts")),
    )
    op.create_index("ix_person_posts_meeting", "person_posts", ["meeting_id"], unique=False)
    op.create_index("ix_person_posts_person", "person_posts", ["person_id"], unique=False)
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("ref", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_search_entries_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
    )
    op.create_index("ix_search_entries_meeting", "search_entries", ["meeting_id"], unique=False)
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("due", sa.Text(), nullable=True),
        sa.Column("paragraph", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), server_default="open", nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id", "item_position"],
            ["items.meeting_id", "items.position"],
            name=op.f("fk_actions_meeting_id_items"),
        ),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_actions_meeting_id_meetings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    op.create_index("ix_actions_meeting", "actions", ["meeting_id", "item_position"], unique=False)
    op.create_index("ix_actions_status", "actions", ["status"], unique=False)
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("post", sa.Text(), nullable=False),
        sa.Column("substitute", sa.Text(), nullable=True),
        sa.Column("term", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id", "item_position"],
            ["items.meeting_id", "items.position"],
            name=op.f("fk_appointments_meeting_id_items"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_appointments_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
    )
    op.create_index("ix_appointments_meeting", "appointments", ["meeting_id", "item_position"], unique=False)
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paragraph", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("movers", sa.JSON(), nullable=False),
        sa.Column("seconders", sa.JSON(), nullable=False),
        sa.Column("vote", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id", "item_position"],
            ["items.meeting_id", "items.position"],
            name=op.f("fk_decisions_meeting_id_items"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_decisions_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index("ix_decisions_meeting", "decisions", ["meeting_id", "item_position"], unique=False)
    op.create_table(
        "declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person", sa.Text(), nullable=False),
        sa.Column("interest", sa.Text(), nullable=False),
        sa.Column("item", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id", "item_position"],
            ["items.meeting_id", "items.position"],
            name=op.f("fk_declarations_meeting_id_items"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_declarations_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declarations")),
    )
    op.create_index("ix_declarations_meeting", "declarations", ["meeting_id", "item_position"], unique=False)
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("format", sa.Text(), nullable=True),
        sa.Column("size", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id", "item_position"],
            ["items.meeting_id", "items.position"],
            name=op.f("fk_documents_meeting_id_items"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_documents_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index("ix_documents_meeting", "documents", ["meeting_id", "item_position"], unique=False)
    op.create_table(
        "paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ref", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id", "item_position"],
            ["items.meeting_id", "items.position"],
            name=op.f("fk_paragraphs_meeting_id_items"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_paragraphs_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paragraphs")),
    )
    op.create_index(
        "ix_paragraphs_meeting", "paragraphs", ["meeting_id", "item_position", "position"], unique=False
    )
    op.create_table(
        "references",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Text(), nullable=False),
        sa.Column("item_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("minute", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("item", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id", "item_position"],
            ["items.meeting_id", "items.position"],
            name=op.f("fk_references_meeting_id_items"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_references_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_references")),
    )
    op.create_index("ix_references_meeting", "references", ["meeting_id", "item_position"], unique=False)
    for statement in SEARCH_INDEX[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in SEARCH_INDEX_DROP[op.get_bind().dialect.name]:
        op.execute(statement)
    op.drop_index("ix_references_meeting", table_name="references")
    op.drop_table("references")
    op.drop_index("ix_paragraphs_meeting", table_name="paragraphs")
    op.drop_table("paragraphs")
    op.drop_index("ix_documents_meeting", table_name="documents")
    op.drop_table("documents")
    op.drop_index("ix_declarations_meeting", table_name="declarations")
    op.drop_table("declarations")
    op.drop_index("ix_decisions_meeting", table_name="decisions")
    op.drop_table("decisions")
    op.drop_index("ix_appointments_meeting", table_name="appointments")
    op.drop_table("appointments")
    op.drop_index("ix_actions_status", table_name="actions")
    op.drop_index("ix_actions_meeting", table_name="actions")
    op.drop_table("actions")
    op.drop_index("ix_search_entries_meeting", table_name="search_entries")
    op.drop_table("search_entries")
    op.drop_index("ix_person_posts_person", table_name="person_posts")
    op.drop_index("ix_person_posts_meeting", table_name="person_posts")
    op.drop_table("person_posts")
    op.drop_index("ix_person_forms_person", table_name="person_forms")
    op.drop_index("ix_person_forms_meeting", table_name="person_forms")
    op.drop_table("person_forms")
    op.drop_table("items")
    op.drop_index("ix_attendance_meeting", table_name="attendance")
    op.drop_table("attendance")
    op.drop_index("ix_meetings_date", table_name="meetings")
    op.drop_index("ix_meetings_body_date", table_name="meetings")
    op.drop_table("meetings")
    op.drop_table("sources")
    op.drop_table("people")
    op.drop_table("bodies")
