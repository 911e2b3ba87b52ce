"""Costly requests never starve cheap ones (issue 10, item 5): with the costly classes at their
limit, one more costly request is answered 503 with Retry-After at once, as JSON under /api/ and
as a page elsewhere, while a cheap page still answers 200; the held requests then finish. One
client at its share of a class is answered 429 while others still get in; a search or timeline
past its time budget answers 400 `query_too_broad`, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from minutebook.registers import timeline
from minutebook.store.serving import QueryTooBroad, query_budget, serving_engine
from minutebook.web import hits
from minutebook.web.app import create_app
from minutebook.web.limits import costly_class, max_costly, max_costly_per_client
from web.conftest import _served


def test_costly_classes_are_read_from_the_path() -> None:
    assert costly_class("/search") == costly_class("/api/v1/search/facets") == "search"
    assert costly_class("/api/v1/timeline.csv") == "timeline"
    assert costly_class("/search.atom") == "feed"
    assert costly_class("/export/sqlite") == "export"
    assert costly_class("/plans") == costly_class("/api/v1/makers/commissioner-kenny") == "plans"
    assert costly_class("/meetings") is costly_class("/export") is costly_class("/api/v1/people") is None


def test_the_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINUTEBOOK_MAX_COSTLY", "7")
    assert max_costly() == 7
    monkeypatch.setenv("MINUTEBOOK_MAX_COSTLY", "nonsense")
    assert max_costly() == 4


def test_a_full_costly_class_answers_503_while_cheap_pages_answer(
    chain_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINUTEBOOK_MAX_COSTLY", "2")
    release, entered = threading.Event(), []
    real_find = hits.find

    def slow_find(*args: Any, **kwargs: Any) -> Any:
        entered.append(1)
        release.wait(timeout=10)  # a search that takes a while, holding its place
        return real_find(*args, **kwargs)

    monkeypatch.setattr(hits, "find", slow_find)
    app = create_app(chain_url, cache=False)

    def client_at(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://site")

    async def scenario() -> None:
        # Two clients hold the class's two places; a third is refused (503) though it holds none.
        async with (
            client_at("192.0.2.1") as first,
            client_at("192.0.2.2") as second,
            client_at("192.0.2.3") as client,
        ):
            held = [asyncio.create_task(c.get("/api/v1/search?q=action")) for c in (first, second)]
            for _ in range(200):
                if len(entered) == 2:
                    break
                await asyncio.sleep(0.025)
            try:
                assert len(entered) == 2, "the held searches never started"
                refused = await asyncio.wait_for(client.get("/api/v1/search?q=budget"), 3)
                assert refused.status_code == 503
                assert refused.headers["retry-after"] == "5"
                assert refused.json()["error"]["code"] == "overloaded"
                page = await asyncio.wait_for(client.get("/search?q=budget"), 3)
                assert page.status_code == 503 and "try again" in page.text
                assert page.headers["content-type"].startswith("text/html")
                cheap = await asyncio.wait_for(client.get("/meetings"), 3)
                assert cheap.status_code == 200
                assert len(entered) == 2  # the refused ones never reached the search
            finally:
                release.set()
            answers = await asyncio.wait_for(asyncio.gather(*held), 20)
            assert [a.status_code for a in answers] == [200, 200]
            after = await asyncio.wait_for(client.get("/api/v1/search?q=budget"), 20)
            assert after.status_code == 200  # the places were given back

    asyncio.run(scenario())


def test_the_per_client_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    assert max_costly_per_client() == 2
    monkeypatch.setenv("MINUTEBOOK_MAX_COSTLY_PER_CLIENT", "3")
    assert max_costly_per_client() == 3
    monkeypatch.setenv("MINUTEBOOK_MAX_COSTLY_PER_CLIENT", "0")
    assert max_costly_per_client() == 2


def test_one_client_cannot_take_every_place_of_a_class(
    chain_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client at its share is answered 429 at once; another client's search still runs."""
    monkeypatch.setenv("MINUTEBOOK_MAX_COSTLY", "4")
    monkeypatch.setenv("MINUTEBOOK_MAX_COSTLY_PER_CLIENT", "1")
    release, entered = threading.Event(), []
    real_find = hits.find

    def slow_find(*args: Any, **kwargs: Any) -> Any:
        entered.append(1)
        release.wait(timeout=10)
        return real_find(*args, **kwargs)

    monkeypatch.setattr(hits, "find", slow_find)
    app = create_app(chain_url, cache=False)

    def client_at(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://site")

    async def scenario() -> None:
        async with client_at("192.0.2.1") as looping, client_at("192.0.2.2") as other:
            held = asyncio.create_task(looping.get("/api/v1/search?q=action"))
            for _ in range(200):
                if entered:
                    break
                await asyncio.sleep(0.025)
            try:
                assert entered, "the held search never started"
                refused = await asyncio.wait_for(looping.get("/api/v1/search?q=budget"), 3)
                assert refused.status_code == 429
                assert refused.headers["retry-after"] == "5"
                assert refused.json()["error"]["code"] == "too_many_requests"
                page = await asyncio.wait_for(looping.get("/search?q=budget"), 3)
                assert page.status_code == 429 and "wait for them to finish" in page.text
                # A timeline is another class: the same client may run one beside its search.
                assert (
                    await asyncio.wait_for(looping.get("/api/v1/timeline.csv?q=action"), 10)
                ).status_code == 200
                theirs = asyncio.create_task(other.get("/api/v1/search?q=budget"))
                for _ in range(200):
                    if len(entered) == 2:
                        break
                    await asyncio.sleep(0.025)
                assert len(entered) == 2, "the other client's search was not let in"
            finally:
                release.set()
            assert (await asyncio.wait_for(held, 20)).status_code == 200
            assert (await asyncio.wait_for(theirs, 20)).status_code == 200
            again = await asyncio.wait_for(looping.get("/api/v1/search?q=budget"), 20)
            assert again.status_code == 200  # its place was given back

    asyncio.run(scenario())


def _slowed(seconds: float, function: Any) -> Any:
    """`function` after `seconds` of work that cannot be interrupted (as tantivy's search)."""

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return function(*args, **kwargs)

    return slow


@pytest.mark.parametrize(
    ("module", "name", "api", "page"),
    [
        (hits, "search", "/api/v1/search?q=action&mode=lexical", "/search?q=action&mode=lexical"),
        (timeline, "count_by_month", "/api/v1/timeline?q=action", "/timeline?q=action"),
    ],
)
def test_a_search_or_timeline_past_its_budget_says_the_question_is_too_broad(
    chain_url: str, monkeypatch: pytest.MonkeyPatch, module: Any, name: str, api: str, page: str
) -> None:
    """The index's part cannot be stopped; the statements after it are not run once the budget
    is spent, and the answer is a 400 that says why, never a 500."""
    monkeypatch.setenv("MINUTEBOOK_QUERY_SECONDS", "0.2")
    monkeypatch.setattr(module, name, _slowed(0.4, getattr(module, name)))
    client = TestClient(create_app(chain_url, cache=False))
    answer = client.get(api)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]["code"] == "query_too_broad"
    assert "narrow it" in answer.json()["error"]["message"]
    shown = client.get(page)
    assert shown.status_code != 500 and "narrow it" in shown.text
    monkeypatch.setenv("MINUTEBOOK_QUERY_SECONDS", "5")
    assert client.get(api).status_code == 200  # the same question within its budget


