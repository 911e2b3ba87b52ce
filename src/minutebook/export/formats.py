"""The file formats of an export. Each writer streams rows from the database to its file, so an
export of any size needs little memory, and writes to a temporary name first, so a failed
export never leaves a half-written file where a finished one is expected."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from minutebook.export.ocd import event, ocd_lines
from minutebook.export.popolo import popolo_chunks
from minutebook.export.registers import REGISTERS, Register, Scope, records, register_rows

# A spreadsheet runs a cell that starts like a formula; text from documents must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LICENCE_NOTE = (
    "Public records of the councils named in them. Each council's own re-use terms apply to its "
    "documents; minutebook adds no restriction."
)


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell: lists and mappings as JSON, text that looks like a formula prefixed with '."""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(connection: Connection, scope: Scope, folder: Path) -> dict[str, int]:
    """A CSV file per register in `folder`, and a README.md of their columns; rows per file."""
    counts: dict[str, int] = {}
    with _replacing(folder, directory=True) as staging:
        for register in REGISTERS:
            with (staging / f"{register.name}.csv").open("w", newline="", encoding="utf-8") as out:
                writer = csv.DictWriter(out, fieldnames=list(register.columns))
                writer.writeheader()
                counts[register.name] = 0
                for row in register_rows(connection, register, scope):
                    writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
                    counts[register.name] += 1
        (staging / "README.md").write_text(columns_readme(REGISTERS, scope), encoding="utf-8")
    return counts


def write_ndjson(connection: Connection, scope: Scope, path: Path) -> dict[str, int]:
    """One meeting record (record-schema.json) a line."""
    return {"meetings": _write_lines(path, ndjson_lines(connection, scope))}


def ndjson_lines(connection: Connection, scope: Scope) -> Iterator[str]:
    for record in records(connection, scope):
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_ocd(connection: Connection, scope: Scope, path: Path) -> dict[str, int]:
    """Open Civic Data events: a JSON-lines file when `path` ends in .jsonl or .ndjson, otherwise a
    folder of one `event_<uuid>.json` a meeting (as pupa writes them)."""
    if path.suffix in (".jsonl", ".ndjson"):
        return {"events": _write_lines(path, ocd_lines(connection, scope))}
    count = 0
    with _replacing(path, directory=True) as staging:
        for record in records(connection, scope):
            found = event(record)
            name = f"event_{found['id'].removeprefix('ocd-event/')}.json"
            (staging / name).write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
            count += 1
    return {"events": count}


def write_popolo(connection: Connection, scope: Scope, path: Path) -> dict[str, int]:
    """One Popolo JSON document: persons, organizations, posts and memberships."""
    counts: dict[str, int] = {}
    _write_lines(path, popolo_chunks(connection, scope, counts))
    return counts


def csv_zip_chunks(connection: Connection, scope: Scope, rows_a_chunk: int = 2000) -> Iterator[bytes]:
    """The csv export as a zip archive, in pieces as it is written (never whole in memory): each
    register's file and the README, compressed on the way out."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for register in REGISTERS:
            with archive.open(f"{register.name}.csv", "w", force_zip64=True) as member:
                text = io.TextIOWrapper(member, encoding="utf-8", newline="")
                writer = csv.DictWriter(text, fieldnames=list(register.columns))
                writer.writeheader()
                for number, row in enumerate(register_rows(connection, register, scope), 1):
                    writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
                    if number % rows_a_chunk == 0:
                        text.flush()
                        yield pipe.take()
                text.flush()
                text.detach()
            yield pipe.take()
        archive.writestr("README.md", columns_readme(REGISTERS, scope))
    yield pipe.take()


class _Pipe(io.RawIOBase):
    """A write-only, unseekable file that hands on what was written since it was last asked:
    zipfile writes such a stream with data descriptors, so nothing needs to be held back."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        taken, self._parts = b"".join(self._parts), []
        return taken


def _write_lines(path: Path, lines: Iterator[str]) -> int:
    """Write `lines` to `path` (through a staging file); how many were written."""
    count = 0
    with _replacing(path) as staging, staging.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line)
            count += 1
    return count


def write_sqlite(connection: Connection, scope: Scope, path: Path) -> dict[str, int]:
    """A SQLite file Datasette serves as it is: the registers as tables, full-text search on the
    paragraphs (an FTS5 table Datasette finds by its content= table), and `PATH.metadata.json`
    naming the source and licence (`datasette PATH -m PATH.metadata.json`)."""
    counts: dict[str, int] = {}
    with _replacing(path) as staging:
        out = sqlite3.connect(staging)
        try:
            for register in REGISTERS:
                counts[register.name] = _copy_table(out, register, register_rows(connection, register, scope))
            # content="paragraphs" in double quotes: how Datasette's detect_fts finds the index.
            out.execute(
                "CREATE VIRTUAL TABLE paragraphs_fts USING fts5("
                'text, content="paragraphs", content_rowid="rowid", tokenize="porter unicode61")'
            )
            out.execute("INSERT INTO paragraphs_fts(rowid, text) SELECT rowid, text FROM paragraphs")
            out.commit()
        finally:
            out.close()
    metadata = {
        "title": "Council minutes exported by minutebook",
        "description": "Meetings, agenda items, minute paragraphs, decisions, actions, appointments, "
        "attendance, people, plans' reported progress and decisions made by a person, each fact citing "
        "its meeting and source line.",
        "license": LICENCE_NOTE,
        "source": "minutebook",
        "source_url": "https://github.com/minutebook/minutebook",
        "databases": {
            path.stem: {"tables": {r.name: {"description": r.about, "columns": r.columns} for r in REGISTERS}}
        },
    }
    path.with_name(path.name + ".metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    return counts


def columns_readme(registers: tuple[Register, ...], scope: Scope) -> str:
    lines = [
        "# minutebook export",
        "",
        "One CSV file a register (UTF-8, a header row). Lists and votes are JSON in their cell; a",
        "cell that would start with = + - or @ starts with ' so a spreadsheet shows it as text.",
        f"Scope: body {scope.body or 'all'}, from {scope.since or 'the first meeting'} "
        f"to {scope.until or 'the last'}.",
        "",
        LICENCE_NOTE,
    ]
    for register in registers:
        lines += [
            "",
            f"## {register.name}.csv",
            "",
            register.about,
            "",
            "| column | what it holds |",
            "| --- | --- |",
        ]
        lines += [f"| `{name}` | {about} |" for name, about in register.columns.items()]
    return "\n".join(lines) + "\n"


def _copy_table(out: sqlite3.Connection, register: Register, rows: Iterator[dict[str, Any]]) -> int:
    names = list(register.columns)
    out.execute(f"CREATE TABLE {register.name} ({', '.join(names)})")
    insert = f"INSERT INTO {register.name} VALUES ({', '.join('?' for _ in names)})"
    count = 0
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(tuple(_sqlite_value(row[name]) for name in names))
        if len(batch) == 1000:
            out.executemany(insert, batch)
            count += len(batch)
            batch.clear()
    out.executemany(insert, batch)
    return count + len(batch)


def _sqlite_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


@contextmanager
def _replacing(target: Path, directory: bool = False) -> Iterator[Path]:
    """A staging path beside `target`, moved over it only when the block ends without error."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    written = staging if directory else staging / target.name
    try:
        yield written
        if directory:  # each file moved into the folder; nothing else in it is touched
            target.mkdir(exist_ok=True)
            for file in written.iterdir():
                os.replace(file, target / file.name)
        else:
            os.replace(written, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
