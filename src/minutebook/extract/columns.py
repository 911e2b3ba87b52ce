"""Tables read column by column, for the attendance extractor.

A block joins a table's row into one line: "Dave Horkan (DHO)  Clerk  Apologies:  Peter Agate (PAG)"
becomes "Dave Horkan (DHO) Clerk Apologies: Peter Agate (PAG)", and the name in the right-hand column
seems to be one more person present. Where a cell after a row's first holds an attendance heading,
that heading heads its column for the rows below, up to the next label in the column ("Chair:") or
the end of the table. Such a table is read as its rows without those columns, then each column on
its own, its label first. Cells stand a gap apart (a tab, three spaces or more) or between the pipes
of a Markdown table; a gap-separated cell belongs to the column whose start in the label's row is
nearest its own, since such tables are aligned only roughly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from minutebook.extract.attendance import HEADING, attendance
from minutebook.parse.blocks import clean
from minutebook.parse.tables import PIPE_ROW, Cells, cells
from minutebook.record import AttendanceStatus, Attendee

_MAY_LABEL = re.compile(r"(?:\t|   |\|)[^:]{0,40}:")  # a colon soon after a gap or a pipe: a cheap first look
# "Apologies:", "Date held:", "Chair:": a few words and a colon start a cell.
_LABEL = re.compile(r"^[A-Z][\w'’/&() -]{0,30}:(?:\s|$)")


@dataclass
class _Row:
    cells: Cells
    line: int
    pipes: bool  # a row of a Markdown table
    text: str  # the whole row, cleaned as a block is


@dataclass
class Table:
    """A table's rows by line, (whole row, row without its labelled columns), and the columns."""

    rows: dict[int, tuple[str, str]] = field(default_factory=dict)  # line: (whole row, row left of columns)
    columns: list[list[tuple[str, int]]] = field(default_factory=list)  # each column's cells, label first
    last: int = 0


def tabled_attendance(
    blocks: list[tuple[str, int]],
    tables: list[Table],
    status: AttendanceStatus | None = None,
    lines: Mapping[int, str] | None = None,
) -> list[Attendee]:
    """Attendance in the blocks, each labelled column of the `tables` among them a list of its own:
    the rows left of it go on with the list above the table. `lines`, the document's lines by
    number, give the blocks their line breaks (see `attendance`)."""
    rows, columns = read_columns(blocks, tables)
    found = attendance(rows, status, lines)
    for column in columns:
        found += [a for a in attendance(column) if a.name not in {b.name for b in found}]
    return found


def read_columns(
    blocks: list[tuple[str, int]], tables: list[Table]
) -> tuple[list[tuple[str, int]], list[list[tuple[str, int]]]]:
    """`blocks` with the `tables` among them read as their rows without the labelled columns, and
    those columns, each to be read on its own (see the module's text). A block is a table's row
    where it starts on the row's line with the row's words."""
    read: list[tuple[str, int]] = []
    columns: list[list[tuple[str, int]]] = []
    for text, line in blocks:
        table = next((t for t in tables if line in t.rows and text.startswith(t.rows[line][0])), None)
        number = line
        while table and number in table.rows and text.startswith(table.rows[number][0]):
            whole, left = table.rows[number]
            read += [(left, number)] if left else []
            text = text[len(whole) :].lstrip()
            if number == table.last:
                columns += table.columns
            number += 1
        if text:
            read.append((text, line))
    # A table among the blocks whose rows no block starts with (the item's number and title, in its
    # first cells, were taken off its first block): its columns are read all the same.
    if blocks:
        first, last = min(line for _, line in blocks), max(line for _, line in blocks)
        for table in tables:
            if (
                table.columns
                and table.columns[0] not in columns
                and first <= min(table.rows, default=0) <= last
            ):
                columns += table.columns
    return read, columns


def labelled_tables(lines: list[tuple[str, int]]) -> list[Table]:
    """The tables in a document's lines as read, (text, line number), where a cell after a row's
    first holds an attendance heading."""
    # Few lines hold a colon after a gap or a pipe: only where one heads a column are lines cut into cells.
    if not any(_MAY_LABEL.search(text) and _label(cells(text)) is not None for text, _ in lines):
        return []
    rows = [_Row(cells(text), number, bool(PIPE_ROW.match(text)), clean(text)) for text, number in lines]
    tables: list[Table] = []
    index = 0
    while index < len(rows):
        label = _label(rows[index].cells)
        if label is None:
            index += 1
            continue
        first, end = _edge(rows, index, -1, label), _edge(rows, index, 1, label)
        tables.append(_read(rows[first : end + 1]))
        index = end + 1
    return tables


def _label(row: Cells) -> int | None:
    """Where an attendance heading with a colon starts in a cell after the row's first. A bullet
    set a gap before its text ("o    Commissioners Present: ...") is no cell: the row is a list's."""
    if row and _BULLET_CELL.fullmatch(row[0][1]):
        row = row[1:]
    return next((start for start, cell in row[1:] if HEADING.match(cell) and _LABEL.match(cell)), None)


_BULLET_CELL = re.compile(r"[·•▪●◦\uf0a7\uf0b7\uf0d8*>o-]")


def _edge(rows: list[_Row], index: int, step: int, label: int) -> int:
    """The index of the table's first (step -1) or last (step 1) row: rows run on with at most one
    blank line between them, each of the same kind as the labelled row, with two cells or more or
    with one that ends before the labelled column starts (the row's other cells empty)."""
    edge, pipes = index, rows[index].pipes
    while 0 <= (index := index + step) < len(rows):
        row = rows[index]
        if not row.cells:
            if not 0 <= index + step < len(rows) or not rows[index + step].cells:
                break
            continue
        ends_left = len(row.cells) == 1 and row.cells[0][0] + len(row.cells[0][1]) < label
        if row.pipes != pipes or not (pipes or len(row.cells) > 1 or ends_left):
            break
        edge = index
    return edge


def _read(rows: list[_Row]) -> Table:
    """A table's rows without their labelled columns, and the columns: a label in a later cell heads
    the rest of its row, and the cells under it, up to the next label there."""
    table = Table(last=rows[-1].line)
    starts: list[int] = []  # where the cells of the last labelled row start
    column = 0  # the index in `starts` where the labelled column begins; 0 before any label
    for row in rows:
        if not row.cells:
            continue
        labelled = [i for i, (_, cell) in enumerate(row.cells) if i and _LABEL.match(cell)]
        if labelled:
            starts, column = [start for start, _ in row.cells], labelled[0]
            places = list(range(len(row.cells)))
        else:
            places = [
                min(range(len(starts)), key=lambda i: abs(starts[i] - s)) if starts else 0
                for s, _ in row.cells
            ]
        left = [cell for (_, cell), at in zip(row.cells, places, strict=True) if not column or at < column]
        right = [cell for (_, cell), at in zip(row.cells, places, strict=True) if column and at >= column]
        if labelled:  # "Apologies: Peter Agate" heads the column alone, so that its value is read under it
            heading, _, value = right.pop(0).partition(":")
            right = [f"{heading}:", *filter(None, [value.strip()]), *right]
            table.columns.append([])
        if right:
            table.columns[-1] += [(cell, row.line) for cell in right]
        table.rows[row.line] = (row.text, " ".join(left))
    return table
