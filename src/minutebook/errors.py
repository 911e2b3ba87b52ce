"""Errors a person can act on: each says which file or field failed and why, in one line."""

from __future__ import annotations


class MinutebookError(Exception):
    """A failure to report as one line (no traceback): `str(error)` is that line."""


class ReadError(MinutebookError):
    """A source could not be read: empty, binary, too large, undecodable, not a meeting."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class NotAMeeting(ReadError):
    """A source in a known format that holds no meeting (a committee list, a councillor list):
    the ingest layer skips it, or feeds it to what it is for, instead of failing a batch."""


class QueryError(MinutebookError):
    """A search query that cannot be run as written."""


class NotFound(MinutebookError):
    """Nothing stored under what was asked for: a meeting, body, person, source or version. The web
    answers it with a 404; `str(error)` is the sentence shown ("There is no meeting 'x'.")."""

    def __init__(self, what: str) -> None:
        super().__init__(f"There is no {what}.")


class Moved(NotFound):
    """Stored under another key now: a meeting or body that a council alias re-keyed
    (`store.aliases`). The web redirects to it (301); `kind` is meeting or body."""

    def __init__(self, what: str, kind: str, to: str) -> None:
        super().__init__(what)
        self.kind = kind
        self.to = to
