"""What every register shares: a page of rows, checked filters, and the joins that cite a row.

Registers are read with a `Connection` (the web passes its own); each list is ordered on a
unique key, so `offset`/`limit` pages are stable, and says `more` instead of counting every
match, which would cost a scan of the whole register on each page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    Text,
    func,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from minutebook.errors import MinutebookError
from minutebook.record import slug
from minutebook.search.index import entries_saying
from minutebook.search.query import WORD, Term
from minutebook.store import schema as t

T = TypeVar("T")
MAX_LIMIT = 1000
FEW_MATCHES = 1000  # below this many full-text matches, narrowing by them pays


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    offset: int
    limit: int
    more: bool  # rows after this page

    def to_dict(self) -> dict[str, Any]:
        rows = [asdict(row) if is_dataclass(row) else row for row in self.rows]  # type: ignore[arg-type]
        return {"offset": self.offset, "limit": self.limit, "more": self.more, "rows": rows}


def checked_date(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise MinutebookError(f"{name} {value!r}: not a date (use YYYY-MM-DD)") from None


def check_page(offset: int, limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise MinutebookError(f"limit must be 1 to {MAX_LIMIT} and offset 0 or more (got {limit}, {offset})")


def cited(query: Select, table: Table) -> Select:
    """`query` over a table below an item, joined to its meeting, body and item."""
    m, i = t.meetings, t.items
    return (
        query.join(m, m.c.id == table.c.meeting_id)
        .join(t.bodies, t.bodies.c.id == m.c.body_id)
        .join(i, (i.c.meeting_id == table.c.meeting_id) & (i.c.position == table.c.item_position))
    )


def citation_columns() -> list[Any]:
    m, i, b = t.meetings, t.items, t.bodies
    return [
        m.c.id.label("meeting_id"),
        b.c.name.label("body"),
        b.c.slug.label("body_slug"),
        m.c.date,
        i.c.position.label("item_position"),
        i.c.number.label("item_number"),
        i.c.title.label("item_title"),
    ]


def narrowed(query: Select, *, body: str | None, since: str | None, until: str | None) -> Select:
    """`query` (joined by `cited`) narrowed to a body and a date range."""
    if body:
        query = query.where(t.bodies.c.slug == slug(body))
    if since:
        query = query.where(t.meetings.c.date >= checked_date("since", since))
    if until:
        query = query.where(t.meetings.c.date <= checked_date("until", until))
    return query


def contains(columns: list[Any], needle: str) -> ColumnElement[bool]:
    """Any of `columns` holds `needle`, ignoring case; `%` and `_` in it are plain characters."""
    return or_(*(_Folded(column).contains(needle.lower(), autoescape=True) for column in columns))


class _Folded(FunctionElement):
    """A column's text with case folded away for LIKE, as `contains` compares it: lower(x).
    On SQLite just x: its LIKE already ignores the case of ASCII letters, and its lower() folds
    nothing else, so there lower() matches the same rows at a cost (more than half of a pass
    over every decision's person columns at 10,000 meetings: 51 ms with it, 23 without)."""

    type = Text()
    inherit_cache = True


@compiles(_Folded)
def _lowered(element: _Folded, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(func.lower(*element.clauses), **kw)


@compiles(_Folded, "sqlite")
def _as_is(element: _Folded, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


def in_items_saying(connection: Connection, table: Table, kind: str, phrase: str) -> ColumnElement[bool]:
    """Rows of `table` in items whose `kind` text (see search_entries) holds the words of
    `phrase`, found through the search index (`search.index`, the matching search uses) when
    they are few: then this saves reading every row of the register for a rare word. Common
    words match in most meetings, and a walk by date finds a page of them sooner, so for them
    this is no condition at all."""
    words = tuple(WORD.findall(phrase))
    if not words:
        return true()
    ids = entries_saying(connection, Term(words, prefix=True), kind=kind, limit=FEW_MATCHES)
    if len(ids) >= FEW_MATCHES:
        return true()
    e = t.search_entries
    return tuple_(table.c.meeting_id, table.c.item_position).in_(
        select(e.c.meeting_id, e.c.item_position).where(e.c.id.in_(ids or [0]))
    )


def page_of(rows: list[T], offset: int, limit: int) -> Page[T]:
    """A page from `limit + 1` fetched rows: the extra row only says there are more."""
    return Page(rows[:limit], offset, limit, len(rows) > limit)


def municipal_year(date: str) -> str:
    """'2013-07-10' -> '2013-2014': a council's year runs from May (its annual meeting)."""
    year = int(date[:4]) if int(date[5:7]) >= 5 else int(date[:4]) - 1
    return f"{year}-{year + 1}"
