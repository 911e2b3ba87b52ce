"""Alembic environment: always run by `minutebook.store.migrate` with a live connection."""

from __future__ import annotations

from alembic import context

from minutebook.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
