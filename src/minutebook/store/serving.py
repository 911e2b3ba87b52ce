"""The engines the web app reads and writes through: a statement timeout, and a read-only role.

A public site must not let one slow question hold a database connection (and a core of the
server) for minutes: on PostgreSQL every connection the site opens carries
`statement_timeout` (MINUTEBOOK_STATEMENT_TIMEOUT_MS, default 5000; 0 turns it off), set when the
connection opens (`options=-c statement_timeout=...`), so a statement past it is cancelled by
the server and the page answers with an error instead of waiting. SQLite has no server to
cancel: the timeout does not apply there.

The public pages only read, so they may go through a role that can do nothing else: the site
reads through `read_only_url` (`serve --read-only-url`, or MINUTEBOOK_READONLY_DATABASE_URL)
when given one, and writes (a clerk's changes, alert subscriptions, sign-in) through the main
URL. Without one, both are the same engine.

A search or a timeline also gets a time budget as a whole (MINUTEBOOK_QUERY_SECONDS, default 5;
0 turns it off), set by `web.limits` around the request with `query_budget`: on SQLite a progress
handler stops the statement running when the budget is spent (SQLite's own interrupt), on both
backends a statement is not started once it is spent, and on PostgreSQL each statement's timeout
is lowered to what is left of the budget. Either way the request fails with `QueryTooBroad`, a `QueryError`
whose message asks for a narrower question, never a server error. What cannot be stopped: the
tantivy search itself (no interrupt from Python); the SQL after it is what the budget cuts short.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import ExceptionContext, make_url

from minutebook.errors import MinutebookError, QueryError
from minutebook.store.engine import database_url, open_engine

TIMEOUT_VARIABLE = "MINUTEBOOK_STATEMENT_TIMEOUT_MS"
READ_ONLY_VARIABLE = "MINUTEBOOK_READONLY_DATABASE_URL"
DEFAULT_TIMEOUT_MS = 5000
BUDGET_VARIABLE = "MINUTEBOOK_QUERY_SECONDS"
DEFAULT_BUDGET_SECONDS = 5.0
# SQLite calls the progress handler every this many virtual-machine steps: often enough to stop a
# statement within milliseconds of the budget, rarely enough to cost nothing measurable.
PROGRESS_STEPS = 10_000
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by its timeout

# The monotonic time by which the request in hand must be done; None outside a budgeted request.
# A context variable, so each request's threads and tasks see their own.
_deadline: ContextVar[float | None] = ContextVar("minutebook_query_deadline", default=None)


class QueryTooBroad(QueryError):
    """A search or timeline that ran past its time budget: the web answers 400 `query_too_broad`."""

    code = "query_too_broad"

    def __init__(self) -> None:
        super().__init__(
            f"This question matches too much to answer within {query_budget_seconds():g} seconds; "
            "narrow it: fewer words ending in *, a body, or a range of dates."
        )


def query_budget_seconds() -> float:
    """The time budget of a search or timeline in seconds (0: none); a malformed value is an
    operator's slip, so it falls back to the default rather than refusing every search."""
    try:
        seconds = float(os.environ.get(BUDGET_VARIABLE, DEFAULT_BUDGET_SECONDS))
    except ValueError:
        return DEFAULT_BUDGET_SECONDS
    return max(seconds, 0.0)


@contextmanager
def query_budget(seconds: float | None = None) -> Iterator[None]:
    """Within this block, the statements of serving engines stop when `seconds` (default: the
    configured budget) have passed, raising QueryTooBroad."""
    seconds = query_budget_seconds() if seconds is None else seconds
    token = _deadline.set(time.monotonic() + seconds if seconds else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def _spent() -> bool:
    deadline = _deadline.get()
    return deadline is not None and time.monotonic() > deadline


def _bound_by_budget(engine: Engine) -> Engine:
    """Hooks the budget into `engine`: SQLite's progress handler, a check before each statement,
    and the driver's interrupt or cancel turned into QueryTooBroad."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _with_progress_handler)
    event.listen(engine, "before_cursor_execute", _refuse_when_spent)
    event.listen(engine, "handle_error", _too_broad)
    return engine


def _with_progress_handler(connection: sqlite3.Connection, _record: Any) -> None:
    # Returning True makes SQLite abandon the statement with "interrupted".
    connection.set_progress_handler(_spent, PROGRESS_STEPS)


def _refuse_when_spent(connection: Connection, cursor: Any, *_args: Any) -> None:
    """No statement starts once the budget is spent; on PostgreSQL the next may take what is
    left of it (never more than the statement timeout): `set_config(..., true)` is SET LOCAL,
    gone when the request's transaction ends. One more round trip, in budgeted requests only."""
    deadline = _deadline.get()
    if deadline is None:
        return
    left_ms = int((deadline - time.monotonic()) * 1000)
    if left_ms <= 0:
        raise QueryTooBroad()
    if connection.dialect.name == "postgresql":
        timeout = statement_timeout_ms()
        allowed = min(left_ms, timeout) if timeout else left_ms
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", (str(allowed),))


def _too_broad(context: ExceptionContext) -> None:
    """SQLite's "interrupted" (our progress handler) or PostgreSQL's cancel by statement timeout,
    inside a budgeted request, is the question's cost: say so rather than fail with a 500."""
    if _deadline.get() is None:
        return
    error = context.original_exception
    interrupted = isinstance(error, sqlite3.OperationalError) and "interrupted" in str(error)
    cancelled = getattr(error, "sqlstate", None) == QUERY_CANCELED or getattr(error, "pgcode", None) == (
        QUERY_CANCELED
    )
    if interrupted or cancelled:
        raise QueryTooBroad() from error


def statement_timeout_ms() -> int:
    """The web app's statement timeout in milliseconds (0: none)."""
    given = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not given:
        return DEFAULT_TIMEOUT_MS
    if not given.isdigit():
        raise MinutebookError(f"{TIMEOUT_VARIABLE}={given!r}: give a whole number of milliseconds (0: none)")
    return int(given)


def serving_engine(url: str | None = None) -> Engine:
    """An engine for the web app: on PostgreSQL, each connection with the statement timeout; on
    both, statements bounded by the budget of `query_budget`."""
    url = database_url(url)
    timeout = statement_timeout_ms()
    if timeout and _is_postgresql(url):
        return _bound_by_budget(open_engine(url, connect_args={"options": f"-c statement_timeout={timeout}"}))
    return _bound_by_budget(open_engine(url))


def read_only_url(given: str | None = None) -> str | None:
    """The URL the site reads through, when one is given apart from the main URL."""
    return given or os.environ.get(READ_ONLY_VARIABLE) or None


def _is_postgresql(url: str) -> bool:
    try:
        return make_url(url).get_backend_name() == "postgresql"
    except Exception:  # a malformed URL: open_engine says what is wrong with it
        return False
