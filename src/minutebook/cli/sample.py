"""`minutebook sample OUT_DIR`: write a realistic synthetic council's meeting pages to a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from minutebook.cli.app import app, console, one_line_errors
from minutebook.errors import MinutebookError
from minutebook.sample import DEFAULT_COUNCIL, generate_council


@app.command()
@one_line_errors
def sample(
    out_dir: Annotated[
        Path, typer.Argument(help="Folder to write the meeting pages into (created if need be).")
    ],
    meetings: Annotated[int, typer.Option("--meetings", "-n", min=1, help="How many meetings.")] = 500,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same files.")] = 1,
    council: Annotated[str, typer.Option("--council", help="The council's name.")] = DEFAULT_COUNCIL,
) -> None:
    """Write a sample council: ModernGov-style meeting pages that `minutebook ingest` can load."""
    if out_dir.exists() and not out_dir.is_dir():
        raise MinutebookError(f"{out_dir}: exists and is not a folder")
    try:
        paths = generate_council(out_dir, meetings=meetings, seed=seed, council=council)
    except OSError as error:
        raise MinutebookError(f"{out_dir}: {error.strerror or error}") from None
    size = sum(path.stat().st_size for path in paths)
    console.print(
        f"wrote {len(paths)} meetings ({size / 2**20:.1f} MB) of {council} to {out_dir}", soft_wrap=True
    )
