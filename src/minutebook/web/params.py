"""Query parameters shared by a page and its JSON twin, with their bounds: a request outside them
gets a 422 in the error shape, never a slow query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BeforeValidator

MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_QUERY = 500

Kind = Literal["paragraph", "decision", "action", "item"]
SearchSort = Literal["relevance", "date"]
RegisterSort = Literal["-date", "date", "body"]

# A form sends an empty field as `name=`: that means "not given", not "invalid".
Blank = BeforeValidator(lambda value: value or None)

Text = Annotated[str, Query(max_length=MAX_QUERY, description="Words to look for.")]


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many to return (1-100).")] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many to skip.")] = 0,
) -> Page:
    return Page(limit, offset)


@dataclass(frozen=True)
class Filters:
    """What the search page and the registers filter by."""

    q: str
    body: str | None
    since: date | None
    until: date | None
    person: str | None = None


def search_filters(
    q: Text = "",
    body: Annotated[str | None, Query(max_length=200, description="Body slug, e.g. `cabinet`.")] = None,
    since: Annotated[date | None, Blank, Query(description="On or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Blank, Query(description="On or before this date (YYYY-MM-DD).")] = None,
    person: Annotated[str | None, Query(max_length=200, description="A person named in the hit.")] = None,
    year: Annotated[
        int | None, Query(ge=1800, le=2200, description="Shorthand for one calendar year.")
    ] = None,
) -> Filters:
    if year is not None:
        since, until = date(year, 1, 1), date(year, 12, 31)
    return Filters(q.strip(), body or None, since, until, (person or "").strip() or None)
