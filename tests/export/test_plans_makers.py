"""Plans' progress and decisions made by a person in the exports (issue 13): `plan_points` and
`made_decisions` as CSV files described in the README and as SQLite tables Datasette serves,
on the meetings of tests/web/plan_meetings.py (stored through the real ingest). Each row is
checked against a JSON Schema of its columns, with the types the SQLite file keeps."""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from datasette.app import Datasette
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.export import REGISTERS
from web.plan_meetings import PLAN_SLUG, SERIES, plan_database

runner = CliRunner()
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
MAYBE_INT = {"type": ["integer", "null"]}
PLAN_POINT = {
    "type": "object",
    "required": [
        "plan",
        "plan_slug",
        "kind",
        "value",
        "date",
        "meeting_id",
        "item_position",
        "line",
        "quote",
    ],
    "properties": {
        "plan": {"type": "string", "minLength": 1},
        "plan_slug": {"type": "string", "pattern": "^[a-z0-9-]+$"},
        "kind": {"enum": ["percent", "count", "rag"]},
        "value": {"type": "string", "minLength": 1},
        "percent": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
        "date": DATE,
        "meeting_id": {"type": "string", "minLength": 1},
        "item_position": {"type": "integer", "minimum": 0},
        "paragraph_position": {"type": "integer", "minimum": 0},
        "line": {"type": "integer", "minimum": 1},
        "quote": {"type": "string", "minLength": 1},
    },
}
MADE_DECISION = {
    "type": "object",
    "required": ["meeting_id", "item_position", "position", "date", "maker", "kind", "text", "unresolved"],
    "properties": {
        "date": DATE,
        "maker": {"type": "string", "minLength": 1},
        "kind": {"type": "string"},
        "final_date": {"anyOf": [DATE, {"type": "null"}]},
        "final_item_position": MAYBE_INT,
        "days_to_final": MAYBE_INT,
        "unresolved": {"enum": [0, 1]},  # SQLite's booleans
        "minded_item_position": MAYBE_INT,
    },
}
SCHEMAS = {"plan_points": PLAN_POINT, "made_decisions": MADE_DECISION}


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> str:
    return plan_database(tmp_path_factory.mktemp("plans-export"))


def _export(stored: str, *args: str) -> None:
    result = runner.invoke(app, ["export", *args, "-d", stored])
    assert result.exit_code == 0, result.output


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_csv_export_has_the_plan_series_and_the_made_decisions_described(
    stored: str, tmp_path: Path
) -> None:
    _export(stored, "--format", "csv", "--out", str(tmp_path))
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    for name in SCHEMAS:
        [register] = [r for r in REGISTERS if r.name == name]
        with (tmp_path / f"{name}.csv").open(encoding="utf-8", newline="") as file:
            assert next(csv.reader(file)) == list(register.columns)
        assert f"## {name}.csv" in readme and all(f"`{c}`" in readme for c in register.columns)
    points = [row for row in _csv(tmp_path / "plan_points.csv") if row["plan_slug"] == PLAN_SLUG]
    assert [(row["date"], row["value"], row["percent"]) for row in points] == [
        (day, share, f"{float(share[:-1])}") for day, share in SERIES
    ]
    assert all(
        row["meeting_id"] == f"commissioners-public/{row['date']}" and int(row["line"]) > 0 for row in points
    )
    made = {(row["maker"], row["kind"]): row for row in _csv(tmp_path / "made_decisions.csv")}
    minded, final = made[("Commissioner Ney", "minded-to")], made[("Commissioner Ney", "resolved")]
    assert (minded["final_meeting_id"], minded["final_date"], minded["days_to_final"]) == (
        final["meeting_id"],
        "2016-03-16",
        "63",
    )
    assert (final["minded_meeting_id"], final["minded_position"]) == (
        minded["meeting_id"],
        minded["position"],
    )
    assert minded["linked_by"] == final["linked_by"] == "subject"  # the final decision repeats its words
    unresolved = made[("Commissioner Myers", "minded-to")]
    assert unresolved["unresolved"] == "True" and unresolved["final_meeting_id"] == ""


def test_the_sqlite_export_holds_them_as_typed_tables_datasette_serves(stored: str, tmp_path: Path) -> None:
    out = tmp_path / "minutes.db"
    _export(stored, "--format", "sqlite", "--out", str(out))
    with sqlite3.connect(out) as connection:
        connection.row_factory = sqlite3.Row
        tables: dict[str, list[dict[str, Any]]] = {
            name: [dict(row) for row in connection.execute(f"SELECT * FROM {name}")] for name in SCHEMAS
        }
    for name, rows in tables.items():
        assert rows, name
        for row in rows:
            jsonschema.validate(row, SCHEMAS[name])
    assert sorted(r["percent"] for r in tables["plan_points"] if r["plan_slug"] == PLAN_SLUG) == [
        23,
        31,
        48,
        60,
    ]
    metadata = json.loads(out.with_name("minutes.db.metadata.json").read_text())
    described = metadata["databases"]["minutes"]["tables"]
    assert set(described["made_decisions"]["columns"]) == set(tables["made_decisions"][0])
    datasette = Datasette([str(out)], metadata=metadata)

    async def ask(path: str) -> Any:
        response = await datasette.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    found = asyncio.run(ask("/minutes/made_decisions.json?kind=minded-to&_shape=array"))
    assert {(row["maker"], row["unresolved"]) for row in found} == {
        ("Commissioner Ney", 0),
        ("Commissioner Myers", 1),
    }


def test_a_scope_keeps_its_meetings_rows_and_links_to_those_outside_it(stored: str, tmp_path: Path) -> None:
    _export(stored, "--format", "csv", "--out", str(tmp_path), "--since", "2016-03-01")
    points = _csv(tmp_path / "plan_points.csv")
    assert {row["date"] for row in points} == {"2016-03-16", "2016-04-13"}
    [final] = _csv(tmp_path / "made_decisions.csv")
    assert final["kind"] == "resolved" and final["minded_meeting_id"] == "commissioners-public/2016-01-13"
