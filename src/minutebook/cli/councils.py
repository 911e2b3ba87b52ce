"""`minutebook councils`: the councils known by name, each with every name it was read or declared
under; `minutebook councils alias NAME COUNCIL` declares that NAME is COUNCIL (and `--remove`
undoes it), re-keying the stored meetings (`minutebook.store.aliases`).

The shell is trusted, like `minutebook users`: the audit log names these "cli".
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from minutebook.cli.app import Format, app, console, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.errors import MinutebookError

if TYPE_CHECKING:
    from sqlalchemy import Engine

councils_app = typer.Typer(
    help="Councils and the names each was read under; declare one with `councils alias`.",
    no_args_is_help=False,
)
app.add_typer(councils_app, name="councils")

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="text or json.")]


def _engine(database: str | None) -> Engine:
    from minutebook.store import migrate, open_engine

    engine = open_engine(database)
    migrate(engine)
    return engine


@councils_app.callback(invoke_without_command=True)
@one_line_errors
def councils_command(
    context: typer.Context, database: DatabaseOption = None, format: FormatOption = Format.text
) -> None:
    """Every council known by name, with its meetings' count and every name it goes by."""
    if context.invoked_subcommand is not None:
        return
    from minutebook.store.aliases import councils

    engine = _engine(database)
    with engine.connect() as connection:
        found = councils(connection)
    if format is Format.json:
        print(json.dumps([asdict(c) for c in found], ensure_ascii=False, indent=2))
        return
    for council in found:
        console.print(f"{council.key}  ({council.meetings} meetings)")
        for alias in council.names:
            console.print(f"    {alias.name}  [{alias.how}]")


@councils_app.command("alias")
@one_line_errors
def alias_command(
    name: Annotated[str, typer.Argument(help="The other name, as documents write it.")],
    council: Annotated[
        str | None, typer.Argument(help="The council it is: a name or key (not with --remove).")
    ] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Undo the declaration of NAME.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Declare that NAME is the council COUNCIL: its meetings move to that council's bodies (old
    addresses redirect), and future ingests of either name land there."""
    from minutebook.clerk.councils import declare, undeclare

    if remove == (council is not None):
        raise MinutebookError("give NAME and COUNCIL to declare, or NAME and --remove to undo")
    engine = _engine(database)
    try:
        moved = undeclare(engine, name) if council is None else declare(engine, name, council)
    except ValueError as error:
        raise MinutebookError(str(error)) from None
    what = "no longer an alias" if council is None else f"an alias of {council}"
    console.print(
        f"'{name}' is {what}: {moved.meetings} meetings moved, {moved.joined} joined a meeting stored"
        f" under the other name, {moved.bodies} bodies redirected"
    )
