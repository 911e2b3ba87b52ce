"""`minutebook export`: read back by the tools people use — a JSON Schema validator for the
records, the csv module for the registers, Datasette for the SQLite file — on both backends."""

from __future__ import annotations

import asyncio
import csv
import json
from pathlib import Path

import jsonschema
import pytest
from datasette.app import Datasette
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.export import REGISTERS

runner = CliRunner()
SCHEMA = json.loads((Path(__file__).parents[2] / "src/minutebook/record-schema.json").read_text())
COMMISSIONERS = "Commissioners' Public Meeting with Councillors"


@pytest.fixture(scope="module")
def stored(module_database_url: str, seed_files: list[Path]) -> str:
    for command in (["ingest", *map(str, seed_files)], ["refresh"]):
        result = runner.invoke(app, [*command, "-d", module_database_url])
        assert result.exit_code == 0, result.output
    return module_database_url


def _export(stored: str, *args: str) -> None:
    result = runner.invoke(app, ["export", *args, "-d", stored])
    assert result.exit_code == 0, result.output


def test_ndjson_is_one_valid_record_a_line(stored: str, tmp_path: Path) -> None:
    out = tmp_path / "meetings.ndjson"
    _export(stored, "--format", "ndjson", "--out", str(out))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2
    for record in records:
        jsonschema.validate(record, SCHEMA)
    assert [r["date"] for r in records] == sorted(r["date"] for r in records)


def test_csv_has_every_register_and_its_columns_explained(stored: str, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    _export(stored, "--format", "csv", "--out", str(out))
    readme = (out / "README.md").read_text(encoding="utf-8")
    for register in REGISTERS:
        with (out / f"{register.name}.csv").open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        with (out / f"{register.name}.csv").open(encoding="utf-8", newline="") as file:
            assert next(csv.reader(file)) == list(register.columns)
        # The two Rotherham pages record no attendance; every other table of the store they do
        # (the derived registers are tested in test_plans_makers.py).
        if register.derived is None:
            assert bool(rows) == (register.name != "attendance"), register.name
        assert all(f"`{column}`" in readme for column in register.columns)
    with (out / "decisions.csv").open(encoding="utf-8", newline="") as file:
        assert all(isinstance(json.loads(row["movers"]), list) for row in csv.DictReader(file))


def test_scope_selects_a_body_and_dates(stored: str, tmp_path: Path) -> None:
    out = tmp_path / "one.ndjson"
    _export(stored, "-f", "ndjson", "-o", str(out), "--body", COMMISSIONERS, "--since", "2016-01-01")
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["body"] == COMMISSIONERS
    _export(stored, "-f", "ndjson", "-o", str(out), "--until", "2000-01-01")
    assert out.read_text(encoding="utf-8") == ""


def test_datasette_serves_the_sqlite_export_and_searches_it(stored: str, tmp_path: Path) -> None:
    out = tmp_path / "minutes.db"
    _export(stored, "--format", "sqlite", "--out", str(out))
    metadata = json.loads(out.with_name("minutes.db.metadata.json").read_text())
    datasette = Datasette([str(out)], metadata=metadata)

    async def ask(path: str) -> dict:
        response = await datasette.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    found = asyncio.run(ask("/minutes/paragraphs.json?_search=taxi&_shape=array"))
    assert found and all("taxi" in row["text"].lower() for row in found)
    tables = asyncio.run(ask("/minutes.json"))
    assert {t["name"] for t in tables["tables"]} >= {r.name for r in REGISTERS}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xls"], "--format 'xls': not one of csv, ndjson, ocd, popolo, sqlite"),
        (["--format", "csv", "--since", "last year"], "--since 'last year': not a date"),
    ],
)
def test_bad_options_are_one_line(stored: str, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", *args, "--out", str(tmp_path / "x"), "-d", stored])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
