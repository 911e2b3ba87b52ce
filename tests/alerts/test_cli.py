"""`minutebook alerts send|list`: what cron runs and what it prints, and the one-line errors."""

from __future__ import annotations

import json

import pytest
import sqlalchemy
from typer.testing import CliRunner

from minutebook.alerts import subscribe
from minutebook.alerts.subscriptions import search_target
from minutebook.cli import app
from minutebook.store import open_engine

from .conftest import Inbox

runner = CliRunner()


def test_send_and_list(database_url: str, smtp_server: tuple[Inbox, int], monkeypatch) -> None:
    engine = open_engine(database_url)
    subscribe(engine, "reader@example.org", search_target({"q": "budget"}))
    engine.dispose()
    monkeypatch.setenv("MINUTEBOOK_SMTP_URL", f"smtp://127.0.0.1:{smtp_server[1]}")
    result = runner.invoke(app, ["alerts", "send", "-d", database_url, "--site", "https://m.example.org"])
    assert result.exit_code == 0, result.output
    assert "1 confirmation requests" in result.stdout and "0 failed" in result.stdout
    [request] = smtp_server[0].messages
    assert "https://m.example.org/alerts/confirm/" in request.get_body(("plain",)).get_content()
    listed = runner.invoke(app, ["alerts", "list", "-d", database_url, "-f", "json"])
    [row] = json.loads(listed.stdout)
    assert row["email"] == "reader@example.org" and row["confirm_sent_at"] and not row["confirmed_at"]
    text = runner.invoke(app, ["alerts", "list", "-d", database_url]).stdout
    assert "waiting for confirmation" in text and "Search: budget" in text


def test_a_refusing_server_fails_the_job_so_cron_reports_it(
    database_url: str, smtp_server: tuple[Inbox, int], monkeypatch
) -> None:
    engine = open_engine(database_url)
    subscribe(engine, "reader@example.org", search_target({"q": "budget"}))
    engine.dispose()
    smtp_server[0].refuse = True
    monkeypatch.setenv("MINUTEBOOK_SMTP_URL", f"smtp://127.0.0.1:{smtp_server[1]}")
    result = runner.invoke(app, ["alerts", "send", "-d", database_url])
    assert result.exit_code == 1 and "retried next run" in result.stderr


@pytest.mark.parametrize("url", [None, "ftp://mail.example.org", "smtp://"])
def test_without_a_usable_smtp_url_one_line_error(database_url: str, monkeypatch, url: str | None) -> None:
    if url is None:
        monkeypatch.delenv("MINUTEBOOK_SMTP_URL", raising=False)
    else:
        monkeypatch.setenv("MINUTEBOOK_SMTP_URL", url)
    result = runner.invoke(app, ["alerts", "send", "-d", database_url])
    assert result.exit_code == 1 and result.stderr.startswith("minutebook: ") and "SMTP" in result.stderr
    assert "Traceback" not in result.output


def test_list_upgrades_an_old_database(tmp_path) -> None:
    from minutebook.store.migrate import migrate

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = open_engine(url)
    migrate(engine, "0007")  # before alerts
    assert "alert_subscriptions" not in sqlalchemy.inspect(engine).get_table_names()
    engine.dispose()
    result = runner.invoke(app, ["alerts", "list", "-d", url])
    assert result.exit_code == 0 and "no subscriptions" in result.stdout
