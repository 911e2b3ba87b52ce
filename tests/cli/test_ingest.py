"""`minutebook ingest` and `minutebook db upgrade`: a summary, one line per failure, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy
from typer.testing import CliRunner

from minutebook.cli import app

runner = CliRunner()


def test_ingest_reports_what_it_did(database_url: str, seed_files: list[Path], tmp_path: Path) -> None:
    first = runner.invoke(app, ["ingest", *map(str, seed_files), "--database", database_url])
    assert first.exit_code == 0, first.output
    assert "read 2, new 2, updated 0, unchanged 0, failed 0" in first.stdout
    again = runner.invoke(app, ["ingest", *map(str, seed_files), "-d", database_url])
    assert "read 2, new 0, updated 0, unchanged 2, failed 0" in again.stdout


def test_a_failure_is_one_line_and_the_exit_status_says_so(
    database_url: str, seed_files: list[Path], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(empty), str(seed_files[0]), "-d", database_url])
    assert result.exit_code == 1
    assert "read 2, new 1, updated 0, unchanged 0, failed 1" in result.stdout
    failure_lines = [line for line in result.stderr.splitlines() if "empty.txt" in line]
    assert len(failure_lines) == 1 and "empty" in failure_lines[0].split("empty.txt", 1)[1]
    assert "Traceback" not in result.output


def test_max_size(tmp_path: Path, seed_files: list[Path]) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    half = seed_files[0].stat().st_size / 2 / 2**20
    result = runner.invoke(app, ["ingest", str(seed_files[0]), "-d", url, "--max-size", str(half)])
    assert result.exit_code == 1
    assert "limit" in result.stderr and "failed 1" in result.stdout


def test_db_upgrade_creates_the_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = runner.invoke(app, ["db", "upgrade", "-d", url])
    assert result.exit_code == 0, result.output
    assert "meetings" in sqlalchemy.inspect(sqlalchemy.create_engine(url)).get_table_names()


def test_a_bad_database_url_is_one_line(seed_files: list[Path]) -> None:
    result = runner.invoke(app, ["ingest", str(seed_files[0]), "-d", "mysql://nowhere/db"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("minutebook: database URL 'mysql://nowhere/db': only")


def test_ingest_links_people_across_meetings_without_a_separate_refresh(
    database_url: str, seed_files: list[Path]
) -> None:
    result = runner.invoke(app, ["ingest", *map(str, seed_files), "-d", database_url])
    assert result.exit_code == 0, result.output
    person = runner.invoke(app, ["person", "Commissioner Myers", "-d", database_url, "-f", "json"])
    assert person.exit_code == 0, person.output
    assert json.loads(person.stdout)["name"] == "Derek Myers"


def test_a_single_file_that_is_not_a_meeting_exits_1_with_its_reason(
    database_url: str, tmp_path: Path
) -> None:
    """Issue 10: it exited 0, so a script could not tell it from a stored meeting."""
    fete = tmp_path / "fete.html"
    fete.write_text("<html><body><h1>Village fete</h1><p>Cakes, a tombola and a dog show.</p></body></html>")
    result = runner.invoke(app, ["ingest", str(fete), "-d", database_url])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"minutebook: {fete}: ") and "not a meeting" in lines[0]


def test_a_folder_with_meetings_and_other_pages_exits_0(
    database_url: str, seed_files: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "published"
    folder.mkdir()
    (folder / "fete.html").write_text("<html><body><p>Cakes, a tombola and a dog show.</p></body></html>")
    for seed in seed_files:
        (folder / seed.name).write_bytes(seed.read_bytes())
    result = runner.invoke(app, ["ingest", str(folder), "-d", database_url])
    assert result.exit_code == 0, result.output
    assert "new 2" in result.stdout and "skipped 1" in result.stdout
