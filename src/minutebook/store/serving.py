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
"""

from __future__ import annotations

import os

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from minutebook.errors import MinutebookError
from minutebook.store.engine import database_url, open_engine

TIMEOUT_VARIABLE = "MINUTEBOOK_STATEMENT_TIMEOUT_MS"
READ_ONLY_VARIABLE = "MINUTEBOOK_READONLY_DATABASE_URL"
DEFAULT_TIMEOUT_MS = 5000


def statement_timeout_ms() -> int:
    """The web app's statement timeout in milliseconds (0: none)."""
    given = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not given:
        return DEFAULT_TIMEOUT_MS
    if not given.isdigit():
        raise MinutebookError(f"{TIMEOUT_VARIABLE}={given!r}: give a whole number of milliseconds (0: none)")
    return int(given)


def serving_engine(url: str | None = None) -> Engine:
    """An engine for the web app: on PostgreSQL, each connection with the statement timeout."""
    url = database_url(url)
    timeout = statement_timeout_ms()
    if timeout and _is_postgresql(url):
        return open_engine(url, connect_args={"options": f"-c statement_timeout={timeout}"})
    return open_engine(url)


def read_only_url(given: str | None = None) -> str | None:
    """The URL the site reads through, when one is given apart from the main URL."""
    return given or os.environ.get(READ_ONLY_VARIABLE) or None


def _is_postgresql(url: str) -> bool:
    try:
        return make_url(url).get_backend_name() == "postgresql"
    except Exception:  # a malformed URL: open_engine says what is wrong with it
        return False
