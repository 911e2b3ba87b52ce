"""Plans and their progress from the command line: `plans` lists each plan with its latest
reported figure, `plan NAME` the series of figures with where each was reported (see
`minutebook.registers.plans`); text, JSON or CSV like the other registers."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from minutebook.cli.app import TableFormat, app, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.cli.registers import BodyOption, FormatOption, SinceOption, UntilOption, emit, engine_for
from minutebook.errors import MinutebookError
from minutebook.registers.plans import plan_points, plans

_CITED = [("date", "date"), ("body", "body"), ("item", "item_number"), ("line", "line")]


@app.command("plans")
@one_line_errors
def plans_command(
    body: BodyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: FormatOption = TableFormat.text,
    database: DatabaseOption = None,
) -> None:
    """Plans reported on in the minutes, each with its latest figure of progress."""
    with engine_for(database).connect() as connection:
        found = plans(connection, body=body, since=since, until=until)
    rows = [
        {
            "plan": s.plan,
            "plan_slug": s.plan_slug,
            "reports": s.reports,
            "first_date": s.first_date,
            **{f"latest_{k}": v for k, v in asdict(s.latest).items() if k not in ("plan", "plan_slug")},
        }
        for s in found
    ]
    columns = [("plan", "plan"), ("reports", "reports"), ("latest", "latest_value"), ("kind", "latest_kind")]
    emit(rows, [*columns, ("date", "latest_date"), ("body", "latest_body")], format)


@app.command("plan")
@one_line_errors
def plan_command(
    name: Annotated[str, typer.Argument(help="Words of the plan's name, e.g. 'improvement plan'.")],
    body: BodyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: FormatOption = TableFormat.text,
    database: DatabaseOption = None,
) -> None:
    """One plan's reported figures of progress, oldest first, each with where it was reported."""
    with engine_for(database).connect() as connection:
        series = plan_points(connection, plan=name, body=body, since=since, until=until)
    if not series and format is TableFormat.text:
        raise MinutebookError(f"no figures of progress reported for a plan named {name!r}")
    columns = [("plan", "plan"), ("value", "value"), ("kind", "kind"), *_CITED, ("quote", "quote")]
    emit(series, columns, format)
