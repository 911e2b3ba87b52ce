"""Databases for the web tests: the real documents (seeds and corpus), and a chain of meetings
where actions are raised and followed up (tests/registers/meetings.py); each filled as the CLI
fills one, registers refreshed after the ingest; and, for the browser tests, those databases
served by `minutebook serve` and Debian's chromium driven through Playwright."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import create_engine

with warnings.catch_warnings():  # starlette's note that httpx2 exists; the client works as is
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from minutebook.ingest import ingest
from minutebook.parse import parse_document
from minutebook.read.detect import read_path
from minutebook.registers import refresh
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from minutebook.web.app import create_app
from registers.meetings import LATER, load_meetings, raised


def _filled(url: str, folders: list[Path]) -> str:
    engine = open_engine(url)
    migrate(engine)
    report = ingest(engine, folders, workers=1)
    refresh(engine)
    engine.dispose()
    assert report.new >= 20, report
    return url


@pytest.fixture(scope="session")
def sqlite_web_url(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, corpus_dir: Path) -> str:
    """The real seeds and corpus in a SQLite file: what the browser and fuzz tests serve."""
    return _filled(f"sqlite:///{tmp_path_factory.mktemp('web') / 'minutebook.db'}", [seeds_dir, corpus_dir])


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def web_database_url(request: pytest.FixtureRequest, seeds_dir: Path, corpus_dir: Path) -> str:
    """The same documents on each backend (PostgreSQL: the session server of tests/conftest.py)."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_web_url")
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    name = f"web_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
    admin.dispose()
    return _filled(f"{server}/{name}", [seeds_dir, corpus_dir])


@pytest.fixture(scope="session")
def chain_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file of the action chain: raised at Cabinet on 2014-01-15, followed up later."""
    folder = tmp_path_factory.mktemp("chain")
    url = f"sqlite:///{folder / 'minutebook.db'}"
    engine = open_engine(url)
    migrate(engine)
    load_meetings(engine, folder / "pages", [raised(), *LATER])
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def chain_client(chain_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(chain_url)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def app(web_database_url: str) -> FastAPI:
    return create_app(web_database_url)


@pytest.fixture(scope="session")
def sqlite_app(sqlite_web_url: str) -> FastAPI:
    return create_app(sqlite_web_url)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def seed_meetings(seeds_dir: Path) -> list[dict[str, Any]]:
    """The two founding meetings as the parser reads them (what the database holds), with their file."""
    return [
        {**parse_document(read_path(path)).to_dict(), "file": path.name}
        for path in sorted(seeds_dir.glob("*.txt"))
    ]


# --- The site in a browser ---------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _served(database_url: str) -> Iterator[str]:
    """`minutebook serve` on a free port for this database; yields its base URL."""
    port = _free_port()
    minutebook = str(Path(sys.executable).with_name("minutebook"))
    command = [minutebook, "serve", "--port", str(port), "--database", database_url]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/static/site.css", timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    pytest.fail(
                        f"minutebook serve exited: {server.stdout.read().decode() if server.stdout else ''}"
                    )
                time.sleep(0.1)
        else:
            pytest.fail("minutebook serve did not start within 10 s")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def site(sqlite_web_url: str) -> Iterator[str]:
    with _served(sqlite_web_url) as base:
        yield base


@pytest.fixture(scope="module")
def chain_site(chain_url: str) -> Iterator[str]:
    """The action chain of tests/registers/meetings.py, served."""
    with _served(chain_url) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
