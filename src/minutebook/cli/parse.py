"""`minutebook parse FILE...`: read and parse files, print their records as JSON or an outline."""

from __future__ import annotations

import json
import sys
from datetime import date as date_type
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text
from rich.tree import Tree

from minutebook.cli.app import Format, app, console
from minutebook.errors import MinutebookError
from minutebook.pipeline import read_meeting
from minutebook.record import MeetingRecord


def _iso_date(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return date_type.fromisoformat(text).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="The meeting's date (YYYY-MM-DD), where the document does not print it.",
        callback=_iso_date,
    ),
]
BodyOption = Annotated[str | None, typer.Option("--body", help="The committee or council that met.")]
CouncilOption = Annotated[str | None, typer.Option("--council", help="The council the body belongs to.")]


def given_header(date: str | None, body: str | None, council: str | None) -> dict[str, str]:
    """Header fields given on the command line: they stand over what the documents say."""
    return {k: v for k, v in {"date": date, "body": body, "council": council}.items() if v}


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Agenda or minutes files to read.")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="json: the record; text: an outline.")
    ] = Format.text,
    date: DateOption = None,
    body: BodyOption = None,
    council: CouncilOption = None,
) -> None:
    """Read meeting documents and print what minutebook finds in them."""
    records: list[MeetingRecord] = []
    failed = False
    given = given_header(date, body, council)
    for path in files:
        try:
            records.append(read_meeting(path, given=given))
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
    when = " ".join(filter(None, [record.date or "date unknown", record.time]))
    title = record.title or record.body or "(no body named)"
    tree = Tree(Text.assemble((title, "bold"), f" — {when} ({record.minutes_status} minutes)"))
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
