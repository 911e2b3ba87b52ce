"""`minutebook serve`: refuses, in one line, a database it cannot serve; runs one worker per core
(each with its own answer cache, none of them serving a page older than the data)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.cli.serve import worker_app
from minutebook.ingest import ingest
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate


def test_serve_refuses_a_database_without_tables(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--database", f"sqlite:///{tmp_path / 'empty.db'}"])
    assert result.exit_code == 1
    assert "has no minutebook tables" in result.output
    assert "Traceback" not in result.output


def test_serve_refuses_a_malformed_url() -> None:
    result = CliRunner().invoke(app, ["serve", "--database", "nonsense"])
    assert result.exit_code == 1
    assert "not a database URL" in result.output


@pytest.fixture(scope="module")
def seed_url(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    """A SQLite file of the first seed meeting."""
    folder = tmp_path_factory.mktemp("serve")
    (folder / "pages").mkdir()
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], folder / "pages")
    url = f"sqlite:///{folder / 'minutebook.db'}"
    engine = open_engine(url)
    migrate(engine)
    ingest(engine, [folder / "pages"], workers=1)
    engine.dispose()
    return url


def test_serve_runs_one_worker_per_core_by_default(seed_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, dict]] = []

    def run(app: object, **options: object) -> None:
        listener = socket.socket(fileno=os.dup(options["fd"]))  # type: ignore[call-overload]
        with listener:  # Nagle off, or each answer waits ~40 ms for the client's delayed ACK
            options["nodelay"] = listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        calls.append((app, options))

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    # Restored after the test: serve passes the URL and the cache setting to its workers this way.
    monkeypatch.setenv("MINUTEBOOK_DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("MINUTEBOOK_SERVE_CACHE", "1")
    result = CliRunner().invoke(app, ["serve", "--database", seed_url, "--no-cache"])
    assert result.exit_code == 0, result.output
    [(target, options)] = calls
    assert target == "minutebook.cli.serve:worker_app"
    assert options["workers"] == 3
    assert options["nodelay"]
    # What each worker process builds from the environment its parent set.
    worker = worker_app()
    assert worker.state.response_cache is None
    assert str(worker.state.engine.url) == seed_url


def test_serve_with_one_worker_runs_the_app_itself(seed_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, dict]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    result = CliRunner().invoke(app, ["serve", "--database", seed_url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    [(site, options)] = calls
    assert isinstance(site, FastAPI)
    assert site.state.response_cache is not None
    assert "workers" not in options


def test_two_workers_serve_and_see_a_new_ingest(seed_url: str, seeds_dir: Path, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    minutebook = str(Path(sys.executable).with_name("minutebook"))
    command = [minutebook, "serve", "--port", str(port), "--database", seed_url, "--workers", "2"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                before = httpx.get(base + "/api/v1/meetings", timeout=2).json()["meta"]["total"]
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                time.sleep(0.1)
        else:
            pytest.fail("minutebook serve --workers 2 did not start within 20 s")
        with httpx.Client(base_url=base) as client:  # several connections' worth, to reach both workers
            assert {client.get("/api/v1/meetings").status_code for _ in range(10)} == {200}
        (tmp_path / "more").mkdir()
        shutil.copy(sorted(seeds_dir.glob("*.txt"))[1], tmp_path / "more")
        engine = open_engine(seed_url)
        ingest(engine, [tmp_path / "more"], workers=1)
        engine.dispose()
        totals = {httpx.get(base + "/api/v1/meetings").json()["meta"]["total"] for _ in range(10)}
        assert totals == {before + 1}
    finally:
        server.terminate()
        server.wait(timeout=30)
