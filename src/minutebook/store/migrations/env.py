"""Alembic environment: always run by `minutebook.store.migrate` with a live connection."""

from __future__ import annotations

from alembic import context

from minutebook.store.migrate import include_object
from minutebook.store.schema import metadata

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=metadata,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
