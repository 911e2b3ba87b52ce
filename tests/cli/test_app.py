"""The `minutebook` group: every command listed without importing it, and each imported only when
asked for (issue 10: `minutebook --help` imported the whole application and took 0.9 s idle)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import typer.main
from typer.testing import CliRunner

import minutebook.cli
from minutebook.cli import app
from minutebook.cli.app import COMMANDS

CLI = Path(minutebook.cli.__file__).parent
HEAVY = ("sqlalchemy", "minutebook.pipeline", "minutebook.store", "tantivy")


def all_commands() -> dict[str, str]:
    """Every command the cli modules register, and its line of help, with every module imported."""
    for module in sorted(CLI.glob("*.py")):
        importlib.import_module(f"minutebook.cli.{module.stem}")
    group = typer.main.get_command(app)
    return {name: command.get_short_help_str(limit=1000) for name, command in group.commands.items()}  # type: ignore[attr-defined]


def test_every_command_is_listed_with_its_own_line_of_help() -> None:
    assert {name: line for name, (_, line) in COMMANDS.items()} == all_commands()


def test_the_help_lists_every_command_without_importing_the_application() -> None:
    code = (
        "import sys; from minutebook.cli import app; sys.argv = ['minutebook', '--help']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        f"print('IMPORTED', [m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "IMPORTED []" in out
    assert all(name in out for name in COMMANDS)


def test_a_command_runs_once_asked_for(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["sample", str(tmp_path), "-n", "1"])
    assert result.exit_code == 0, result.output
    assert list(tmp_path.iterdir())
    assert CliRunner().invoke(app, ["no-such-command"]).exit_code == 2
