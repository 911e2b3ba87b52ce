"""A cache of whole answers for the read-only site, emptied whenever the database changes.

Every page and API answer is a function of its URL and the database's contents (no cookies, no
per-user content, no header changes the body), so an answer can be kept under its path and query
string until the data changes. "Changes" is a number read on a connection of the cache's own that never
writes, and that moves with every commit that changes the data, from any connection or process (an
ingest, a registers refresh, a clerk's command): SQLite's `PRAGMA data_version`, and on PostgreSQL
the `data_version` row that every writing statement adds one to (migration 0005). It is read
before each request, so the answer computed next starts its reads after every commit that check
saw; an answer is kept only if no newer version was seen while it was made. A stale page is
therefore never served. Answers are also dropped when the day changes, as some count to today.

Only 200 answers carrying an ETag (pages and API answers, see `web.responses`) are kept; errors
and the OpenAPI document pass through, and static files (cached by browsers for a year) skip the
cache. A kept answer is replayed as it was sent (marked `x-cache: hit`), or as 304 Not Modified
when the client already holds it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BYTES = 64 * 1024 * 1024  # per process; a meeting page is ~20 KB, so a few thousand pages
MAX_ANSWER = 1024 * 1024  # larger answers (a huge source page) are not worth the memory
Key = tuple[str, bytes]  # path, query string


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class SqliteVersion:
    """`PRAGMA data_version` of a SQLite file, read on a connection of its own."""

    def __init__(self, path: str) -> None:
        # Used from the event loop's thread only; opened wherever the app is built.
        self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._connection.execute("PRAGMA busy_timeout=10000")

    def __call__(self) -> int:
        return self._connection.execute("PRAGMA data_version").fetchone()[0]


class PostgresVersion:
    """The `data_version` row of a PostgreSQL database, read on a connection of its own in
    autocommit mode: each read sees every commit made before it, and no transaction (nor its lock
    on the table, which a migration would wait for) is held between reads."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._connection: Connection | None = None

    def __call__(self) -> int:
        try:
            return self._read()
        except DBAPIError:
            # The server closed the connection (a restart, say): once more, on a new one.
            if self._connection is not None:
                self._connection.invalidate()
                self._connection = None
            return self._read()

    def _read(self) -> int:
        if self._connection is None:
            self._connection = self._engine.connect()
        return self._connection.exec_driver_sql("SELECT version FROM data_version").scalar_one()


def data_version(engine: Engine) -> Callable[[], int] | None:
    """A function telling when the data behind `engine` changed, or None when there is no cheap,
    correct one: SQLite in memory or opened through a URI, and PostgreSQL before migration 0005."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        return PostgresVersion(engine) if inspect(engine).has_table("data_version") else None
    if url.database in (None, "", ":memory:") or url.query.get("uri"):
        return None
    return SqliteVersion(url.database)


class ResponseCache:
    """Answers by URL for the current data version, least recently used dropped beyond MAX_BYTES."""

    def __init__(self, version: Callable[[], object], max_bytes: int = MAX_BYTES) -> None:
        self.version = version
        self.max_bytes = max_bytes
        self.seen: object = None
        self.answers: OrderedDict[Key, Answer] = OrderedDict()
        self.size = 0
        self.hits = 0
        self.misses = 0

    def current(self) -> object:
        """Check the data version and the day, dropping every answer when either moved; returns them."""
        version = (self.version(), _days())
        if version != self.seen:
            self.answers.clear()
            self.size = 0
            self.seen = version
        return version

    def get(self, key: Key) -> Answer | None:
        answer = self.answers.get(key)
        if answer is not None:
            self.answers.move_to_end(key)
        return answer

    def put(self, key: Key, answer: Answer, version: object) -> None:
        # Made while a newer version was seen: it may hold older data, so it is not kept.
        if version != self.seen or len(answer.body) > MAX_ANSWER:
            return
        old = self.answers.pop(key, None)
        self.size += len(answer.body) - (len(old.body) if old else 0)
        self.answers[key] = answer
        while self.size > self.max_bytes:
            _, dropped = self.answers.popitem(last=False)
            self.size -= len(dropped.body)


class CacheAnswers:
    """ASGI middleware serving GETs from a `ResponseCache`, and filling it."""

    def __init__(self, app: ASGIApp, cache: ResponseCache, skip: tuple[str, ...]) -> None:
        self.app = app
        self.cache = cache
        self.skip = skip  # path prefixes served as is: static files (If-Modified-Since), private pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(self.skip):
            await self.app(scope, receive, send)
            return
        version = self.cache.current()
        key = (scope["path"], scope["query_string"])
        answer = self.cache.get(key)
        if answer is not None:
            self.cache.hits += 1
            await _replay(answer, _if_none_match(scope), send)
            return
        self.cache.misses += 1
        start: Message | None = None
        body: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                # A copy: middleware further out adds its headers to the message it is given.
                start = {**message, "headers": list(message.get("headers", []))}
                if not _keepable(start):  # a streamed download (no ETag) is passed on, never held
                    start = None
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    _store(self.cache, key, start, b"".join(body), version)
            await send(message)

        await self.app(scope, receive, keep)


def _etag(start: Message) -> bytes | None:
    return next((value for name, value in start["headers"] if name.lower() == b"etag"), None)


def _keepable(start: Message) -> bool:
    return start["status"] == 200 and _etag(start) is not None


def _store(cache: ResponseCache, key: Key, start: Message, body: bytes, version: object) -> None:
    etag = _etag(start)
    if start["status"] == 200 and etag is not None:
        cache.put(key, Answer(200, start["headers"], body, etag), version)


async def _replay(answer: Answer, if_none_match: set[bytes], send: Send) -> None:
    if answer.etag in if_none_match:
        # As `web.responses.conditional` answers it: the validators, no body.
        kept = [(n, v) for n, v in answer.headers if n.lower() in (b"etag", b"cache-control")]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    headers = [*answer.headers, (b"x-cache", b"hit")]  # for operators and benchmarks: no database work
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


def _days() -> tuple[dt.date, dt.date]:
    """Today, locally and in UTC: some answers count to today (days an action is open) or split on
    it (recent and upcoming meetings)."""
    return dt.date.today(), dt.datetime.now(dt.UTC).date()


def _if_none_match(scope: Scope) -> set[bytes]:
    tags: set[bytes] = set()
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            tags |= {part.strip().removeprefix(b"W/") for part in value.split(b",") if part.strip()}
    return tags
