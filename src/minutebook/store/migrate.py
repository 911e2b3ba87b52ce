"""Bring a database's schema up to date with the migrations shipped in this package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from minutebook.store.lock import writer_lock

MIGRATIONS = Path(__file__).with_name("migrations")
# The full-text index (migration 0001) and PostgreSQL's change counter (0005) are written by hand
# (they differ by dialect), so autogenerate must not see them as something to drop.
HAND_WRITTEN = ("search_fts", "ix_search_entries_tsv", "data_version")


def alembic_config(connection: object) -> Config:
    """An Alembic config with no alembic.ini: the scripts are in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """What autogenerate compares: everything but the hand-written objects above."""
    return not (reflected and compare_to is None and (name or "").startswith(HAND_WRITTEN))


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade `engine`'s database to `revision` (default: the newest); safe to repeat, and safe
    to run from two processes at once (the second waits, then finds nothing to do)."""
    with writer_lock(engine), engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
