"""Text from documents is printed as written by every command's text output (issue 10, item 7):
"[/]" in a document crashed `parse`, `decisions`, `actions` and `timeline`, which read it as rich
markup (a closing tag with nothing open), and "[bold]" would have vanished into a style."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutebook.cli import app

runner = CliRunner()

MINUTES = """Minutes of the Upton [/] Parish Council meeting held on 3 May 2019

Present: Cllr A Smith, Cllr B Jones

1. Planning [/] matters

RESOLVED that the plan [/] be approved [bold]now[/bold].

2. Highways [/]

The Clerk to write [/] to the owner.
"""


@pytest.fixture
def minutes(tmp_path: Path) -> Path:
    path = tmp_path / "upton.txt"
    path.write_text(MINUTES, encoding="utf-8")
    return path


def test_parse_prints_brackets_as_written(minutes: Path) -> None:
    result = runner.invoke(app, ["parse", str(minutes)])
    assert result.exit_code == 0, result.output
    assert "Planning [/] matters" in result.stdout and "[bold]" in result.stdout


@pytest.mark.parametrize(
    "command", [["decisions"], ["actions"], ["timeline", "plan"]], ids=["decisions", "actions", "timeline"]
)
def test_registers_print_brackets_as_written(minutes: Path, database_url: str, command: list[str]) -> None:
    ingested = runner.invoke(app, ["ingest", str(minutes), "-d", database_url])
    assert ingested.exit_code == 0, ingested.output
    result = runner.invoke(app, [*command, "-d", database_url])
    assert result.exit_code == 0, result.output
    assert "[/]" in result.stdout  # in the body's name, and in the decision's or the action's text
