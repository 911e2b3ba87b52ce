"""A database built from the real documents (seeds and corpus), shared by the web tests."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine

with warnings.catch_warnings():  # starlette's note that httpx2 exists; the client works as is
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from minutebook.errors import ReadError
from minutebook.parse import parse_document
from minutebook.read.detect import read_path
from minutebook.record import meeting_id
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate
from minutebook.store.save import save
from minutebook.web.app import create_app


def _load(engine: Engine, folders: list[Path]) -> int:
    saved = 0
    for path in sorted(
        p
        for folder in folders
        for p in folder.iterdir()
        if p.suffix in {".txt", ".md", ".html", ".xml", ".pdf"}
    ):
        try:
            record = parse_document(read_path(path))
        except ReadError:
            continue  # committee lists, councillor lists: real files that hold no meeting
        save(engine, record, path.read_bytes())
        saved += 1
    return saved


@pytest.fixture(scope="session")
def web_database_url(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, corpus_dir: Path) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'minutebook.db'}"
    engine = open_engine(url)
    migrate(engine)
    assert _load(engine, [seeds_dir, corpus_dir]) >= 20
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def app(web_database_url: str) -> FastAPI:
    return create_app(web_database_url)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def seed_meetings(seeds_dir: Path) -> list[dict[str, Any]]:
    """The two founding meetings as their answer keys describe them, with their meeting ids."""
    found = []
    for path in sorted(seeds_dir.glob("*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        expected["id"] = meeting_id(expected["header"]["body"], expected["header"]["date"])
        found.append(expected)
    return found
