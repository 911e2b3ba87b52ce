"""`minutebook ingest PATH...`: read, parse and store files and folders, with a progress bar and a
closing summary. Exits 1 when any file failed (the others are stored all the same), and when
nothing given was a meeting."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine

from minutebook.cli.app import app, console, err_console, one_line_errors
from minutebook.cli.parse import BodyOption, CouncilOption, DateOption, given_header
from minutebook.ingest import IngestReport, ingest
from minutebook.read.detect import DEFAULT_SIZE_LIMIT
from minutebook.store import migrate, open_engine

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database", "-d", help="Database URL (default: $MINUTEBOOK_DATABASE_URL or ./minutebook.db)."
    ),
]


@app.command("ingest")
@one_line_errors
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    database: DatabaseOption = None,
    max_size: Annotated[
        float, typer.Option("--max-size", help="Largest file to read, in MB.", min=0.001)
    ] = 50,
    workers: Annotated[
        int | None, typer.Option(help="Processes reading files (default: one per core).")
    ] = None,
    date: DateOption = None,
    body: BodyOption = None,
    council: CouncilOption = None,
) -> None:
    """Store the meetings in files and folders; unchanged files change nothing. --date, --body and
    --council stand for every file over what it says (for a file whose heading lacks them)."""
    engine = open_engine(database)
    migrate(engine)
    report = ingest_with_progress(
        engine,
        paths,
        size_limit=int(max_size * 2**20),
        workers=workers,
        given=given_header(date, body, council),
    )
    print_summary(report)
    if not report.ok:
        raise typer.Exit(1)
    if not (report.new or report.updated or report.unchanged):
        # Nothing given was a meeting (a page about a fete, a committee list): the run did nothing
        # it was asked to, which a script must be able to tell from success.
        reason = str(report.skipped[0]) if len(report.skipped) == 1 else "no meeting found in what was given"
        err_console.print(f"minutebook: {reason}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1)


def ingest_with_progress(
    engine: Engine,
    paths: list[Path],
    size_limit: int = DEFAULT_SIZE_LIMIT,
    workers: int | None = None,
    given: dict[str, str] | None = None,
) -> IngestReport:
    """`ingest` with a progress bar on stderr (gone once done), and a status line while the
    cross-meeting registers are brought up to date."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("ingesting", total=None)
        report = ingest(
            engine,
            paths,
            size_limit=size_limit,
            workers=workers,
            on_total=lambda n: progress.update(task, total=n),
            on_file=lambda _name: progress.advance(task),
            link=True,
            given=given,
            linking=linking,
            waiting=_say_once("another ingest or migration is writing to this database: waiting for it"),
        )
    return report


def _say_once(message: str) -> Callable[[], None]:
    """A hook that prints `message` on stderr the first time it is called."""
    said: list[bool] = []

    def say() -> None:
        if not said:
            err_console.print(message, highlight=False, soft_wrap=True)
            said.append(True)

    return say


def linking() -> AbstractContextManager[object]:
    """The status line shown while ingest links people, references and follow-ups across meetings."""
    return err_console.status("linking people, references and action follow-ups across meetings")


def print_summary(report: IngestReport, list_skipped: bool = True) -> None:
    """The closing summary; every failure on its own line, and what was skipped unless told not to."""
    console.print(
        f"read {report.read}, new {report.new}, updated {report.updated}, "
        f"unchanged {report.unchanged}, failed {len(report.failed)}"
        + (f", skipped {len(report.skipped)}" if report.skipped else ""),
        highlight=False,
        soft_wrap=True,
    )
    for problem in report.skipped if list_skipped else ():
        console.print(f"  skipped {problem}", highlight=False, markup=False, soft_wrap=True)
    for problem in report.failed:
        err_console.print(f"  failed {problem}", highlight=False, markup=False, soft_wrap=True)
    if report.relinked:
        console.print(
            "linked people, references and action follow-ups again: an earlier ingest or refresh "
            "stopped before it finished, and left them behind the stored meetings",
            highlight=False,
            soft_wrap=True,
        )
