"""`minutebook demo`: the main job in one command — load documents, search them, serve the site.

It loads the real council documents in `../shared` (seeds, corpus and corpus-wide: councils
and boards in five countries) when they are there, and
otherwise a sample council made by minutebook's own generator, so a fresh clone always has
something to show. Running it again loads nothing twice (ingest is idempotent).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from minutebook.cli.app import app, console, one_line_errors
from minutebook.cli.ingest import DatabaseOption, ingest_with_progress, print_summary
from minutebook.cli.search import print_hits
from minutebook.cli.serve import serve
from minutebook.sample import generate_council
from minutebook.search import search
from minutebook.store import database_url, migrate, open_engine

SHARED_QUERY = '"child sexual exploitation"'
SAMPLE_QUERY = '"planning application"'


def demo_sources(
    shared: Path, sample_dir: Path, sample_meetings: int, sample: bool = False
) -> tuple[list[Path], str]:
    """The folders to load and a query that finds something in them: the real documents, unless
    there are none or the sample council is asked for."""
    found = [shared / name for name in ("seeds", "corpus", "corpus-wide") if (shared / name).is_dir()]
    if found and not sample:
        return found, SHARED_QUERY
    if not any(sample_dir.glob("*.txt")):
        why = "as asked" if found else f"no documents in {shared}"
        console.print(f"{why}: generating a sample council in {sample_dir}")
        generate_council(sample_dir, meetings=sample_meetings)
    return [sample_dir], SAMPLE_QUERY


@app.command()
@one_line_errors
def demo(
    shared: Annotated[Path, typer.Option(help="Folder of real documents (seeds/, corpus/...).")] = Path(
        "../shared"
    ),
    sample_dir: Annotated[
        Path, typer.Option(help="Where to generate the sample council when there are no documents.")
    ] = Path("sample-council"),
    sample_meetings: Annotated[int, typer.Option(min=1, help="Meetings in the sample council.")] = 300,
    database: DatabaseOption = None,
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve on.")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Load and search, then stop.")] = False,
    sample: Annotated[
        bool,
        typer.Option(
            "--sample",
            help="Load the generated sample council even where ../shared is (years of meetings, "
            "plans reported with their progress, minded-to and final decisions by Commissioners).",
        ),
    ] = False,
) -> None:
    """Load documents into the database, show a search, and serve the site."""
    url = database_url(database)
    engine = open_engine(url)
    migrate(engine)
    paths, query = demo_sources(shared, sample_dir, sample_meetings, sample)
    console.print(f"loading {', '.join(map(str, paths))} into {url}")
    report = ingest_with_progress(engine, paths)
    # A first look needs the counts; `minutebook ingest` on the same folders lists each file skipped.
    print_summary(report, list_skipped=False)
    console.print(f"\nminutebook search {query}", style="bold")
    print_hits(search(engine, query, limit=5))
    if no_serve:
        return
    console.print(f"\nserving the site on http://{host}:{port}/ (Ctrl-C to stop)", style="bold")
    serve(host=host, port=port, database=url, workers=1)
