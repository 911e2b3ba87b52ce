"""store: the database. Owns its schema and migrations (Alembic), saving records atomically
and idempotently, and keeping every source's bytes. SQLite by default, PostgreSQL on a
server, one code path for both."""
