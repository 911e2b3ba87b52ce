"""Costly requests never starve cheap ones (issue 10, item 5): with the costly classes at their
limit, one more costly request is answered 503 with Retry-After at once, as JSON under /api/ and
as a page elsewhere, while a cheap page still answers 200; the held requests then finish."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from minutebook.web import hits
from minutebook.web.app import create_app
from minutebook.web.limits import costly_class, max_costly


def test_costly_classes_are_read_from_the_path() -> None:
    assert costly_class("/search") == costly_class("/api/v1/search/facets") == "search"
    assert costly_class("/api/v1/timeline.csv") == "timeline"
    assert costly_class("/search.atom") == "feed"
    assert costly_class("/export/sqlite") == "export"
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

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://site") as client:
            held = [asyncio.create_task(client.get("/api/v1/search?q=action")) for _ in range(2)]
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
