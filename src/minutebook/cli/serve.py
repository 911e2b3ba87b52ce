"""`minutebook serve`: the public site and JSON API on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from minutebook.cli.app import app, one_line_errors


@app.command()
@one_line_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    database: Annotated[
        str | None,
        typer.Option(help="Database URL (default: MINUTEBOOK_DATABASE_URL or sqlite:///minutebook.db)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the site and its JSON API (read-only)."""
    import uvicorn

    from minutebook.web.app import create_app

    if workers == 1:
        uvicorn.run(create_app(database), host=host, port=port, log_level="warning", server_header=False)
        return
    # Several workers each build their own app (and engine) through the factory.
    import os

    if database:
        os.environ["MINUTEBOOK_DATABASE_URL"] = database
    uvicorn.run(
        "minutebook.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        server_header=False,
    )
