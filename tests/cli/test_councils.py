"""`minutebook councils` lists councils with every name they go by; `councils alias` declares one
(and `--remove` undoes it), moving the stored meetings, which search then finds under their new ids."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.search.fulltext import lexical_search
from minutebook.store import open_engine

runner = CliRunner()


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout if code == 0 else result.stderr


def test_councils_are_listed_declared_and_undeclared(database_url: str, two_councils: Path) -> None:
    folder = two_councils
    _run("ingest", str(folder), "-d", database_url, "--workers", "1")
    listed = json.loads(_run("councils", "-d", database_url, "-f", "json"))
    assert [(c["key"], c["meetings"]) for c in listed] == [
        ("aberteifi-town-council", 1),
        ("cardigan-town-council", 1),
    ]

    said = _run("councils", "alias", "Aberteifi Town Council", "Cardigan Town Council", "-d", database_url)
    assert "1 meetings moved" in " ".join(said.split())
    text = _run("councils", "-d", database_url)
    assert "cardigan-town-council  (2 meetings)" in text and "Aberteifi Town Council  [clerk]" in text
    hits = lexical_search(open_engine(database_url), "churchyard").hits
    assert {hit.meeting_id for hit in hits} == {
        "cardigan-town-council/finance-committee/2024-03-05",
        "cardigan-town-council/finance-committee/2024-03-12",
    }
    audit = json.loads(_run("audit", "-d", database_url, "-f", "json"))
    assert audit[0]["action"] == "council.alias" and audit[0]["subject"] == "Aberteifi Town Council"

    _run("councils", "alias", "Aberteifi Town Council", "--remove", "-d", database_url)
    listed = json.loads(_run("councils", "-d", database_url, "-f", "json"))
    assert [(c["key"], c["meetings"]) for c in listed] == [
        ("aberteifi-town-council", 1),
        ("cardigan-town-council", 1),
    ]
    hits = lexical_search(open_engine(database_url), "churchyard").hits
    assert "aberteifi-town-council/finance-committee/2024-03-05" in {hit.meeting_id for hit in hits}


def test_a_declaration_that_says_nothing_is_one_line(database_url: str) -> None:
    error = _run(
        "councils",
        "alias",
        "Barton & Holme Parish Council",
        "Barton and Holme Parish Council",
        "-d",
        database_url,
        code=1,
    )
    assert error.startswith("minutebook: ") and "one council already" in error
    assert "give NAME and COUNCIL" in _run("councils", "alias", "X Town Council", "-d", database_url, code=1)
