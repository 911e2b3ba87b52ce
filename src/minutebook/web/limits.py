"""Costly requests never starve cheap ones: a concurrency limit per costly class of request.

A search, a timeline, the search feed and an export download can each take seconds on a large
record (issue 10: four clients looping a broad prefix query pushed cheap pages from 7 ms to a 5 s
median). This ASGI middleware owns these defences, per worker process:

- each costly class (`COSTLY`) may run at most `MINUTEBOOK_MAX_COSTLY` requests at once (default
  4); one more is answered at once with 503 and `Retry-After`, as JSON (the error shape of
  `web.responses`) under /api/ and as the site's error page elsewhere;
- one client may hold at most `MINUTEBOOK_MAX_COSTLY_PER_CLIENT` of a class's places (default 2:
  a search page asks for its hits and its counts at once), so one client looping costly queries
  cannot take them all; one more from it is answered 429 with `Retry-After`, and the others'
  requests still run. A client is its address (`scope["client"]`, which uvicorn takes from
  X-Forwarded-For when the peer is a trusted proxy: FORWARDED_ALLOW_IPS, loopback by default).
  Not its bearer token: the costly pages are public, and a token not checked would let one
  client call itself many;
- searches, timelines and the search feed run under the time budget of `store.serving`
  (`query_budget`): past it, their SQL stops and the answer says the question was too broad;
- an admitted costly request runs on a thread of its own, with its own event loop, so the
  worker's loop stays free for cheap pages while it works (the views run their CPU and SQLite work
  inline on the loop, which is fastest for cheap pages but let one slow query stop every other).
  SQLite and PostgreSQL drivers release the GIL while a statement runs, so the cheap pages proceed.

Answers kept by `web.cache` are replayed before this middleware (it sits inside the cache), so a
popular search costs nothing and is never refused.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from minutebook.store.serving import query_budget
from minutebook.web import responses

MAX_COSTLY_VARIABLE = "MINUTEBOOK_MAX_COSTLY"
DEFAULT_MAX_COSTLY = 4
PER_CLIENT_VARIABLE = "MINUTEBOOK_MAX_COSTLY_PER_CLIENT"
DEFAULT_PER_CLIENT = 2
RETRY_AFTER_SECONDS = 5

# The classes of request whose cost grows with the record or the question, by path (pages and
# their /api/v1 twins alike).
COSTLY: dict[str, re.Pattern[str]] = {
    "search": re.compile(r"^(/api/v1)?/search(/facets)?/?$"),
    "timeline": re.compile(r"^(/api/v1)?/timeline(\.csv)?/?$"),
    "feed": re.compile(r"^/search\.atom$"),
    "export": re.compile(r"^/export/[^/]+$"),
    # read from every stored paragraph or decision when asked (registers.plans, registers.makers):
    # seconds on a large council before the answer cache keeps them
    "plans": re.compile(r"^(/api/v1)?/(plans|makers)(/[^/]+)?/?$"),
}
# The classes that answer a question, so run under the time budget (a download of everything may
# rightly take longer than a question should).
BUDGETED = frozenset({"search", "timeline", "feed"})


def max_costly() -> int:
    """The per-class limit from the environment; a value that is not a positive whole number is
    an operator's slip, so it falls back to the default rather than refusing everything."""
    return _positive(MAX_COSTLY_VARIABLE, DEFAULT_MAX_COSTLY)


def max_costly_per_client() -> int:
    """How many of a class's places one client may hold (at most the class's limit)."""
    return _positive(PER_CLIENT_VARIABLE, DEFAULT_PER_CLIENT)


def _positive(variable: str, default: int) -> int:
    try:
        value = int(os.environ.get(variable, default))
    except ValueError:
        return default
    return value if value > 0 else default


def client_of(scope: Scope) -> str:
    """Who is asking: the client's address ("" when the server does not know it)."""
    client = scope.get("client")
    return str(client[0]) if client else ""


def costly_class(path: str) -> str | None:
    return next((name for name, pattern in COSTLY.items() if pattern.match(path)), None)


