"""The register commands: each listing as text, JSON and CSV; closing an action; the clerk's
overrides; the timeline and its chart; one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutebook.cli import app

runner = CliRunner()


@pytest.fixture
def stored(database_url: str, seed_files: list[Path]) -> str:
    for command in (["ingest", *map(str, seed_files)], ["refresh"]):
        result = runner.invoke(app, [*command, "-d", database_url])
        assert result.exit_code == 0, result.output
    return database_url


def _json(*args: str) -> object:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_decisions_as_json_and_csv(stored: str) -> None:
    page = _json("decisions", "-d", stored, "--body", "Improving Lives Select Commission")
    assert page["rows"] and {row["body"] for row in page["rows"]} == {"Improving Lives Select Commission"}
    result = runner.invoke(app, ["decisions", "-d", stored, "-f", "csv", "--limit", "1"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1 and {"date", "body", "kind", "text", "movers"} <= set(rows[0])


def test_close_an_action_then_list_by_status(stored: str) -> None:
    [action] = _json("actions", "--open", "-d", stored)["rows"]
    assert action["owner"] == "Commissioner Myers" and action["status"] == "open"
    closed = runner.invoke(
        app, ["actions", "close", action["id"], "--note", "Reviewed in April.", "-d", stored]
    )
    assert closed.exit_code == 0, closed.output
    assert _json("actions", "--open", "-d", stored)["rows"] == []
    [again] = _json("actions", "--status", "closed", "-d", stored)["rows"]
    assert (again["id"], again["close_note"]) == (action["id"], "Reviewed in April.")
    assert _json("actions", "--text", "review", "--sort", "date", "-d", stored)["rows"] == [again]
    assert _json("actions", "--text", "no such words", "-d", stored)["rows"] == []


def test_appointments_by_year_and_current_membership(stored: str) -> None:
    result = runner.invoke(app, ["appointments", "--year", "2013-2014", "-d", stored, "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(row["post"], row["substitute"]) for row in rows} >= {
        ("Health, Welfare and Safety Panel", "Councillor S. Ali")
    }
    current = _json("appointments", "--current", "-d", stored)
    assert {row["person"] for row in current} == {row["person"] for row in rows}


def test_people_report_person_and_overrides(stored: str) -> None:
    myers = _json("person", "Commissioner Myers", "-d", stored)
    assert myers["name"] == "Derek Myers" and "Lead Commissioner" in {p["post"] for p in myers["posts"]}
    renamed = runner.invoke(app, ["people", "rename", "Commissioner Myers", "Sir Derek Myers", "-d", stored])
    assert renamed.exit_code == 0, renamed.output
    assert _json("person", "Derek Myers", "-d", stored)["name"] == "Sir Derek Myers"
    report = runner.invoke(app, ["people", "report", "-d", stored])
    assert report.exit_code == 0 and "name forms" in report.stdout
    names = {row["name"] for row in _json("people", "-d", stored, "--limit", "100")["rows"]}
    assert {"Sir Derek Myers", "G. A. Russell"} <= names


def test_timeline_as_csv_and_svg(stored: str, tmp_path: Path) -> None:
    chart = tmp_path / "chart.svg"
    result = runner.invoke(
        app, ["timeline", "exploitation", "--by", "quarter", "--svg", str(chart), "-d", stored, "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["period"] for row in rows] == ["2013-Q3", "2016-Q1"]
    assert chart.read_text().startswith("<svg") and "exploitation" in chart.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["appointments", "--year", "2013"], "year '2013'"),
        (["actions", "close", "nonsense", "--note", "x"], "not an action id"),
        (["actions", "--sort", "owner"], "sort 'owner'"),
        (["people", "merge", "Councillor Nobody", "Derek Myers"], "Nobody"),
        (["timeline", '"unclosed'], "quote"),
        (["person", "Councillor Nobody"], "Nobody"),
    ],
)
def test_bad_input_is_one_line(database_url: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "-d", database_url])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_a_missing_database_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["decisions", "-d", f"sqlite:///{tmp_path / 'none.db'}"])
    assert result.exit_code == 1 and "minutebook ingest" in result.stderr


def test_document_text_is_neither_markup_nor_a_formula(stored: str) -> None:
    [action] = _json("actions", "--open", "-d", stored)["rows"]
    note = '=HYPERLINK("http://x") [/] [bold]kept[/bold]'
    closed = runner.invoke(app, ["actions", "close", action["id"], "--note", note, "-d", stored])
    assert closed.exit_code == 0, closed.output
    assert note in closed.stdout  # printed as written, not read as rich markup
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(app, ["actions", "-d", stored, "-f", "csv"]).stdout))
    )
    [row] = [row for row in rows if row["id"] == action["id"]]
    assert row["close_note"] == "'" + note
