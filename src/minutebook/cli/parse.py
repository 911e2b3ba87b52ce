"""`minutebook parse FILE...`: read and parse files, print their records as JSON or an outline."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text
from rich.tree import Tree

from minutebook.cli.app import Format, app, console
from minutebook.errors import MinutebookError
from minutebook.pipeline import parse_document
from minutebook.read.detect import read_path
from minutebook.record import MeetingRecord


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Agenda or minutes files to read.")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="json: the record; text: an outline.")
    ] = Format.text,
) -> None:
    """Read meeting documents and print what minutebook finds in them."""
    records: list[MeetingRecord] = []
    failed = False
    for path in files:
        try:
            records.append(parse_document(read_path(path)))
        except MinutebookError as error:
            print(f"minutebook: {error}", file=sys.stderr)
            failed = True
    if format is Format.json:
        data = [r.to_dict() for r in records]
        if len(files) == 1 and data:
            print(json.dumps(data[0], ensure_ascii=False, indent=2))
        elif len(files) > 1:
            print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for record in records:
            console.print(outline(record))
    if failed:
        raise typer.Exit(1)


def outline(record: MeetingRecord) -> Tree:
    """A readable outline of a record: header, then each item with its facts."""
    when = " ".join(filter(None, [record.date, record.time]))
    tree = Tree(Text.assemble((record.title, "bold"), f" — {when} ({record.minutes_status} minutes)"))
    if record.council:
        tree.add(f"Council: {record.council}")
    if record.venue:
        tree.add(f"Venue: {record.venue}")
    if record.attendance:
        tree.add(f"Attendance: {len(record.attendance)} named")
    for item in record.items:
        number = f"{item.number}{'*' if item.number_inferred else ''}. " if item.number else ""
        branch = tree.add(
            Text.assemble((f"{number}{item.title}", "bold"), " (cut short)" if item.truncated else "")
        )
        for name in item.presenters:
            branch.add(f"presenter: {name}")
        for document in item.documents:
            branch.add(f"document: {document.title} ({document.format or '?'}, {document.size or '?'})")
        if item.minutes:
            branch.add(f"{len(item.minutes)} minute paragraphs")
        for decision in item.decisions:
            branch.add(f"{decision.kind}: {decision.text[:100]}")
        for action in item.actions:
            branch.add(f"action ({action.owner or 'no owner'}): {action.text[:100]}")
        for appointment in item.appointments:
            branch.add(f"appointed: {appointment.person} — {appointment.position}")
        for reference in item.references:
            branch.add(f"see: {reference.text}")
    if record.people:
        tree.add("People: " + ", ".join(person.name for person in record.people))
    for warning in record.warnings:
        tree.add(Text.assemble(("warning:", "yellow"), f" {warning}"))
    return tree
