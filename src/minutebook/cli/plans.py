"""Plans and their progress, and decisions made by a person, from the command line: `plans`
lists each plan with its latest reported figure, `plan NAME` the series of figures with where
each was reported (see `minutebook.registers.plans`); `makers` the people (or bodies) that made
decisions, with counts, and with --decisions or --unresolved their decisions, minded-to ones with
their final decision (`minutebook.registers.makers`).
Text, JSON or CSV like the other registers."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from minutebook.cli.app import TableFormat, app, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.cli.registers import BodyOption, FormatOption, SinceOption, UntilOption, emit, engine_for
from minutebook.errors import MinutebookError
from minutebook.registers.makers import answered_by, link_minded, made_decisions, makers
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
            "actions": s.actions,
            "actions_open": s.actions_open,
            **{f"latest_{k}": v for k, v in asdict(s.latest).items() if k not in ("plan", "plan_slug")},
        }
        for s in found
    ]
    columns = [("plan", "plan"), ("reports", "reports"), ("latest", "latest_value"), ("kind", "latest_kind")]
    cited = [("date", "latest_date"), ("body", "latest_body")]
    emit(rows, [*columns, *cited, ("actions", "actions"), ("open", "actions_open")], format)


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


@app.command("makers")
@one_line_errors
def makers_command(
    maker: Annotated[str | None, typer.Option(help="Words of the maker's post or name.")] = None,
    kind: Annotated[str | None, typer.Option(help="minded-to, resolved, ... (as `decisions`).")] = None,
    decisions: Annotated[
        bool, typer.Option("--decisions", help="List the decisions, each minded-to one with its final one.")
    ] = False,
    unresolved: Annotated[
        bool, typer.Option("--unresolved", help="Only minded-to decisions with no final decision yet.")
    ] = False,
    body: BodyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: FormatOption = TableFormat.text,
    database: DatabaseOption = None,
) -> None:
    """Decision makers with their counts, or their decisions (--decisions, --unresolved).

    Decisions are listed newest first, each minded-to decision with the final one that answers
    it and each final one with the minded-to one it answers."""
    with engine_for(database).connect() as connection:
        made = made_decisions(connection, maker=maker, body=body, since=since, until=until)
    links = link_minded(made)
    if not (decisions or unresolved or kind):
        columns = [("maker", "maker"), ("post", "posts"), ("decisions", "decisions")]
        columns += [("minded-to", "minded_to"), ("final", "final"), ("unresolved", "unresolved")]
        emit(makers(made, links), [*columns, ("first", "first_date"), ("last", "last_date")], format)
        return
    finals = {link.minded.key: link for link in links}
    answers = answered_by(links)
    rows = []
    for decision in made:
        link = finals.get(decision.key)
        other_kind = kind is not None and decision.kind != kind
        if other_kind or (unresolved and (link is None or link.final is not None)):
            continue
        final = link.final if link else None
        answering = answers.get(decision.key)  # the link this final decision closes, if any
        minded = answering.minded if answering else None
        linked = link if final else answering
        rows.append(
            {
                **asdict(decision),
                "final_date": final.date if final else None,
                "final_meeting_id": final.meeting_id if final else None,
                "final_text": final.text if final else None,
                "days_to_final": linked.days if linked else None,
                "linked_by": linked.how if linked else None,
                "minded_date": minded.date if minded else None,
                "minded_meeting_id": minded.meeting_id if minded else None,
                "minded_text": minded.text if minded else None,
            }
        )
    columns = [("date", "date"), ("maker", "maker"), ("kind", "kind"), ("decision", "text")]
    columns += [("final", "final_date"), ("minded-to", "minded_date"), ("days", "days_to_final")]
    emit(rows, columns, format)
