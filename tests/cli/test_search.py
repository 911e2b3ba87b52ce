"""`minutebook search`: hits with citations as text or JSON, and one-line errors for bad queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutebook.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def stored(module_database_url: str, seed_files: list[Path]) -> str:
    result = runner.invoke(app, ["ingest", *map(str, seed_files), "-d", module_database_url])
    assert result.exit_code == 0, result.output
    return module_database_url


def test_json_hits_carry_their_citations(stored: str) -> None:
    result = runner.invoke(
        app, ["search", "child sexual exploitation", "-d", stored, "--format", "json", "--kind", "paragraph"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["query"] == "child sexual exploitation"
    assert answer["total"] == len(answer["hits"]) > 0
    keys = {"meeting_id", "body", "date", "item_number", "item_title", "ref", "line", "snippet"}
    assert all(keys <= set(hit) for hit in answer["hits"])
    assert {hit["date"] for hit in answer["hits"]} == {"2013-07-10", "2016-03-16"}


def test_text_hits_cite_body_date_item_and_line(stored: str) -> None:
    answer = json.loads(
        runner.invoke(app, ["search", "exploit*", "-d", stored, "-f", "json", "--limit", "1"]).stdout
    )
    hit = answer["hits"][0]
    result = runner.invoke(app, ["search", "exploit*", "-d", stored, "--limit", "1"])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{hit['body']}, {hit['date']}, item {hit['item_number']}")
    assert f"line {hit['line']}" in first


def test_filters_reach_the_search(stored: str) -> None:
    answer = json.loads(
        runner.invoke(app, ["search", "council", "-d", stored, "-f", "json", "--since", "2014-01-01"]).stdout
    )
    assert answer["hits"] and {hit["date"] for hit in answer["hits"]} == {"2016-03-16"}


@pytest.mark.parametrize("query", ['"child sexual', "AND OR", "NEAR(", "council *"])
def test_a_malformed_query_is_one_clear_line(stored: str, query: str) -> None:
    result = runner.invoke(app, ["search", query, "-d", stored])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"minutebook: query {query!r}:")
    assert "fts5" not in result.output.lower()


def test_searching_a_missing_database_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "council", "-d", f"sqlite:///{tmp_path / 'none.db'}"])
    assert result.exit_code == 1
    assert "run `minutebook ingest` first" in result.stderr
    assert not (tmp_path / "none.db").exists()
