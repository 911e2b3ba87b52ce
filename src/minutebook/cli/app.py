"""The Typer application and what every command shares: output formats and one-line errors."""

from __future__ import annotations

import enum
import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from minutebook.errors import MinutebookError

app = typer.Typer(
    name="minutebook",
    help="The public record of local government: read, keep and search council minutes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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
