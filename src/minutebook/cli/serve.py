"""`minutebook serve`: the public site and JSON API on uvicorn."""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING, Annotated, Any

import typer

from minutebook.cli.app import app, one_line_errors

if TYPE_CHECKING:
    from fastapi import FastAPI

# How the parent tells its worker processes whether to cache (the URL goes in MINUTEBOOK_DATABASE_URL).
_CACHE_VARIABLE = "MINUTEBOOK_SERVE_CACHE"
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

    from minutebook.store.engine import CACHE_VARIABLE
    from minutebook.web.app import create_app

    # A small SQLite page cache per pooled connection, so a worker's memory levels off (see
    # `store.engine`); set before any engine is made, and inherited by the workers.
    os.environ.setdefault(CACHE_VARIABLE, str(SERVER_SQLITE_CACHE_MB))
    # Built here even when workers build their own: a database that cannot be served is refused
    # in one line by this process, not in a traceback from each worker.
    site = create_app(database, cache=cache, read_only=read_only_url)
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
    os.environ[_CACHE_VARIABLE] = "1" if cache else "0"
    listener = _listen(host, port)
    uvicorn.run(
        "minutebook.cli.serve:worker_app", factory=True, workers=workers, fd=listener.fileno(), **options
    )


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket for several workers, with Nagle's algorithm off. Uvicorn's own socket
    for workers leaves it on (asyncio only turns it off on sockets it made), and then every
    answer sent in two writes waits ~40 ms for the client's delayed ACK. Accepted connections
    inherit the option from the listening socket."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind((host, port))
    listener.set_inheritable(True)
    return listener


def worker_app() -> FastAPI:
    """The app of one worker process, as its parent `serve` was asked for."""
    from minutebook.web.app import create_app

    return create_app(None, cache=os.environ.get(_CACHE_VARIABLE, "1") == "1")