class CostlyLimit:
    """At most `limit` requests of each costly class at once (the rest answered 503), and at most
    `per_client` of them from one client (the rest of its answered 429)."""

    def __init__(self, app: ASGIApp, limit: int | None = None, per_client: int | None = None) -> None:
        self.app = app
        self.limit = limit or max_costly()
        self.per_client = min(per_client or max_costly_per_client(), self.limit)
        # Both changed on the event loop only; a client's count is dropped when it reaches 0.
        self.running: dict[str, int] = dict.fromkeys(COSTLY, 0)
        self.by_client: Counter[tuple[str, str]] = Counter()
        self.threads = anyio.CapacityLimiter(self.limit * len(COSTLY))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = costly_class(scope["path"]) if scope["type"] == "http" else None
        if kind is None:
            await self.app(scope, receive, send)
            return
        holder = (kind, client_of(scope))
        if self.by_client[holder] >= self.per_client:
            await _refuse(scope, send, 429, "too_many_requests", _TOO_MANY)
            return
        if self.running[kind] >= self.limit:
            await _refuse(scope, send, 503, "overloaded", _OVERLOADED)
            return
        self.running[kind] += 1
        self.by_client[holder] += 1
        held = True

        def give_back() -> None:
            nonlocal held
            if held:
                held = False
                self.running[kind] -= 1
                self.by_client[holder] -= 1
                if not self.by_client[holder]:
                    del self.by_client[holder]

        async def sending(message: Message) -> None:
            # The place is given back before the answer's last bytes go out: a client that asks
            # again as soon as it has its answer must not find its previous place still taken
            # (one visitor asking one search after another was refused 429 now and then).
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                give_back()
            await send(message)

        try:
            await _on_own_thread(self.app, scope, receive, sending, self.threads, budgeted=kind in BUDGETED)
        finally:
            give_back()


async def _on_own_thread(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    threads: anyio.CapacityLimiter,
    *,
    budgeted: bool,
) -> None:
    """Run `app` for one request on a worker thread with an event loop of its own (under the
    query time budget if `budgeted`); what it receives and sends is passed back to the server's
    loop, which owns the connection."""
    loop = asyncio.get_running_loop()

    def on_server_loop(call: Callable[[], Awaitable[Any]]) -> Awaitable[Any]:
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(_awaited(call), loop))

    async def receive_there() -> Message:
        return await on_server_loop(receive)

    async def send_there(message: Message) -> None:
        await on_server_loop(lambda: send(message))

    async def answer() -> None:
        if not budgeted:
            await app(scope, receive_there, send_there)
            return
        # Set here, on the request's own thread and task, so every statement it runs sees it.
        with query_budget():
            await app(scope, receive_there, send_there)

    def run() -> None:
        asyncio.run(answer())

    await anyio.to_thread.run_sync(run, limiter=threads)


async def _awaited(call: Callable[[], Awaitable[Any]]) -> Any:
    return await call()


_OVERLOADED = (
    "The site is answering as many searches, timelines and downloads as it can just now; "
    f"please try again in {RETRY_AFTER_SECONDS} seconds."
)
_TOO_MANY = (
    "You already have as many searches, timelines or downloads of this kind running as one visitor "
    f"may; please wait for them to finish, or try again in {RETRY_AFTER_SECONDS} seconds."
)


async def _refuse(scope: Scope, send: Send, status: int, code: str, message: str) -> None:
    """The answer to a request refused at once: `status` with Retry-After, JSON under /api/."""
    if scope["path"].startswith("/api/"):
        body = responses.json_error(status, code, message).body
        media = b"application/json"
    else:
        body = _error_page(scope, message).encode()
        media = b"text/html; charset=utf-8"
    headers = [
        (b"content-type", media),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _error_page(scope: Scope, message: str) -> str:
    """The site's error page when the app is at hand (always, under `create_app`), else text."""
    from minutebook.web.render import render

    app = scope.get("app")
    templates = getattr(getattr(app, "state", None), "templates", None)
    if templates is None:
        return message
    query = scope.get("query_string", b"").decode("latin-1")
    api_url = "/api/v1" + scope["path"] + (f"?{query}" if query else "")
    return render(templates, "error.html", title="Busy just now", message=message, api_url=api_url)
