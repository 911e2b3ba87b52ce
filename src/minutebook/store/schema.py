"""The tables, as SQLAlchemy Core `Table`s: one place that names every column.

Dialect-neutral: the same tables on SQLite and PostgreSQL. Dates are ISO strings
('2013-07-10'), which sort and compare as dates on both. Every row below a meeting carries
`meeting_id`, so replacing a meeting is one DELETE per table, and rows inside an item carry
`item_position` (the item's place in the meeting) rather than a generated item id, so a whole
meeting can be written with one executemany per table. `position` is always the row's order
within its parent. Migrations in `migrations/versions` create these tables; change both together.

`search_entries` holds the text that full-text search indexes (paragraphs, item titles,
decisions, actions), one row each with its citation; the FTS5 table over it (SQLite) and the
GIN index (PostgreSQL) live in the migrations because they are dialect-specific. On SQLite,
`store.save` writes a batch's new entries into the FTS5 table itself (migration 0003).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("format", String(40), nullable=False),
    Column("url", Text),
    Column("size", Integer, nullable=False),
    Column("read_at", String(32), nullable=False),  # ISO 8601 UTC
    Column("data", LargeBinary, nullable=False),
)

bodies = Table(
    "bodies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", Text, nullable=False, unique=True),  # record.body_slug: council and name
    Column("name", Text, nullable=False),
    Column("council", Text),  # None: the documents did not name it
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", Text, primary_key=True),  # record id: '<body slug>/<date>' (record.meeting_id)
    Column("body_id", Integer, ForeignKey("bodies.id"), nullable=False),
    Column("title", Text, nullable=False),
    Column("date", String(10), nullable=False),
    Column("time", Text),
    Column("venue", Text),
    Column("minutes_status", String(20), nullable=False),
    Column("council", Text),
    Column("cancelled", Boolean, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("record", JSON, nullable=False),  # MeetingRecord.to_dict(), for exports and the API
    # Date, id and body: lists by date (`browse.meetings`) skip pages within the index (migration 0005).
    Index("ix_meetings_body_date_id", "body_id", "date", "id"),
    Index("ix_meetings_date_id", "date", "id", "body_id"),
    Index("ix_meetings_source", "source_id"),  # a source's meeting, whatever its id (see store.save)
)


def _meeting_id() -> Column:
    return Column("meeting_id", Text, ForeignKey("meetings.id"), nullable=False)


def _item_key() -> tuple[Column, Column]:
    """The columns that place a row in an item: its meeting and the item's position."""
    return _meeting_id(), Column("item_position", Integer, nullable=False)


def _item_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["meeting_id", "item_position"], ["items.meeting_id", "items.position"])


items = Table(
    "items",
    metadata,
    _meeting_id(),
    Column("position", Integer, nullable=False),
    Column("number", Text),
    Column("number_inferred", Boolean, nullable=False),
    Column("title", Text, nullable=False),
    Column("agenda_text", Text, nullable=False),
    Column("presenters", JSON, nullable=False),
    Column("truncated", Boolean, nullable=False),
    Column("line", Integer),
    PrimaryKeyConstraint("meeting_id", "position"),
)

