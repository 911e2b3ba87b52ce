"""`minutebook search "QUERY"`: full-text search over the stored minutes, with citations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from minutebook.cli.app import Format, app, console, one_line_errors
from minutebook.cli.ingest import DatabaseOption
from minutebook.errors import MinutebookError
from minutebook.record import body_label
from minutebook.search import KINDS, MODES, ModeResult, SearchHit, SearchResult, search, snippet_parts
from minutebook.store import database_url, open_engine


@app.command("search")
@one_line_errors
def search_command(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", prefix*, OR, NOT or -word.')],
    body: Annotated[str | None, typer.Option(help="Only this body (name or slug).")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only meetings on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only meetings on or before this date (YYYY-MM-DD).")
    ] = None,
    kind: Annotated[str | None, typer.Option(help=f"Only one kind of text: {', '.join(KINDS)}.")] = None,
    limit: Annotated[int, typer.Option(help="How many hits to show.")] = 20,
    offset: Annotated[int, typer.Option(help="Hits to skip (for the next page).")] = 0,
    mode: Annotated[
        str,
        typer.Option(
            help=f"{' | '.join(MODES)}: exact words, meaning (needs `minutebook embed`), or both fused."
        ),
    ] = "hybrid",
    format: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
    database: DatabaseOption = None,
) -> None:
    """Find paragraphs, item titles, decisions and actions; best matches first."""
    url = database_url(database)
    if url.startswith("sqlite:///") and not _sqlite_file_exists(url):
        raise MinutebookError(f"no database at {url}: run `minutebook ingest` first")
    result = search(
        open_engine(url),
        query,
        mode=mode,
        body=body,
        since=since,
        until=until,
        kind=kind,
        limit=limit,
        offset=offset,
    )
    if format is Format.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_hits(result)


def _sqlite_file_exists(url: str) -> bool:
    path = url.removeprefix("sqlite:///")
    return path in ("", ":memory:") or Path(path).exists()


def print_hits(result: SearchResult) -> None:
    for hit in result.hits:
        console.print(citation(hit), style="bold", highlight=False, markup=False, soft_wrap=True)
        console.print(Text("  ").append_text(highlighted(hit.snippet)), soft_wrap=True)
    shown = len(result.hits)
    if isinstance(result, ModeResult) and result.notice:
        console.print(f"note: {result.notice}", style="dim", highlight=False, markup=False)
    if isinstance(result, ModeResult) and result.mode != "lexical":
        more = ", more with --offset" if result.more else ""
        console.print(
            f"showing {shown} hits ranked by {result.mode} search{more}", style="dim", highlight=False
        )
        return
    if result.total is not None:
        summary = f"{result.total} hit{'s' if result.total != 1 else ''}" + (
            f", showing {shown}" if result.more else ""
        )
    else:
        summary = f"showing {shown} of many hits (the newest are ranked): narrow the query for more"
    console.print(summary, style="dim", highlight=False)


def citation(hit: SearchHit) -> str:
    """'Body (Council), 2013-07-10, item 16 Title, para 2.1(g), line 86 (paragraph)'."""
    parts = [body_label(hit.body, hit.council), hit.date]
    if hit.item_title is not None:
        parts.append(" ".join(filter(None, ["item", hit.item_number, hit.item_title])))
    if hit.ref and hit.kind != "item":
        parts.append(f"para {hit.ref}")
    if hit.line is not None:
        parts.append(f"line {hit.line}")
    return ", ".join(parts) + f" ({hit.kind})"


def highlighted(snippet: str) -> Text:
    text = Text()
    for piece, is_match in snippet_parts(snippet):
        text.append(piece, style="bold yellow" if is_match else None)
    return text
