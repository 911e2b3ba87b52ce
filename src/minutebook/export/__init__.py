"""export: open-data files of the record and its registers, for people to take into their own
tools. Reads the database; writes files. Nothing here changes what is stored.

    export(engine, "csv", Path("out"), Scope(body="Cabinet", since="2024-01-01"))
        -> {"meetings": 12, "items": 140, ...}   rows written per register

Formats (`FORMATS`): `csv`, a file per register with a README.md of the columns; `ndjson`, one
meeting record (record-schema.json) a line; `ocd`, Open Civic Data events (`export.ocd`), a file
per meeting or JSON lines; `popolo`, people, organizations, posts and memberships (`export.popolo`);
`sqlite`, a file Datasette serves as it is, with full-text search on the paragraphs and a metadata
file naming the source and licence. `formats` also gives the streams the site's downloads send.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine

from minutebook.errors import MinutebookError
from minutebook.export.formats import (
    spreadsheet_safe,
    write_csv,
    write_ndjson,
    write_ocd,
    write_popolo,
    write_sqlite,
)
from minutebook.export.registers import REGISTERS, Scope

Writer = Callable[[Connection, Scope, Path], dict[str, int]]
FORMATS: dict[str, Writer] = {
    "csv": write_csv,
    "ndjson": write_ndjson,
    "ocd": write_ocd,
    "popolo": write_popolo,
    "sqlite": write_sqlite,
}

__all__ = ["FORMATS", "REGISTERS", "Scope", "export", "spreadsheet_safe"]


def export(engine: Engine, format: str, out: Path, scope: Scope | None = None) -> dict[str, int]:
    """Write the meetings in `scope` (all by default) to `out` in `format`; rows per register."""
    writer = FORMATS.get(format)
    if writer is None:
        raise MinutebookError(f"--format {format!r}: not one of {', '.join(FORMATS)}")
    # One read transaction: every file of the export sees the same database.
    with engine.connect() as connection, connection.begin():
        return writer(connection, scope or Scope(), out)
