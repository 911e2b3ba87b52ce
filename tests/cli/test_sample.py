"""`minutebook sample OUT_DIR`: writes the generator's pages; bad targets get one error line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.sample import meeting_texts

runner = CliRunner()


def test_sample_writes_the_generated_pages(tmp_path: Path) -> None:
    out = tmp_path / "council"
    result = runner.invoke(app, ["sample", str(out), "--meetings", "6", "--seed", "9"])
    assert result.exit_code == 0, result.output
    assert "wrote 6 meetings" in result.output
    expected = dict(meeting_texts(6, seed=9))
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == expected


def test_sample_into_a_file_is_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "taken.txt"
    target.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["sample", str(target), "--meetings", "2"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"minutebook: {target}: exists and is not a folder"
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_sample_needs_at_least_one_meeting(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sample", str(tmp_path / "x"), "--meetings", "0"])
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()
