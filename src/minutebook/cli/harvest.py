"""`minutebook harvest moderngov BASE_URL`: fetch a ModernGov site's meetings into a folder."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from minutebook.cli.app import app, console, err_console, one_line_errors
from minutebook.cli.ingest import DatabaseOption, linking, print_summary
from minutebook.errors import MinutebookError
from minutebook.harvest.moderngov import USER_AGENT, Fetcher, harvest
from minutebook.ingest import ingest
from minutebook.store import migrate, open_engine

harvest_app = typer.Typer(
    help="Fetch what councils publish into a folder, politely and resumably.", no_args_is_help=True
)
app.add_typer(harvest_app, name="harvest")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


@harvest_app.command("moderngov")
@one_line_errors
def moderngov(
    base_url: Annotated[str, typer.Argument(help="The site, e.g. https://democracy.example.gov.uk")],
    committee: Annotated[
        list[str] | None, typer.Option("--committee", "-c", help="Committee id (repeatable); default: all.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="First meeting date (YYYY-MM-DD); default: a year ago.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Last meeting date (YYYY-MM-DD); default: 60 days ahead.")
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the answers and the harvest state.")
    ] = Path("harvest"),
    documents: Annotated[
        bool, typer.Option(help="Also fetch linked documents titled as minutes (PDF).")
    ] = False,
    delay: Annotated[
        float, typer.Option(min=0, help="Seconds between requests (be kind to the council).")
    ] = 1.0,
    retries: Annotated[
        int, typer.Option(min=0, help="Retries of a failed request, with growing pauses.")
    ] = 3,
    store: Annotated[
        bool, typer.Option("--ingest", help="Store the meetings fetched in the database.")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Walk GetCommittees -> GetMeetings -> GetMeeting; a second run fetches only what may have changed."""
    if not base_url.startswith(("http://", "https://")):
        raise MinutebookError(f"{base_url}: not an http(s) URL")
    first = _date(since) if since else date.today() - timedelta(days=365)
    last = _date(until) if until else date.today() + timedelta(days=60)
    with (
        httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=30.0, follow_redirects=True) as client,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err_console,
        ) as bar,
    ):
        task = bar.add_task("listing committees and meetings", total=None)
        report = harvest(
            base_url,
            out,
            Fetcher(client, delay=delay, retries=retries),
            committee_ids=committee,
            since=first,
            until=last,
            documents=documents,
            progress=lambda description, total: bar.update(task, description=description, total=total),
            advance=lambda: bar.advance(task),
        )
    for failure in report.failures:
        err_console.print(f"minutebook: {failure}", soft_wrap=True, highlight=False)
    console.print(
        f"{len(report.meetings_fetched)} meetings fetched, {report.meetings_skipped} unchanged, "
        f"{len(report.documents_fetched)} documents, {len(report.failures)} failures -> {out}",
        soft_wrap=True,
    )
    fetched = report.meetings_fetched + report.documents_fetched
    if store and fetched:
        engine = open_engine(database)
        migrate(engine)
        stored = ingest(engine, fetched, link=True, linking=linking)
        print_summary(stored)
        if not stored.ok:
            raise typer.Exit(1)
    if report.failures:
        raise typer.Exit(1)