def test_sqlite_stops_a_statement_running_past_the_budget(tmp_path: Path) -> None:
    engine = serving_engine(f"sqlite:///{tmp_path / 'budget.db'}")
    endless = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000000) "
        "SELECT count(*) FROM n"
    )
    started = time.monotonic()
    with engine.connect() as connection, query_budget(0.2), pytest.raises(QueryTooBroad):
        connection.exec_driver_sql(endless)
    assert time.monotonic() - started < 3  # stopped by the progress handler, not run to its end
    with engine.connect() as connection:  # outside a budget, nothing is stopped
        assert connection.exec_driver_sql("SELECT 1").scalar_one() == 1
    engine.dispose()


def test_postgresql_cancels_a_statement_past_the_budget_or_its_timeout_as_too_broad(
    postgres_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINUTEBOOK_STATEMENT_TIMEOUT_MS", "200")
    engine = serving_engine(f"{postgres_server}/postgres")
    with engine.connect() as connection, query_budget(5), pytest.raises(QueryTooBroad):
        connection.exec_driver_sql("SELECT pg_sleep(3)")  # the statement timeout, under the budget
    engine.dispose()
    monkeypatch.setenv("MINUTEBOOK_STATEMENT_TIMEOUT_MS", "5000")
    engine = serving_engine(f"{postgres_server}/postgres")
    started = time.monotonic()
    with engine.connect() as connection, query_budget(0.3), pytest.raises(QueryTooBroad):
        connection.exec_driver_sql("SELECT pg_sleep(3)")  # what is left of the budget
    assert time.monotonic() - started < 2
    with engine.connect() as connection:  # outside a budget: the timeout of 5 s again
        connection.exec_driver_sql("SELECT pg_sleep(0.5)")
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar_one() == "5s"
    engine.dispose()


def test_one_visitor_asking_one_search_after_another_is_never_refused(
    chain_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real server: the place of an answered search is given back before the answer's last
    bytes are sent, so the same client's next search (at a share of 1) finds it free."""
    monkeypatch.setenv("MINUTEBOOK_MAX_COSTLY_PER_CLIENT", "1")
    words = ["action", "budget", "council", "report", "meeting", "cabinet", "member", "minutes"]
    with _served(chain_url) as base, httpx.Client(base_url=base, timeout=30) as client:
        statuses = [
            client.get("/api/v1/search", params={"q": f"{a} {b}", "mode": "lexical"}).status_code
            for a in words
            for b in words
        ]
    assert set(statuses) == {200}, statuses
