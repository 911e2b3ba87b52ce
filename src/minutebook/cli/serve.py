"""`minutebook serve`: the public site and JSON API on uvicorn."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from minutebook.cli.app import app, one_line_errors

SERVER_SQLITE_CACHE_MB = 8


@app.command()
@one_line_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    database: Annotated[
        str | None,
        typer.Option(help="Database URL (default: MINUTEBOOK_DATABASE_URL or sqlite:///minutebook.db)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: one per CPU core).")
    ] = None,
    cache: Annotated[
        bool, typer.Option(help="Keep answers until the data changes (SQLite files only).")
    ] = True,
    read_only_url: Annotated[
        str | None,
        typer.Option(
            help="Database URL of a read-only role for the public pages "
            "(default: MINUTEBOOK_READONLY_DATABASE_URL, else the database URL)."
        ),
    ] = None,
) -> None:
    """Serve the site and its JSON API (read-only)."""
    import uvicorn

    from minutebook.search import pgvector
    from minutebook.store.engine import CACHE_VARIABLE as SQLITE_CACHE_VARIABLE
    from minutebook.web.app import create_app
    from minutebook.web.workers import CACHE_VARIABLE, Supervisor, listeners

    # A small SQLite page cache per pooled connection, so a worker's memory levels off (see
    # `store.engine`); set before any engine is made, and inherited by the workers.
    os.environ.setdefault(SQLITE_CACHE_VARIABLE, str(SERVER_SQLITE_CACHE_MB))
    # Built here even when workers build their own: a database that cannot be served is refused
    # in one line by this process, not in a traceback from each worker.
    site = create_app(database, cache=cache, read_only=read_only_url)
    notice = pgvector.notice(site.state.reader)  # PostgreSQL without pgvector: said once, not an error
    if notice:
        typer.echo(f"notice: {notice}", err=True)
    workers = workers or os.cpu_count() or 1
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "access_log": False,
        "server_header": False,
    }
    if workers == 1:
        uvicorn.run(site, **options)
        return
    # Rendering pages is Python work, so one process uses one core; each worker builds its own app.
    site.state.engine.dispose()
    site.state.reader.dispose()
    if database:
        os.environ["MINUTEBOOK_DATABASE_URL"] = database
    if read_only_url:
        os.environ["MINUTEBOOK_READONLY_DATABASE_URL"] = read_only_url
    os.environ[CACHE_VARIABLE] = "1" if cache else "0"
    # Each worker gets a socket of its own on the port, so the kernel spreads connections over
    # them (see `web.workers`); uvicorn's one shared socket left one worker with every client.
    code = Supervisor(listeners(host, port, workers)).run()
    if code:
        raise typer.Exit(code)
