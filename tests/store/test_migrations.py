"""The migrations build exactly the tables `schema` describes, on both backends."""

from __future__ import annotations

import sqlalchemy
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from minutebook.store import migrate
from minutebook.store.migrate import alembic_config, include_object
from minutebook.store.schema import metadata


def _differences(engine: sqlalchemy.Engine) -> list:
    # The hand-written full-text index is left out, as autogenerate leaves it out.
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        return compare_metadata(context, metadata)


def test_migrated_database_matches_the_schema(engine: sqlalchemy.Engine) -> None:
    assert _differences(engine) == []
    tables = set(sqlalchemy.inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables
    # Search is answered by the index beside the database (migration 0006 dropped these).
    assert "search_fts" not in tables
    assert "ix_search_entries_tsv" not in {
        i["name"] for i in sqlalchemy.inspect(engine).get_indexes("search_entries")
    }
    with engine.connect() as connection:
        token, version = connection.exec_driver_sql("SELECT token, version FROM search_index_state").one()
    assert len(token) == 32 and version == 0


def test_migrate_twice_changes_nothing(engine: sqlalchemy.Engine) -> None:
    migrate(engine)
    assert _differences(engine) == []


def test_downgrade_to_nothing_and_back(engine: sqlalchemy.Engine) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert set(sqlalchemy.inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert _differences(engine) == []


def test_every_table_counts_its_changes_on_postgresql(engine: sqlalchemy.Engine) -> None:
    """The answer cache learns of changes from `data_version`, which a trigger on every table bumps
    (migration 0005): a table added later needs it too. SQLite has `PRAGMA data_version` instead."""
    tables = set(sqlalchemy.inspect(engine).get_table_names())
    if engine.dialect.name == "sqlite":
        assert "data_version" not in tables
        return
    with engine.connect() as connection:
        counted = connection.exec_driver_sql(
            "SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
            " WHERE g.tgname = 'bump_data_version'"
        ).scalars()
        assert set(counted) == set(metadata.tables)
