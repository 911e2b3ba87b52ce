"""Times as the database keeps them: ISO 8601 UTC strings, which sort as times on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def ago(delta: timedelta) -> str:
    return stamp(now() - delta)
