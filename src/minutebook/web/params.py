"""Query parameters shared by a page and its JSON twin, with their bounds: a request outside them
gets a 422 in the error shape, never a slow query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BeforeValidator

from minutebook.registers.actions import SORTS as ACTION_SORTS
from minutebook.registers.actions import STATUSES
from minutebook.registers.decisions import KINDS as DECISION_KINDS
from minutebook.registers.timeline import PERIODS

MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_QUERY = 500

Kind = Literal["paragraph", "decision", "action", "item"]
SearchSort = Literal["relevance", "date"]
# The registers' own lists, so the API documents (and checks) exactly what they accept.
ActionStatus = Literal[STATUSES]  # type: ignore[valid-type]
ActionSort = Literal[ACTION_SORTS]  # type: ignore[valid-type]
DecisionKind = Literal[DECISION_KINDS]  # type: ignore[valid-type]
Period = Literal[PERIODS]  # type: ignore[valid-type]

# A form sends an empty field as `name=`: that means "not given", not "invalid".
Blank = BeforeValidator(lambda value: value or None)

Text = Annotated[str, Query(max_length=MAX_QUERY, description="Words to look for.")]
# A blank string field means "not given" too; the code below says so (`or None`): a `Blank`
# here would hand None to the length check.
BodySlug = Annotated[str | None, Query(max_length=200, description="Body slug, e.g. `cabinet`.")]
Person = Annotated[str | None, Query(max_length=200, description="Words of a person's name.")]
# Register dates are checked by the registers, which answer a bad one with a sentence (a 400).
Since = Annotated[str | None, Query(max_length=40, description="On or after this date (YYYY-MM-DD).")]
Until = Annotated[str | None, Query(max_length=40, description="On or before this date (YYYY-MM-DD).")]


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


# Dependencies are coroutines too, for the reason given in `routes.twin`: no thread pool hop.
async def page(
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


async def search_filters(
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


@dataclass(frozen=True)
class RegisterFilters:
    """What the decisions and actions registers filter by; the registers check the values."""

    q: str | None
    body: str | None
    since: str | None
    until: str | None
    person: str | None


async def register_filters(
    q: Annotated[str, Query(max_length=MAX_QUERY, description="Words in the text.")] = "",
    body: BodySlug = None,
    since: Since = None,
    until: Until = None,
    person: Person = None,
) -> RegisterFilters:
    return RegisterFilters(q.strip() or None, body or None, since or None, until or None, _words(person))


@dataclass(frozen=True)
class Topic:
    """A timeline's question: a search query, counted per period, perhaps for one body and dates."""

    q: str
    by: str
    body: str | None
    since: str | None
    until: str | None


async def topic_query(
    q: Annotated[
        str, Query(max_length=MAX_QUERY, description='Search syntax: words, "a phrase", prefix*, OR, NOT.')
    ] = "",
    by: Annotated[Period, Query(description="Count per `month` or per `quarter`.")] = "month",
    body: BodySlug = None,
    since: Since = None,
    until: Until = None,
) -> Topic:
    return Topic(q.strip(), by, body or None, since or None, until or None)


def _words(value: str | None) -> str | None:
    return (value or "").strip() or None
