"""`minutebook alerts`: send the e-mail alerts' digests (from cron) and list subscriptions."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated

import typer
from sqlalchemy import Engine

from minutebook.cli.app import Format, app, console, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.cli.registers import engine_for

alerts_app = typer.Typer(
    help="E-mail alerts: digests of what is new for each confirmed subscriber.", no_args_is_help=True
)
app.add_typer(alerts_app, name="alerts")


@alerts_app.command("send")
@one_line_errors
def send_command(
    database: DatabaseOption = None,
    site: Annotated[
        str | None,
        typer.Option("--site", help="The site's address links start with (default: $MINUTEBOOK_SITE_URL)."),
    ] = None,
) -> None:
    """Send due confirmation requests and one digest per subscriber of what is new since their
    last one, through $MINUTEBOOK_SMTP_URL. Safe to run from cron, e.g. every morning:

        0 7 * * *  minutebook alerts send --database sqlite:////srv/minutebook/minutebook.db
    """
    from minutebook.alerts import mailer_from_env, send_all

    engine = _migrated(database)
    with mailer_from_env(site) as mailer:
        report = send_all(engine, mailer)
    if not report.ran:
        print("minutebook: another `alerts send` is running; this one did nothing", file=sys.stderr)
        return
    console.print(
        f"{report.digests} digests sent ({report.subscriptions} subscriptions), "
        f"{report.confirmations} confirmation requests, {report.quiet} with nothing new, "
        f"{report.forgotten} unconfirmed forgotten, {len(report.failed)} failed",
        highlight=False,
    )
    for failure in report.failed:
        print(f"minutebook: not sent, retried next run: {failure}", file=sys.stderr)
    if report.failed:
        raise typer.Exit(1)  # cron mails the owner the output of a failing job


@alerts_app.command("list")
@one_line_errors
def list_command(
    email: Annotated[str | None, typer.Option("--email", help="Only this address's subscriptions.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    database: DatabaseOption = None,
) -> None:
    """Every subscription: address, what it follows, whether confirmed, when last sent."""
    from minutebook.alerts import subscriptions

    found = subscriptions(_migrated(database), email)
    if format == Format.json:
        print(json.dumps([asdict(s) for s in found], indent=2))
        return
    for s in found:
        state = "confirmed" if s.confirmed_at else "waiting for confirmation"
        sent = f", last sent {s.sent_at}" if s.sent_at else ""
        error = f", last error: {s.error}" if s.error else ""
        console.print(f"{s.id}\t{s.email}\t{s.label}\t({state}{sent}{error})", highlight=False)
    if not found:
        console.print("no subscriptions", highlight=False)


def _migrated(database: str | None) -> Engine:
    """The database, upgraded first: one stored before alerts existed has no subscriptions table."""
    from minutebook.store.migrate import migrate

    engine = engine_for(database)
    migrate(engine)
    return engine
