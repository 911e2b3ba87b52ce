"""`minutebook embed` and `minutebook search --mode`: embeddings with a closing summary, resumable,
then search by meaning; without the model, one line saying how to install it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.search import semantic

runner = CliRunner()


@pytest.fixture(scope="module")
def stored(module_database_url: str, seed_files: list[Path]) -> str:
    result = runner.invoke(app, ["ingest", *map(str, seed_files), "-d", module_database_url])
    assert result.exit_code == 0, result.output
    return module_database_url


def search_json(database: str, *args: str) -> dict:
    result = runner.invoke(app, ["search", *args, "-d", database, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_before_embedding_search_answers_lexically_and_says_why(stored: str) -> None:
    answer = search_json(stored, "child sexual exploitation", "--mode", "hybrid")
    assert answer["mode"] == "lexical" and answer["hits"]
    assert answer["notice"]
    text = runner.invoke(app, ["search", "child sexual exploitation", "-d", stored, "--limit", "1"])
    assert "note:" in text.stdout


def test_an_unknown_mode_is_one_line(stored: str) -> None:
    result = runner.invoke(app, ["search", "budget", "-d", stored, "--mode", "fuzzy"])
    assert result.exit_code != 0
    assert "mode 'fuzzy'" in result.output and "Traceback" not in result.output


def test_embed_without_the_model_says_how_to_install_it(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "installed", lambda: False)
    monkeypatch.setattr(semantic, "load_model", lambda: None)
    result = runner.invoke(app, ["embed", "-d", stored])
    assert result.exit_code == 1
    assert "minutebook[semantic]" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(not semantic.installed(), reason="the optional [semantic] model is not installed")
def test_embed_then_search_by_meaning(stored: str) -> None:
    first = runner.invoke(app, ["embed", "-d", stored])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("embedded ") and "embedded 0," not in first.stdout
    again = runner.invoke(app, ["embed", "-d", stored])
    assert "embedded 0," in again.stdout  # resumable: nothing left to do
    for mode in ("semantic", "hybrid"):
        answer = search_json(stored, "protecting children from abuse", "--mode", mode, "--limit", "5")
        assert answer["mode"] == mode and answer["notice"] is None and len(answer["hits"]) == 5
