"""Bring a database's schema up to date with the migrations shipped in this package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: object) -> Config:
    """An Alembic config with no alembic.ini: the scripts are in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade `engine`'s database to `revision` (default: the newest); safe to repeat."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
