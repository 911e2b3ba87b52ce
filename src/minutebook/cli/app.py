"""The Typer application and what every command shares: output formats and one-line errors."""

from __future__ import annotations

import enum
import functools
import importlib
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
import typer.main
from rich.console import Console
from typer import _click as click
from typer.core import TyperCommand, TyperGroup

from minutebook.errors import MinutebookError

# Every command, the module that registers it, and the line `minutebook --help` shows for it.
# A module is imported only when one of its commands runs (or shows its own help): importing them
# all (the readers, the parser, the store, the search index, the web app) took `--help` 0.9 s on an
# idle machine. A new command adds a line here; tests/cli/test_app.py checks the lines against
# the commands themselves.
COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("parse", "Read meeting documents and print what minutebook finds in them."),
    "ingest": ("ingest", "Store the meetings in files and folders; unchanged files change nothing."),
    "audit": ("accounts", "Who changed what, when: the audit log, newest first."),
    "refresh": (
        "registers",
        "Work out people, references and action follow-ups across all stored meetings.",
    ),
    "decisions": ("registers", "Every decision with its maker, newest first."),
    "appointments": (
        "registers",
        "Who was appointed to what, with substitutes, by municipal year and body.",
    ),
    "references": (
        "registers",
        "References to other minutes, with the meeting and item each names, or why not found.",
    ),
    "person": ("registers", "One person: the forms of their name, posts with dates, and meetings."),
    "timeline": ("registers", "How often a topic comes up, per month or quarter and body."),
    "plans": ("plans", "Plans reported on in the minutes, each with its latest figure of progress."),
    "plan": (
        "plans",
        "One plan's reported figures of progress, oldest first, each with where it was reported.",
    ),
    "makers": (
        "plans",
        "Decision makers with their counts, or their decisions (--decisions, --unresolved).",
    ),
    "search": ("search", "Find paragraphs, item titles, decisions and actions; best matches first."),
    "serve": ("serve", "Serve the site and its JSON API (read-only)."),
    "demo": ("demo", "Load documents into the database, show a search, and serve the site."),
    "embed": (
        "embed",
        "Embed the stored paragraphs, item titles, decisions and actions for semantic search.",
    ),
    "export": (
        "export",
        "Write the stored meetings (all, or a body's, or a date range's) as open-data files.",
    ),
    "sample": (
        "sample",
        "Write a sample council: ModernGov-style meeting pages that `minutebook ingest` can load.",
    ),
    "users": ("accounts", "Clerks and admins who may change the record."),
    "tokens": ("accounts", "API tokens for the JSON write endpoints."),
    "actions": ("registers", "Actions and their follow-up; close one with `actions close`."),
    "people": ("registers", "People across meetings; the clerk's merge, split and rename."),
    "alerts": ("alerts", "E-mail alerts: digests of what is new for each confirmed subscriber."),
    "db": ("db", "Look after the database."),
    "harvest": ("harvest", "Fetch what councils publish into a folder, politely and resumably."),
    "councils": (
        "councils",
        "Councils and the names each was read under; declare one with `councils alias`.",
    ),
}


class LazyGroup(TyperGroup):
    """The `minutebook` group: lists every command in COMMANDS, and imports a command's module
    when it is asked for (the module registers its commands on `app` as it is imported)."""

    listing = False  # while the group's own help is written: a command's line is all it needs

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(dict.fromkeys([*super().list_commands(ctx), *COMMANDS]))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, line = COMMANDS[cmd_name]
        if self.listing:
            return TyperCommand(cmd_name, help=line, short_help=line)
        importlib.import_module(f"minutebook.cli.{module}")
        found = _registered(cmd_name)
        if found is not None:
            self.add_command(found, cmd_name)
        return found

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


def _registered(name: str) -> click.Command | None:
    """The click command (or group) that a module registered on `app` under `name`."""
    options: dict[str, Any] = {
        "pretty_exceptions_short": app.pretty_exceptions_short,
        "rich_markup_mode": app.rich_markup_mode,
    }
    for command in app.registered_commands:
        if (command.name or typer.main.get_command_name(command.callback.__name__)) == name:  # type: ignore[union-attr]
            return typer.main.get_command_from_info(command, **options)
    for group in app.registered_groups:
        if (group.name or group.typer_instance.info.name) == name:  # type: ignore[union-attr]
            return typer.main.get_group_from_info(group, suggest_commands=app.suggest_commands, **options)
    return None


app = typer.Typer(
    name="minutebook",
    help="The public record of local government: read, keep and search council minutes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=LazyGroup,
)

# Document text reaches the terminal ("[/]", "[bold]" in a minute): it is never rich markup.
console = Console(markup=False)
err_console = Console(stderr=True, markup=False)


class Format(enum.StrEnum):
    text = "text"
    json = "json"


class TableFormat(enum.StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


F = TypeVar("F", bound=Callable[..., Any])


def one_line_errors(func: F) -> F:
    """Report a MinutebookError as `minutebook: <message>` and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MinutebookError as error:
            print(f"minutebook: {error}", file=sys.stderr)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def main() -> None:
    """The public record of local government: read, keep and search council minutes."""
    # A callback keeps `minutebook` a command group even while only one command is registered.
