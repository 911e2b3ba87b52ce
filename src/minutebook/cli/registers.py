"""The registers from the command line: decisions, actions (and closing them), appointments,
references, people (and the clerk's merge/split/rename), topics over time; and `refresh`,
which works out the cross-meeting links after an ingest.

Every listing prints a rich table (text), the page as JSON, or CSV (one row a line, lists and
votes as JSON in their cell).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy import Engine

from minutebook.cli.app import Format, TableFormat, app, console, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.errors import MinutebookError
from minutebook.export import spreadsheet_safe
from minutebook.registers import refresh
from minutebook.registers.actions import actions, close_action
from minutebook.registers.appointments import appointments, current_membership
from minutebook.registers.common import Page
from minutebook.registers.decisions import decisions
from minutebook.registers.people import (
    merge_people,
    people,
    person,
    rename_person,
    resolution_report,
    split_person,
)
from minutebook.registers.references import reference_register
from minutebook.registers.timeline import timeline, timeline_svg
from minutebook.store import database_url, open_engine

FormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help="text, json or csv.")]
LimitOption = Annotated[int, typer.Option(help="How many rows to show.")]
OffsetOption = Annotated[int, typer.Option(help="Rows to skip (for the next page).")]
BodyOption = Annotated[str | None, typer.Option(help="Only this body (name or slug).")]
SinceOption = Annotated[str | None, typer.Option(help="Only meetings on or after this date (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Only meetings on or before this date (YYYY-MM-DD).")]
Columns = Sequence[tuple[str, str]]  # (heading, field)


def engine_for(database: str | None) -> Engine:
    url = database_url(database)
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if path not in ("", ":memory:") and not Path(path).exists():
            raise MinutebookError(f"no database at {url}: run `minutebook ingest` first")
    return open_engine(url)


def emit(rows: Sequence[Any], columns: Columns, format: TableFormat, page: Page | None = None) -> None:
    """Print rows (dataclasses or dicts) as a table, JSON or CSV."""
    dicts = [asdict(row) if is_dataclass(row) and not isinstance(row, type) else dict(row) for row in rows]
    if format is TableFormat.json:
        answer: Any = {**page.to_dict(), "rows": dicts} if page is not None else dicts
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    elif format is TableFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(dicts[0]) if dicts else [f for _, f in columns])
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in dicts)
    else:
        table = Table(show_lines=False, highlight=False)
        for heading, _ in columns:  # folded, never cut short: a clerk copies ids into other commands
            table.add_column(heading, overflow="fold")
        for row in dicts:
            table.add_row(*(_text(row.get(field)) for _, field in columns))
        console.print(table)
        if page is not None and page.more:
            console.print(f"more: --offset {page.offset + page.limit}", style="dim", highlight=False)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


@app.command("refresh")
@one_line_errors
def refresh_command(database: DatabaseOption = None) -> None:
    """Work out people, references and action follow-ups across all stored meetings."""
    report = refresh(engine_for(database))
    console.print(f"references: {report.references}\nactions: {report.actions}", highlight=False)


@app.command("decisions")
@one_line_errors
def decisions_command(
    body: BodyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: Annotated[
        str | None, typer.Option(help="resolved, agreed, recommended, noted, minded-to, other.")
    ] = None,
    person: Annotated[str | None, typer.Option(help="A mover, seconder or name in the text.")] = None,
    text: Annotated[str | None, typer.Option(help="Words in the decision.")] = None,
    maker: Annotated[
        str | None, typer.Option(help="Words of the post or name of the person who made it.")
    ] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    format: FormatOption = TableFormat.text,
    database: DatabaseOption = None,
) -> None:
    """Every decision with its maker, newest first."""
    with engine_for(database).connect() as connection:
        page = decisions(
            connection,
            body=body,
            since=since,
            until=until,
            kind=kind,
            person=person,
            text=text,
            maker=maker,
            offset=offset,
            limit=limit,
        )
    columns = [
        ("date", "date"),
        ("body", "body"),
        ("item", "item_number"),
        ("kind", "kind"),
        ("maker", "maker"),
        ("text", "text"),
    ]
    emit(page.rows, [*columns, ("moved", "movers"), ("seconded", "seconders")], format, page)


actions_app = typer.Typer(
    help="Actions and their follow-up; close one with `actions close`.", no_args_is_help=False
)
app.add_typer(actions_app, name="actions")


@actions_app.callback(invoke_without_command=True)
@one_line_errors
def actions_command(
    context: typer.Context,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only actions nobody has followed up or closed.")
    ] = False,
    status: Annotated[str | None, typer.Option(help="open, followed-up or closed.")] = None,
    body: BodyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    owner: Annotated[str | None, typer.Option(help="Words in the owner's name or post.")] = None,
    text: Annotated[str | None, typer.Option(help="Words in the action.")] = None,
    sort: Annotated[str, typer.Option(help="-date (newest first), date (oldest first) or body.")] = "-date",
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    format: FormatOption = TableFormat.text,
    database: DatabaseOption = None,
) -> None:
    """Every action with its owner, where it was minuted, its status and days open."""
    if context.invoked_subcommand is not None:
        return
    with engine_for(database).connect() as connection:
        page = actions(
            connection,
            status="open" if open_only else status,
            body=body,
            since=since,
            until=until,
            owner=owner,
            text=text,
            sort=sort,
            offset=offset,
            limit=limit,
        )
    columns = [("id", "id"), ("date", "date"), ("body", "body"), ("owner", "owner"), ("action", "text")]
    emit(page.rows, [*columns, ("status", "status"), ("days", "days_open")], format, page)


@actions_app.command("close")
@one_line_errors
def close_command(
    action: Annotated[str, typer.Argument(help="The action's id, as `minutebook actions` lists it.")],
    note: Annotated[str, typer.Option("--note", help="Why it is closed.")],
    database: DatabaseOption = None,
) -> None:
    """Close an action, with a note; the closure survives re-ingesting its meeting."""
    with engine_for(database).begin() as connection:
        closed = close_action(connection, action, note)
    console.print(f"closed {closed.id} ({closed.days_open} days open): {closed.close_note}", highlight=False)


@app.command("appointments")
@one_line_errors
def appointments_command(
    year: Annotated[str | None, typer.Option(help="A municipal year, e.g. 2013-2014.")] = None,
    body: BodyOption = None,
    person: Annotated[str | None, typer.Option(help="Words in the appointee's name.")] = None,
    post: Annotated[str | None, typer.Option(help="Words in the post or panel.")] = None,
    current: Annotated[bool, typer.Option("--current", help="Current membership of each panel.")] = False,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    format: FormatOption = TableFormat.text,
    database: DatabaseOption = None,
) -> None:
    """Who was appointed to what, with substitutes, by municipal year and body."""
    columns = [("year", "year"), ("body", "body"), ("post", "post"), ("person", "person")]
    with engine_for(database).connect() as connection:
        if current:
            rows = [
                {**asdict(member), "year": m.year}
                for m in current_membership(connection, body=body)
                for member in m.members
            ]
            emit(rows, [*columns, ("substitute", "substitute")], format)
            return
        page = appointments(
            connection, year=year, body=body, person=person, post=post, offset=offset, limit=limit
        )
    emit(page.rows, [*columns, ("substitute", "substitute"), ("date", "date")], format, page)


@app.command("references")
@one_line_errors
def references_command(
    status: Annotated[str | None, typer.Option(help="resolved, unresolved or ambiguous.")] = None,
    body: BodyOption = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    format: FormatOption = TableFormat.text,
    database: DatabaseOption = None,
) -> None:
    """References to other minutes, with the meeting and item each names, or why not found."""
    with engine_for(database).connect() as connection:
        page = reference_register(connection, status=status, body=body, offset=offset, limit=limit)
    columns = [("date", "date"), ("body", "body"), ("reference", "text"), ("status", "status")]
    emit(page.rows, [*columns, ("names", "target_meeting_id"), ("why", "reason")], format, page)


people_app = typer.Typer(
    help="People across meetings; the clerk's merge, split and rename.", no_args_is_help=False
)
app.add_typer(people_app, name="people")
NoteOption = Annotated[str | None, typer.Option("--note", help="Why (kept with the override).")]


@people_app.callback(invoke_without_command=True)
@one_line_errors
def people_command(
    context: typer.Context,
    q: Annotated[str | None, typer.Option("--name", help="Words of the name.")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    format: FormatOption = TableFormat.text,
    database: DatabaseOption = None,
) -> None:
    """Everyone named in the minutes, each name form resolved to one person."""
    if context.invoked_subcommand is not None:
        return
    with engine_for(database).connect() as connection:
        page = people(connection, q=q, offset=offset, limit=limit)
    columns = [("key", "key"), ("name", "name"), ("meetings", "meetings"), ("first", "first_date")]
    emit(page.rows, [*columns, ("latest", "last_date"), ("forms", "forms")], format, page)


@people_app.command("report")
@one_line_errors
def people_report_command(format: FormatOption = TableFormat.text, database: DatabaseOption = None) -> None:
    """How many name forms were merged into people, and which were left ambiguous."""
    with engine_for(database).connect() as connection:
        report = resolution_report(connection)
    if format is not TableFormat.text:
        rows = [
            {"form": form, "candidates": candidates} for form, candidates in report.ambiguous_forms.items()
        ]
        emit(rows, [("form", "form"), ("candidates", "candidates")], format)
        return
    console.print(
        f"{report.forms} name forms, {report.people} people: {report.merged} forms merged,"
        f" {report.ambiguous} mentions ambiguous",
        highlight=False,
    )
    for form, candidates in report.ambiguous_forms.items():
        console.print(f"  {form}: could be {', '.join(candidates)}", highlight=False)


@people_app.command("merge")
@one_line_errors
def merge_command(
    name: Annotated[str, typer.Argument(help="A name form, e.g. 'Cllr Read'.")],
    same_as: Annotated[str, typer.Argument(help="The form of the person it is, e.g. 'C. Read'.")],
    note: NoteOption = None,
    database: DatabaseOption = None,
) -> None:
    """Say two name forms are one person (kept across re-ingest)."""
    with engine_for(database).begin() as connection:
        counts = merge_people(connection, name, same_as, note)
    console.print(f"merged {name} into {same_as}: {counts}", highlight=False)


@people_app.command("split")
@one_line_errors
def split_command(
    name: Annotated[str, typer.Argument(help="A name form that is a person of its own.")],
    note: NoteOption = None,
    database: DatabaseOption = None,
) -> None:
    """Say a name form is a person of its own, joined to nobody (kept across re-ingest)."""
    with engine_for(database).begin() as connection:
        counts = split_person(connection, name, note)
    console.print(f"split {name}: {counts}", highlight=False)


@people_app.command("rename")
@one_line_errors
def rename_command(
    name: Annotated[str, typer.Argument(help="A form of the person's name.")],
    shown: Annotated[str, typer.Argument(help="The name to show for them.")],
    note: NoteOption = None,
    database: DatabaseOption = None,
) -> None:
    """Show a person under another name (kept across re-ingest)."""
    with engine_for(database).begin() as connection:
        counts = rename_person(connection, name, shown, note)
    console.print(f"renamed {name} to {shown}: {counts}", highlight=False)


@app.command("person")
@one_line_errors
def person_command(
    name: Annotated[str, typer.Argument(help="A form of the name, e.g. 'Councillor C. Read'.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
    database: DatabaseOption = None,
) -> None:
    """One person: the forms of their name, posts with dates, and meetings."""
    with engine_for(database).connect() as connection:
        found = person(connection, name)
    if found is None:
        raise MinutebookError(f"person {name!r}: nobody of that name is stored, or the name is ambiguous")
    if format is Format.json:
        print(json.dumps(asdict(found), ensure_ascii=False, indent=2))
        return
    console.print(f"{found.name} ({found.key})", style="bold", highlight=False)
    console.print(f"forms: {', '.join(found.forms)}", highlight=False)
    for post in found.posts:
        console.print(f"post: {post.post}, {post.first_date} to {post.last_date}", highlight=False)
    emit(
        found.meetings,
        [("date", "date"), ("body", "body"), ("meeting", "meeting_id"), ("as", "form")],
        TableFormat.text,
    )
    if found.maybe:
        console.print(
            f"and perhaps (ambiguous) in {len(found.maybe)} more meetings", style="dim", highlight=False
        )


@app.command("timeline")
@one_line_errors
def timeline_command(
    query: Annotated[str, typer.Argument(help='Search syntax: words, "a phrase", prefix*, OR, NOT.')],
    by: Annotated[str, typer.Option(help="month or quarter.")] = "month",
    body: BodyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    svg: Annotated[Path | None, typer.Option(help="Also write the chart as SVG to this file.")] = None,
    format: FormatOption = TableFormat.text,
    database: DatabaseOption = None,
) -> None:
    """How often a topic comes up, per month or quarter and body."""
    with engine_for(database).connect() as connection:
        result = timeline(connection, query, by=by, body=body, since=since, until=until)
    if svg is not None:
        svg.write_text(timeline_svg(result), encoding="utf-8")
    if format is TableFormat.json:
        print(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return
    emit(result.rows(), [(by, "period"), ("body", "body"), ("hits", "hits")], format)
    if format is TableFormat.text and result.first and result.latest:
        console.print(
            f"{result.total} hits; first {result.first.date} ({result.first.body}),"
            f" latest {result.latest.date} ({result.latest.body})",
            highlight=False,
        )
