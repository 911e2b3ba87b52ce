"""`minutebook serve` refuses, in one line, a database it cannot serve."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from minutebook.cli import app


def test_serve_refuses_a_database_without_tables(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--database", f"sqlite:///{tmp_path / 'empty.db'}"])
    assert result.exit_code == 1
    assert "has no minutebook tables" in result.output
    assert "Traceback" not in result.output


def test_serve_refuses_a_malformed_url() -> None:
    result = CliRunner().invoke(app, ["serve", "--database", "nonsense"])
    assert result.exit_code == 1
    assert "not a database URL" in result.output
