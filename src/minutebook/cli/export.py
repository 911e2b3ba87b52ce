"""`minutebook export`: the record as open-data files (CSV, NDJSON, Open Civic Data events, Popolo,
a Datasette-ready SQLite)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from minutebook.cli.app import app, console, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.cli.registers import BodyOption, SinceOption, UntilOption, engine_for
from minutebook.errors import MinutebookError
from minutebook.export import FORMATS, Scope, export


@app.command("export")
@one_line_errors
def export_command(
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="The folder (csv; ocd unless it ends .jsonl or .ndjson) or file to write."
        ),
    ],
    body: BodyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    database: DatabaseOption = None,
) -> None:
    """Write the stored meetings (all, or a body's, or a date range's) as open-data files."""
    for name, value in (("--since", since), ("--until", until)):
        if value:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise MinutebookError(f"{name} {value!r}: not a date (YYYY-MM-DD)") from None
    counts = export(engine_for(database), format, out, Scope(body=body, since=since, until=until))
    rows = ", ".join(f"{count} {name}" for name, count in counts.items())
    console.print(f"wrote {out} ({format}): {rows}", highlight=False)
