"""store: the database. Owns its schema and migrations (Alembic), saving records atomically
and idempotently, and keeping every source's bytes. SQLite by default, PostgreSQL on a
server, one code path for both.

    engine = open_engine()          # MINUTEBOOK_DATABASE_URL or sqlite:///minutebook.db
    migrate(engine)                 # create or upgrade the tables
    save(engine, record, data)      # -> "new" | "updated" | "unchanged"
"""

from minutebook.store.engine import database_url, open_engine
from minutebook.store.migrate import migrate
from minutebook.store.save import save

__all__ = ["database_url", "migrate", "open_engine", "save"]
