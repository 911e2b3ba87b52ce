"""`minutebook parse`: JSON for one file and for several, an outline, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.record import schema

COMMISSIONERS = "rotherham-commissioners-public-meeting-2016-03-16.txt"
IMPROVING_LIVES = "rotherham-improving-lives-select-commission-2013-07-10.txt"
runner = CliRunner()


def test_one_file_gives_one_object_that_follows_the_schema(seeds_dir: Path) -> None:
    result = runner.invoke(app, ["parse", str(seeds_dir / COMMISSIONERS), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    jsonschema.validate(record, schema())
    assert record["date"] == "2016-03-16"


def test_several_files_give_an_array(seeds_dir: Path, corpus_dir: Path) -> None:
    files = [
        seeds_dir / COMMISSIONERS,
        seeds_dir / IMPROVING_LIVES,
        corpus_dir / "stoke-ferry-parish-council-2013-07-10.md",
    ]
    result = runner.invoke(app, ["parse", *map(str, files), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["date"] for r in records][:2] == ["2016-03-16", "2013-07-10"]
    for record in records:
        jsonschema.validate(record, schema())


def test_bad_files_are_one_line_each_and_the_rest_go_on(seeds_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(
        app, ["parse", str(empty), str(seeds_dir / COMMISSIONERS), str(missing), "-f", "json"]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"minutebook: {empty}: file is empty",
        f"minutebook: {missing}: No such file or directory",
    ]
    assert [r["date"] for r in json.loads(result.stdout)] == ["2016-03-16"]


def test_text_outline(seeds_dir: Path) -> None:
    result = runner.invoke(app, ["parse", str(seeds_dir / IMPROVING_LIVES)])
    assert result.exit_code == 0, result.output
    assert "Improving Lives Select Commission" in result.stdout
    assert "15*. Update on progress" in result.stdout
    assert "appointed: Councillor D. Lelliott" in result.stdout


def test_text_outline_names_the_council(corpus_dir: Path) -> None:
    result = runner.invoke(app, ["parse", str(corpus_dir / "wairoa-nz-district-council-2019-02-05.txt")])
    assert result.exit_code == 0, result.output
    assert "Council: Wairoa District Council" in result.stdout
