"""The answer cache: kept answers are replayed (with 304 for a held ETag), and never outlive a change
to the database, whichever connection or process made it, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from pathlib import Path

import pytest
from alembic import command
from fastapi import FastAPI
from sqlalchemy import Engine, create_engine

with warnings.catch_warnings():  # starlette's note that httpx2 exists; the client works as is
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from minutebook.ingest import ingest
from minutebook.record import MeetingRecord
from minutebook.registers import refresh
from minutebook.registers.actions import actions, close_action
from minutebook.registers.people import rename_person
from minutebook.store import save
from minutebook.store.engine import open_engine
from minutebook.store.migrate import alembic_config
from minutebook.web import cache as cache_module
from minutebook.web.app import create_app
from minutebook.web.cache import Answer, ResponseCache, data_version
from registers.meetings import load_meetings, raised


def _folder_with(tmp_path: Path, name: str, files: list[Path]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder)
    return folder


@pytest.fixture
def seed_files_sorted(seeds_dir: Path) -> list[Path]:
    files = sorted(seeds_dir.glob("*.txt"))
    assert len(files) >= 2
    return files


@pytest.fixture
def one_meeting_url(database_url: str, tmp_path: Path, seed_files_sorted: list[Path]) -> str:
    """A database holding the first seed meeting only, on each backend."""
    engine = open_engine(database_url)
    ingest(engine, [_folder_with(tmp_path, "first", seed_files_sorted[:1])], workers=1)
    engine.dispose()
    return database_url


def _ingest_elsewhere(url: str, folder: Path) -> None:
    """An ingest through an engine of its own, as `minutebook ingest` in another process would."""
    engine = open_engine(url)
    report = ingest(engine, [folder], workers=1)
    engine.dispose()
    assert report.new == 1, report


def test_a_repeated_get_is_answered_from_the_cache(one_meeting_url: str) -> None:
    app = create_app(one_meeting_url)
    cache = app.state.response_cache
    with TestClient(app) as client:
        first = client.get("/meetings")
        second = client.get("/meetings")
    assert first.status_code == second.status_code == 200
    assert (cache.misses, cache.hits) == (1, 1)
    assert "x-cache" not in first.headers
    assert second.headers["x-cache"] == "hit"
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    # The policy's headers are added once to a replayed answer, not stored and added again.
    assert second.headers.get_list("x-frame-options") == ["DENY"]
    assert second.headers["content-type"] == first.headers["content-type"]


def test_a_held_etag_gets_304_from_the_cache(one_meeting_url: str) -> None:
    app = create_app(one_meeting_url)
    with TestClient(app) as client:
        tag = client.get("/api/v1/meetings").headers["etag"]
        again = client.get("/api/v1/meetings", headers={"if-none-match": f'W/"other", {tag}'})
        other = client.get("/api/v1/meetings", headers={"if-none-match": '"other"'})
    assert app.state.response_cache.hits == 2
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert other.status_code == 200
    assert other.headers["etag"] == tag


def test_no_stale_page_after_an_ingest(
    tmp_path: Path, one_meeting_url: str, seed_files_sorted: list[Path]
) -> None:
    app = create_app(one_meeting_url)
    with TestClient(app) as client:
        before = client.get("/api/v1/meetings").json()
        assert client.get("/api/v1/meetings").json() == before  # now kept
        tag = client.get("/meetings").headers["etag"]
        _ingest_elsewhere(one_meeting_url, _folder_with(tmp_path, "second", seed_files_sorted[1:2]))
        after = client.get("/api/v1/meetings").json()
        page = client.get("/meetings", headers={"if-none-match": tag})
    assert after["meta"]["total"] == before["meta"]["total"] + 1
    assert page.status_code == 200  # the list changed, so the held copy is not confirmed
    assert page.headers["etag"] != tag


def test_no_stale_page_after_a_clerk_closes_an_action(database_url: str, tmp_path: Path) -> None:
    engine = open_engine(database_url)
    load_meetings(engine, tmp_path / "pages", [raised()])
    app = create_app(engine)
    with TestClient(app) as client:
        before = client.get("/api/v1/registers/actions", params={"status": "closed"}).json()
        assert client.get("/api/v1/registers/actions", params={"status": "closed"}).json() == before
        assert app.state.response_cache.hits == 1
        clerk = open_engine(database_url)  # as `minutebook actions close` in another process
        with clerk.begin() as connection:
            first = actions(connection).rows[0]
            close_action(connection, first.id, "Done.")
        clerk.dispose()
        after = client.get("/api/v1/registers/actions", params={"status": "closed"}).json()
    engine.dispose()
    assert before["data"] == []
    assert [(row["id"], row["close_note"]) for row in after["data"]] == [(first.id, "Done.")]


def test_every_write_moves_the_version_and_a_save_of_nothing_new_does_not(
    engine: Engine, seed_records: list[tuple[MeetingRecord, bytes]]
) -> None:
    version = data_version(engine)
    assert version is not None
    record, data = seed_records[0]
    start = version()
    save(engine, record, data)
    saved = version()
    refresh(engine)
    refreshed = version()
    with engine.begin() as connection:  # a clerk's override, as `minutebook people rename` makes
        rename_person(connection, record.people[0].name, "Someone")
    renamed = version()
    assert save(engine, record, data) == "unchanged"  # nothing written
    assert len({start, saved, refreshed, renamed}) == 4 and version() == renamed


def test_errors_and_static_files_are_not_kept(one_meeting_url: str) -> None:
    app = create_app(one_meeting_url)
    with TestClient(app) as client:
        assert client.get("/meetings/no-such/2001-01-01").status_code == 404
        assert client.get("/meetings/no-such/2001-01-01").status_code == 404
        assert client.get("/static/site.css").status_code == 200
    assert app.state.response_cache.answers == {}


def test_head_is_answered_without_a_body_from_the_cache(one_meeting_url: str) -> None:
    app = create_app(one_meeting_url)
    with TestClient(app) as client:
        full = client.get("/bodies")
        head = client.head("/bodies")
    assert app.state.response_cache.hits == 1
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == full.headers["etag"]


def test_an_answer_made_while_the_data_changed_is_not_kept() -> None:
    versions = iter([1, 2])
    cache = ResponseCache(lambda: next(versions))
    started_at = cache.current()  # a request starts at version 1 ...
    assert cache.current() != started_at  # ... another sees an ingest's commit meanwhile
    cache.put(("/meetings", b""), Answer(200, [], b"old", b'"x"'), started_at)
    assert cache.get(("/meetings", b"")) is None


def test_the_cache_drops_the_least_recently_used_beyond_its_size() -> None:
    cache = ResponseCache(lambda: 1, max_bytes=10)
    version = cache.current()
    for name in ("a", "b", "c"):
        cache.put((f"/{name}", b""), Answer(200, [], b"12345", b'"x"'), version)
        if name == "a":
            cache.put(("/b", b""), Answer(200, [], b"1", b'"y"'), version)
    assert list(cache.answers) == [("/b", b""), ("/c", b"")]
    assert cache.size == 10


def test_answers_are_dropped_when_the_day_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ResponseCache(lambda: 1)
    cache.put(("/", b""), Answer(200, [], b"home", b'"x"'), cache.current())
    monkeypatch.setattr(cache_module, "_days", lambda: (dt.date(2099, 1, 2), dt.date(2099, 1, 2)))
    cache.current()
    assert cache.get(("/", b"")) is None


def test_which_databases_are_cached(engine: Engine) -> None:
    assert data_version(create_engine("sqlite://")) is None
    assert data_version(engine) is not None
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0004")
    # SQLite's counter is its own; PostgreSQL's is the table migration 0005 makes.
    assert (data_version(engine) is None) == (engine.dialect.name == "postgresql")


def test_the_cache_can_be_turned_off(one_meeting_url: str) -> None:
    app: FastAPI = create_app(one_meeting_url, cache=False)
    assert app.state.response_cache is None
    with TestClient(app) as client:
        assert client.get("/meetings").status_code == 200
