"""`minutebook db upgrade`: create the database or bring its tables up to date."""

from __future__ import annotations

import typer

from minutebook.cli.app import app, console, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.store import database_url, migrate, open_engine

db_app = typer.Typer(help="Look after the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command()
@one_line_errors
def upgrade(database: DatabaseOption = None) -> None:
    """Create the tables, or upgrade them to this version of minutebook."""
    migrate(open_engine(database))
    console.print(f"database {database_url(database)} is up to date", highlight=False, markup=False)
