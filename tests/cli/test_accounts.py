"""`minutebook users|tokens|audit` from the shell: passwords from standard input, one-line errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from minutebook.accounts.sessions import sign_in
from minutebook.accounts.tokens import token_identity
from minutebook.cli import app
from minutebook.store import open_engine

runner = CliRunner()


def _run(*args: str, stdin: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_user_added_from_the_shell_can_sign_in(database_url: str) -> None:
    _run(
        "users",
        "add",
        "alice",
        "--role",
        "clerk",
        "--password-stdin",
        "-d",
        database_url,
        stdin="a long password\n",
    )
    assert sign_in(open_engine(database_url), "alice", "a long password", address="127.0.0.1")
    listed = _run("users", "list", "-d", database_url, "-f", "json")
    assert [(u["name"], u["role"], u["disabled"]) for u in json.loads(listed)] == [("alice", "clerk", False)]
    _run("users", "disable", "alice", "-d", database_url)
    assert json.loads(_run("users", "list", "-d", database_url, "-f", "json"))[0]["disabled"] is True
    actions = [entry["action"] for entry in json.loads(_run("audit", "-d", database_url, "-f", "json"))]
    assert actions == ["users.disable", "session.sign-in", "users.add"]


def test_bad_account_input_is_one_line_and_stores_nothing(database_url: str) -> None:
    result = runner.invoke(
        app, ["users", "add", "bob", "--password-stdin", "-d", database_url], input="short\n"
    )
    assert result.exit_code == 1
    assert result.output.strip() == "minutebook: password: must be at least 10 characters"
    assert json.loads(_run("users", "list", "-d", database_url, "-f", "json")) == []
    result = runner.invoke(app, ["users", "disable", "nobody", "-d", database_url])
    assert (result.exit_code, result.output.strip()) == (1, "minutebook: user 'nobody': no such user")


def test_a_token_is_printed_once_and_works_until_revoked(database_url: str) -> None:
    token = _run("tokens", "create", "feed", "--role", "clerk", "-d", database_url).strip()
    engine = open_engine(database_url)
    assert token_identity(engine, token) is not None
    assert token not in _run("tokens", "list", "-d", database_url)
    _run("tokens", "revoke", "feed", "-d", database_url)
    assert token_identity(engine, token) is None
