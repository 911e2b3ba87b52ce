"""`minutebook demo`, the README's main command (here with --no-serve): the shared documents when
they are there, else a sample council from the generator; loaded, searched, and loaded once only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy
from typer.testing import CliRunner

from minutebook.cli import app

runner = CliRunner()


def _demo(tmp_path: Path, shared: Path, *more: str) -> str:
    result = runner.invoke(
        app,
        [
            "demo",
            *more,
            "--no-serve",
            "--shared",
            str(shared),
            "--sample-dir",
            str(tmp_path / "sample"),
            "--sample-meetings",
            "12",
            "--database",
            f"sqlite:///{tmp_path / 'demo.db'}",
        ],
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def _meetings(tmp_path: Path) -> int:
    engine = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    with engine.connect() as connection:
        return connection.execute(sqlalchemy.text("SELECT count(*) FROM meetings")).scalar_one()


def test_demo_loads_and_searches_the_shared_documents(
    tmp_path: Path, shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A scanned PDF is read within a time budget, so on a busy machine two reads of it can differ
    # (tests/read/test_ocr.py tests that); here loading twice must find the same records.
    monkeypatch.setenv("MINUTEBOOK_OCR", "off")
    first = _demo(tmp_path, shared_dir)
    new = int(re.search(r"new (\d+)", first).group(1))
    assert new >= 20 and _meetings(tmp_path) == new
    assert "skipped /" not in first  # counted, not listed: `minutebook ingest` lists them
    assert "Improving Lives Select Commission, 2013-07-10" in first  # a hit for the search shown
    again = _demo(tmp_path, shared_dir)
    assert "new 0, updated 0" in again and _meetings(tmp_path) == new
    assert not (tmp_path / "sample").exists()


def test_demo_without_documents_makes_a_sample_council(tmp_path: Path) -> None:
    out = _demo(tmp_path, tmp_path / "nothing-here")
    assert "generating a sample council" in out
    assert len(list((tmp_path / "sample").glob("*.txt"))) == 12
    assert _meetings(tmp_path) == 12
    assert '"planning application"' in out and re.search(r"\d+ hits|hits, showing|many hits", out)


def test_demo_shows_the_sample_council_when_asked_even_beside_the_shared_documents(
    tmp_path: Path, shared_dir: Path
) -> None:
    out = _demo(tmp_path, shared_dir, "--sample")
    assert "as asked: generating a sample council" in out and _meetings(tmp_path) == 12
    assert "seeds" not in out.split("loading", 1)[1].splitlines()[0]