paragraphs = Table(
    "paragraphs",
    metadata,
    Column("id", Integer, primary_key=True),
    *_item_key(),
    Column("position", Integer, nullable=False),
    Column("ref", Text),
    Column("text", Text, nullable=False),
    Column("line", Integer, nullable=False),
    _item_fk(),
    Index("ix_paragraphs_meeting", "meeting_id", "item_position", "position"),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    *_item_key(),
    Column("position", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("format", Text),
    Column("size", Text),
    Column("url", Text),
    _item_fk(),
    Index("ix_documents_meeting", "meeting_id", "item_position"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    *_item_key(),
    Column("position", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("paragraph", Text),
    Column("line", Integer),
    Column("movers", JSON, nullable=False),
    Column("seconders", JSON, nullable=False),
    Column("vote", JSON),
    _item_fk(),
    Index("ix_decisions_meeting", "meeting_id", "item_position"),
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    *_item_key(),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("owner", Text),
    Column("due", Text),
    Column("paragraph", Text),
    Column("line", Integer),
    # No status: an action's state is worked out from its follow-ups and the clerks' closures
    # (store/closures.py, the actions register; migration 0013 dropped a column never read).
    _item_fk(),
    Index("ix_actions_meeting", "meeting_id", "item_position"),
)

appointments = Table(
    "appointments",
    metadata,
    Column("id", Integer, primary_key=True),
    *_item_key(),
    Column("position", Integer, nullable=False),
    Column("person", Text, nullable=False),
    Column("post", Text, nullable=False),  # the record's `position`: the post appointed to
    Column("substitute", Text),
    Column("term", Text),
    Column("line", Integer),
    _item_fk(),
    Index("ix_appointments_meeting", "meeting_id", "item_position"),
)

references = Table(
    "references",
    metadata,
    Column("id", Integer, primary_key=True),
    *_item_key(),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("minute", Text),
    Column("body", Text),
    Column("date", Text),
    Column("item", Text),
    Column("line", Integer),
    _item_fk(),
    Index("ix_references_meeting", "meeting_id", "item_position"),
)

declarations = Table(
    "declarations",
    metadata,
    Column("id", Integer, primary_key=True),
    *_item_key(),
    Column("position", Integer, nullable=False),
    Column("person", Text, nullable=False),
    Column("interest", Text, nullable=False),
    Column("item", Text),
    Column("line", Integer),
    _item_fk(),
    Index("ix_declarations_meeting", "meeting_id", "item_position"),
)

attendance = Table(
    "attendance",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_id(),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("role", Text),
    Column("remote", Boolean, nullable=False),
    Column("line", Integer),
    Index("ix_attendance_meeting", "meeting_id"),
)

# People are per meeting for now: `people` holds one row per normalised name across all
# meetings; which forms and posts a meeting used for them are in the two link tables.
# Resolving one person across meetings is a later job.
people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),  # normalised name
    Column("name", Text, nullable=False),
    Column("honorific", Text),
)

person_forms = Table(
    "person_forms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
    _meeting_id(),
    Column("form", Text, nullable=False),
    Index("ix_person_forms_meeting", "meeting_id"),
    Index("ix_person_forms_person", "person_id"),
)

person_posts = Table(
    "person_posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
    _meeting_id(),
    Column("post", Text, nullable=False),
    Index("ix_person_posts_meeting", "meeting_id"),
    Index("ix_person_posts_person", "person_id"),
)

search_entries = Table(
    "search_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_id(),
    Column("item_position", Integer),
    Column("kind", String(10), nullable=False),  # paragraph | item | decision | action
    Column("ref", Text),
    Column("line", Integer),
    Column("text", Text, nullable=False),
    # Copied from the meeting so that filters need no join on the hot path.
    Column("body_id", Integer, nullable=False),
    Column("date", String(10), nullable=False),
    Index("ix_search_entries_meeting", "meeting_id"),
)

# The search index's version (see `minutebook.search.index`): one row naming the database and the
# version `store.save` moves with each write, and the meetings each version touched.
search_index_state = Table(
    "search_index_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

search_index_changes = Table(
    "search_index_changes",
    metadata,
    Column("version", Integer, nullable=False),
    Column("meeting_id", Text, nullable=False),
    PrimaryKeyConstraint("version", "meeting_id"),
)

# E-mail alerts (`minutebook.alerts`, migration 0008): who follows a search, a body or a person.
# An address is kept only for this, and the row is deleted on unsubscribing. `seen_version` is the
# search index's data version (above) the subscriber's last digest covered.
alert_subscriptions = Table(
    "alert_subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", Text, nullable=False),
    Column("kind", String(10), nullable=False),  # search | body | person
    Column("target", Text, nullable=False),  # search: its query string; body: slug; person: key
    Column("label", Text, nullable=False),  # what the subscriber reads: "Search: housing"
    Column("created_at", String(32), nullable=False),  # ISO 8601 UTC, like every time below
    Column("confirm_sent_at", String(32)),  # the confirmation request was accepted by the server
    Column("confirmed_at", String(32)),
    Column("seen_version", Integer),
    Column("sent_at", String(32)),  # the last digest was accepted by the server
    Column("error", Text),  # why the last send failed, until one succeeds
    UniqueConstraint("email", "kind", "target"),
)

# Tables under a meeting, children before parents: the order to delete a meeting in.
MEETING_TABLES = (
    search_entries,
    person_forms,
    person_posts,
    attendance,
    paragraphs,
    documents,
    decisions,
    actions,
    appointments,
    references,
    declarations,
    items,
    meetings,
)

# Registers (cross-meeting)
# Two kinds of table, neither below a meeting (so re-ingesting a meeting never deletes them):
# what a clerk says (`person_overrides`, `action_closures`), kept for good and keyed by things
# that survive re-ingest (name keys; meeting id + item position + action text); and what
# `minutebook.registers.refresh` recomputes whole from the per-meeting rows (`person_links`,
# `person_identities`, `reference_links`, `action_states`).

person_overrides = Table(
    "person_overrides",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("action", String(10), nullable=False),  # merge | split | rename
    Column("person_key", Text, nullable=False),  # people.key of the name form it is about
    Column("other_key", Text),  # merge: the form it is the same person as
    Column("name", Text),  # rename: the name to show
    Column("note", Text),
    Column("made_at", String(32), nullable=False),  # ISO 8601 UTC
)

action_closures = Table(
    "action_closures",
    metadata,
    Column("meeting_id", Text, nullable=False),
    Column("item_position", Integer, nullable=False),
    Column("text_hash", String(16), nullable=False),  # of the action's text: survives re-ingest
    Column("text", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("closed_at", String(32), nullable=False),  # ISO 8601 UTC
    PrimaryKeyConstraint("meeting_id", "item_position", "text_hash"),
)

person_links = Table(
    "person_links",
    metadata,
    Column("meeting_id", Text, nullable=False),
    Column("person_key", Text, nullable=False),  # the name form as the meeting had it (people.key)
    Column("identity", Text),  # person_identities.key; None when ambiguous
    Column("candidates", JSON),  # when ambiguous: the identities it could be
    PrimaryKeyConstraint("meeting_id", "person_key"),
    Index("ix_person_links_identity", "identity"),
    Index("ix_person_links_person_key", "person_key"),
)

person_identities = Table(
    "person_identities",
    metadata,
    Column("key", Text, primary_key=True),  # the people.key of its fullest name form
    Column("name", Text, nullable=False),
    Column("surname", Text, nullable=False),
    Column("forms", JSON, nullable=False),  # name forms (people.key) resolved to it
    Column("meetings", Integer, nullable=False),
    Column("first_date", String(10)),
    Column("last_date", String(10)),
    Index("ix_person_identities_name", "name"),
)

reference_links = Table(
    "reference_links",
    metadata,
    Column("meeting_id", Text, nullable=False),  # the citing reference: meeting, item, position
    Column("item_position", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(10), nullable=False),  # resolved | unresolved | ambiguous
    Column("target_meeting_id", Text),
    Column("target_item_position", Integer),
    Column("reason", Text),  # why unresolved or ambiguous, or what part could not be found
    PrimaryKeyConstraint("meeting_id", "item_position", "position"),
    Index("ix_reference_links_target", "target_meeting_id", "target_item_position"),
    Index("ix_reference_links_status", "status"),
)

action_states = Table(
    "action_states",
    metadata,
    Column("meeting_id", Text, nullable=False),  # the action: meeting, item, position
    Column("item_position", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("text_hash", String(16), nullable=False),  # joins action_closures
    Column("followup_meeting_id", Text),  # the first later paragraph referring back, if any
    Column("followup_item_position", Integer),
    Column("followup_ref", Text),
    Column("followup_line", Integer),
    Column("how", String(20)),  # reference | matters-arising | text-match
    PrimaryKeyConstraint("meeting_id", "item_position", "position"),
)

# Whether the registers above are up to date (`minutebook.store.marker`, migration 0007): one row;
# `changes` moves with each transaction that stores or deletes meetings, `linked` is the value of
# `changes` the last registers refresh began from.
registers_state = Table(
    "registers_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("changes", Integer, nullable=False),
    Column("linked", Integer, nullable=False),
)

# Accounts (`minutebook.accounts`, migration 0009): who may change the record, and what they did.
# Secrets are never stored: a session or API token is kept as the SHA-256 of the random value the
# holder has, a password as its argon2id hash. Times are ISO 8601 UTC strings, like every time above.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("role", String(10), nullable=False),  # clerk | admin
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
)

user_sessions = Table(
    "user_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("csrf_token", String(64), nullable=False),  # the forms of this session carry it
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Index("ix_user_sessions_user", "user_id"),
)

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account", Text, nullable=False),  # the name tried, lower-cased, whether or not it exists
    Column("address", Text, nullable=False),  # the client's address
    Column("at", String(32), nullable=False),
    Index("ix_sign_in_failures_account", "account", "at"),
    Index("ix_sign_in_failures_address", "address", "at"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("role", String(10), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("actor", Text, nullable=False),  # "user:NAME", "token:NAME" or "cli" (the server's shell)
    Column("action", Text, nullable=False),  # e.g. users.add, session.sign-in, action.close
    Column("subject", Text),  # what it was done to: a user's name, a meeting id, ...
    Column("before", JSON),
    Column("after", JSON),
    Index("ix_audit_log_at", "at"),
)

# Versions of a meeting's record (`minutebook.store.versions`, migration 0010): the record as read
# from its source, and each clerk's correction, approval, upload or restore after it. The meeting's
# rows above always hold the version applied last; a source that changes after a clerk's version is
# kept here as a "read" version and not applied, so ingest never overwrites a clerk's work.
meeting_versions = Table(
    "meeting_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", Text, nullable=False),
    Column("number", Integer, nullable=False),  # 1, 2, ... within the meeting
    Column("kind", String(12), nullable=False),  # read | correction | approval | upload | restore
    Column("applied", Boolean, nullable=False),  # whether the meeting's rows took this version
    Column("record", JSON, nullable=False),
    Column("made_at", String(32), nullable=False),
    Column("made_by", Text, nullable=False),  # "ingest", "user:NAME", "token:NAME", "cli"
    Column("note", Text),
    UniqueConstraint("meeting_id", "number"),
)

# Council name aliases (`minutebook.store.aliases`, migration 0011): every name a council was read
# or declared under, and the key (`record.name_key`) of the council it stands for. A name whose
# own key is not its council's key (a clerk's declaration, a Welsh/English pair of place names)
# re-keys that council's meetings to the council's key.
council_aliases = Table(
    "council_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),  # as written
    Column("key", Text, nullable=False),  # record.name_key(name)
    Column("council_key", Text, nullable=False),  # the council it stands for
    Column("how", String(10), nullable=False),  # spelling | bilingual | pair | clerk | apart
    Column("source_sha256", String(64)),  # the source it was read from; None: declared
    Column("made_at", String(32), nullable=False),  # ISO 8601 UTC
    Index("ix_council_aliases_key", "key"),
    Index("ix_council_aliases_council_key", "council_key"),
)

# Meeting ids and body slugs that re-keying moved (kind meeting | body), so old URLs redirect.
moved_ids = Table(
    "moved_ids",
    metadata,
    Column("kind", String(10), nullable=False),
    Column("old", Text, nullable=False),
    Column("new", Text, nullable=False),
    Column("moved_at", String(32), nullable=False),
    PrimaryKeyConstraint("kind", "old"),
)
