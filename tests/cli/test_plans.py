"""`minutebook plans` and `minutebook plan NAME` on the seeds: text, JSON and CSV, and a
one-line error for a plan nobody reported on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutebook.cli import app
from registers.meetings import meeting_page

runner = CliRunner()


@pytest.fixture
def stored(database_url: str, seed_files: list[Path]) -> str:
    result = runner.invoke(app, ["ingest", *map(str, seed_files), "-d", database_url])
    assert result.exit_code == 0, result.output
    return database_url


def test_plans_list_each_plan_with_its_latest_figure(stored: str) -> None:
    result = runner.invoke(app, ["plans", "-d", stored, "-f", "json"])
    assert result.exit_code == 0, result.output
    [plan] = json.loads(result.stdout)
    assert plan["plan"] == "Corporate 'Fresh Start' Improvement Plan"
    assert (plan["reports"], plan["latest_value"], plan["latest_date"]) == (1, "48%", "2016-03-16")
    assert plan["actions"] >= plan["actions_open"] >= 0
    text = runner.invoke(app, ["plans", "-d", stored])
    assert text.exit_code == 0 and "48%" in text.stdout


def test_plan_gives_the_series_as_csv_and_text(stored: str) -> None:
    result = runner.invoke(app, ["plan", "improvement plan", "-d", stored, "-f", "csv"])
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["value"], row["kind"], row["date"], row["item_number"]) == (
        "48%",
        "percent",
        "2016-03-16",
        "4",
    )
    assert "48% of its overall actions" in row["quote"] and int(row["line"]) > 0
    text = runner.invoke(app, ["plan", "Improvement Plan", "-d", stored])
    assert text.exit_code == 0 and "48%" in text.stdout


def test_a_plan_never_reported_on_is_a_one_line_error(stored: str) -> None:
    result = runner.invoke(app, ["plan", "Local Plan", "-d", stored])
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == "minutebook: no figures of progress reported for a plan named 'Local Plan'"
    )
    empty = runner.invoke(app, ["plan", "Local Plan", "-d", stored, "-f", "json"])
    assert empty.exit_code == 0 and json.loads(empty.stdout) == []


def test_makers_list_minded_to_decisions_with_their_final_one(database_url: str, tmp_path: Path) -> None:
    licensing = "the revised Licensing Policy for taxis and private hire vehicles"
    pages = {
        "2016-01-13": [
            ("Licensing", [f"Commissioner Ney is minded to approve {licensing}."]),
            ("Transport", ["Commissioner Myers is minded to approve the home to school transport policy."]),
        ],
        "2016-03-16": [("Licensing", [f"Resolved: - That Commissioner Ney approved {licensing}."])],
    }
    folder = tmp_path / "pages"
    folder.mkdir()
    for day, items in pages.items():
        page = meeting_page("Commissioners Public Meeting", day, items)
        (folder / f"commissioners-{day}.txt").write_text(page, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder), "-d", database_url])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(
        app, ["makers", "--decisions", "--kind", "minded-to", "-d", database_url, "-f", "json"]
    )
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [(r["maker"], r["final_date"], r["days_to_final"]) for r in rows] == [
        ("Commissioner Ney", "2016-03-16", 63),
        ("Commissioner Myers", None, None),
    ]
    open_ones = runner.invoke(
        app, ["makers", "--unresolved", "--maker", "myers", "-d", database_url, "-f", "csv"]
    )
    [row] = list(csv.DictReader(io.StringIO(open_ones.stdout)))
    assert (row["maker"], row["item_title"]) == ("Commissioner Myers", "Transport")
    # By default, one row a maker with counts; the final decision names its minded-to one.
    summary = json.loads(runner.invoke(app, ["makers", "-d", database_url, "-f", "json"]).stdout)
    assert [(r["maker"], r["decisions"], r["minded_to"], r["unresolved"]) for r in summary] == [
        ("Commissioner Ney", 2, 1, 0),
        ("Commissioner Myers", 1, 1, 1),
    ]
    decided = runner.invoke(
        app, ["makers", "--decisions", "--kind", "resolved", "-d", database_url, "-f", "json"]
    )
    [final] = json.loads(decided.stdout)
    assert (final["minded_date"], final["days_to_final"], final["linked_by"]) == ("2016-01-13", 63, "subject")
    # The decisions register shows each decision's maker, and narrows to one.
    register = runner.invoke(app, ["decisions", "--maker", "ney", "-d", database_url, "-f", "json"])
    assert register.exit_code == 0, register.output
    assert [(r["date"], r["kind"], r["maker"]) for r in json.loads(register.stdout)["rows"]] == [
        ("2016-03-16", "resolved", "Commissioner Ney"),
        ("2016-01-13", "minded-to", "Commissioner Ney"),
    ]
    table = runner.invoke(app, ["decisions", "--kind", "minded-to", "-d", database_url, "-f", "csv"])
    assert [r["maker"] for r in csv.DictReader(io.StringIO(table.stdout))] == [
        "Commissioner Ney",
        "Commissioner Myers",
    ]
