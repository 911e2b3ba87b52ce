"""Every page and its JSON twin. Each view is written once, returns an `Answer`, and is registered
twice: at `/path` as HTML and at `/api/v1/path` as JSON. Views only call store/browse and search."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy.engine import Connection

from minutebook.errors import MinutebookError, QueryError
from minutebook.store import browse
from minutebook.web import hits, responses
from minutebook.web.anchors import item_url, place_anchors
from minutebook.web.params import Blank, Filters, Kind, Page, RegisterSort, SearchSort, page, search_filters
from minutebook.web.render import API_PREFIX, page_url, render

ERRORS = {status: {"model": responses.ErrorBody} for status in (400, 404, 422)}
api = APIRouter(prefix=API_PREFIX, responses=ERRORS)
pages = APIRouter(include_in_schema=False)


class NotFound(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(f"There is no {what}.")


@dataclass
class Answer:
    data: Any
    title: str
    meta: dict[str, Any] = field(default_factory=dict)
    links: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    error: MinutebookError | None = None  # shown inline on the page; the API answers it as an error


def twin(path: str, template: str, summary: str) -> Callable[[Callable[..., Answer]], Callable[..., Answer]]:
    """Register a view as an HTML page at `path` and as JSON at `/api/v1{path}`."""

    def register(view: Callable[..., Answer]) -> Callable[..., Answer]:
        @functools.wraps(view)
        def as_json(**kwargs: Any) -> Response:
            answer = view(**kwargs)
            if answer.error:
                raise answer.error
            request: Request = kwargs["request"]
            links = {"html": page_url(_api_url(request)), **answer.links}
            return responses.json_answer(request, responses.envelope(answer.data, answer.meta, links))

        @functools.wraps(view)
        def as_html(**kwargs: Any) -> Response:
            request: Request = kwargs["request"]
            answer = view(**kwargs)
            html = render(
                request.app.state.templates,
                template,
                data=answer.data,
                meta=answer.meta,
                links=answer.links,
                title=answer.title,
                api_url=_api_url(request),
                **answer.extra,
            )
            return responses.html_answer(request, html, status=400 if answer.error else 200)

        api.get(path, summary=summary, response_model=None, responses={200: {"model": responses.Envelope}})(
            as_json
        )
        pages.get(path, response_model=None)(as_html)
        return view

    return register


def _api_url(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{API_PREFIX}{request.url.path.removeprefix(API_PREFIX)}{query}"


def _connect(request: Request) -> Connection:
    return request.app.state.engine.connect()


def _page_links(
    request: Request, pg: Page, total: int | None, count: int, more: bool | None = None
) -> dict[str, Any]:
    """self/next/prev as API URLs; `next` only when there is more (by `more`, else by total)."""
    base = API_PREFIX + request.url.path.removeprefix(API_PREFIX)
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "offset" and v]

    def at(offset: int) -> str:
        return f"{base}?{urlencode([*kept, ('offset', offset)])}"

    if more is None:
        more = total is not None and pg.offset + count < total
    links: dict[str, Any] = {"self": at(pg.offset)}
    if more:
        links["next"] = at(pg.offset + pg.limit)
    if pg.offset > 0:
        links["prev"] = at(max(0, pg.offset - pg.limit))
    return links


MeetingId = Annotated[str, Path(max_length=300, description="`body-slug/YYYY-MM-DD`, as in meeting URLs.")]
Slug = Annotated[str, Path(max_length=200)]


@twin("/", "home.html", "Home: bodies, recent and upcoming meetings, recent decisions")
def home(request: Request) -> Answer:
    today = datetime.now(UTC).date().isoformat()
    with _connect(request) as conn:
        data = {
            "bodies": browse.bodies(conn),
            "recent_meetings": browse.meetings_before(conn, today, limit=10),
            "upcoming_meetings": browse.meetings_from(conn, today, limit=10),
            "recent_decisions": [item_url(d) for d in browse.recent_decisions(conn, limit=10)],
        }
    return Answer(data, "Home", links={"search": f"{API_PREFIX}/search"}, extra={"params": {}})


@twin("/bodies", "bodies.html", "All bodies (committees, panels, boards)")
def bodies(request: Request) -> Answer:
    with _connect(request) as conn:
        return Answer(browse.bodies(conn), "Bodies")


@twin("/bodies/{slug}", "body.html", "One body: meetings by year, members, appointments")
def body(request: Request, slug: Slug) -> Answer:
    with _connect(request) as conn:
        found = browse.body(conn, slug)
    if found is None:
        raise NotFound(f"body '{slug}'")
    found["appointments"] = [item_url(a) for a in found["appointments"]]
    return Answer(found, found["name"])


@twin("/meetings", "meetings.html", "Meetings, newest first")
def meetings(
    request: Request,
    pg: Annotated[Page, Depends(page)],
    body: Annotated[str | None, Query(max_length=200, description="Body slug.")] = None,
) -> Answer:
    with _connect(request) as conn:
        rows, total = browse.meetings(conn, body=body, limit=pg.limit, offset=pg.offset)
    meta = {"total": total, "limit": pg.limit, "offset": pg.offset}
    return Answer(rows, "Meetings", meta, _page_links(request, pg, total, len(rows)))


@twin(
    "/meetings/{meeting_id:path}", "meeting.html", "One meeting: header, items, minutes, decisions, actions"
)
def meeting(request: Request, meeting_id: MeetingId) -> Answer:
    with _connect(request) as conn:
        found = browse.meeting(conn, meeting_id)
    if found is None:
        raise NotFound(f"meeting '{meeting_id}'")
    found["items"] = place_anchors(found["items"])
    return Answer(
        found,
        f"{found['title']}, {found['date']}",
        links={"source": f"{API_PREFIX}/sources/{found['source']['id']}"},
    )


@twin("/search", "search.html", "Full-text search with filters and pagination")
def search(
    request: Request,
    filters: Annotated[Filters, Depends(search_filters)],
    pg: Annotated[Page, Depends(page)],
    kind: Annotated[Kind | None, Blank, Query(description="Only hits of this kind.")] = None,
    sort: Annotated[SearchSort, Query(description="Order of hits.")] = "relevance",
) -> Answer:
    extra = _search_form(request, filters, kind, sort)
    meta: dict[str, Any] = {
        "query": filters.q,
        "total": 0,
        "offset": pg.offset,
        "limit": pg.limit,
        "sort": sort,
    }
    if not filters.q and not filters.person:
        return Answer(None, "Search", meta, extra=extra)
    try:
        found = hits.find(request.app.state.engine, filters, kind, sort, pg.limit, pg.offset)
    except QueryError as error:
        # The page shows the message under the form, which keeps what the person typed; the API says 400.
        return Answer(None, "Search", meta, extra={**extra, "error": str(error)}, error=error)
    links = _page_links(request, pg, found.total, len(found.hits), found.more)
    links["facets"] = _sibling(request, "/search/facets", drop={"offset", "limit", "sort"})
    return Answer(
        {"hits": found.hits},
        f"{filters.q or filters.person} · Search",
        {**meta, "total": found.total, "more": found.more},
        links,
        extra,
    )


@twin("/search/facets", "facets.html", "How the best hits of a search spread over bodies and years")
def search_facets(
    request: Request,
    filters: Annotated[Filters, Depends(search_filters)],
    kind: Annotated[Kind | None, Blank, Query(description="Only hits of this kind.")] = None,
) -> Answer:
    extra = _search_form(request, filters, kind, "relevance")
    if not filters.q and not filters.person:
        return Answer({"window": 0, "body": [], "year": []}, "Search counts", extra=extra)
    try:
        counts = hits.facets(request.app.state.engine, filters, kind)
    except QueryError as error:
        return Answer(None, "Search counts", extra={**extra, "error": str(error)}, error=error)
    return Answer(counts, f"{filters.q or filters.person} · Search counts", extra=extra)


def _search_form(request: Request, filters: Filters, kind: str | None, sort: str) -> dict[str, Any]:
    """What the search form on a page needs (the API ignores it)."""
    if request.url.path.startswith(API_PREFIX):
        return {}
    with _connect(request) as conn:
        body_list = browse.body_names(conn)
    return {
        "params": {**filters.__dict__, "kind": kind, "sort": sort},
        "bodies": body_list,
        "kinds": KINDS,
        "facet_url": _facet_url(request),
        "facets_url": page_url(_sibling(request, "/search/facets", drop={"offset", "limit", "sort"})),
        "error": None,
    }


def _sibling(request: Request, path: str, drop: set[str]) -> str:
    """The API URL of `path` with this request's query, less the parameters in `drop`."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in drop and v]
    return f"{API_PREFIX}{path}?{urlencode(kept)}"


@twin("/people", "people.html", "People named in the minutes (grouped by normalised name)")
def people(
    request: Request,
    pg: Annotated[Page, Depends(page)],
    q: Annotated[str, Query(max_length=200, description="Part of a name.")] = "",
) -> Answer:
    with _connect(request) as conn:
        rows, total = browse.people(conn, q.strip(), limit=pg.limit, offset=pg.offset)
    meta = {"total": total, "limit": pg.limit, "offset": pg.offset}
    return Answer(rows, "People", meta, _page_links(request, pg, total, len(rows)), {"params": {"q": q}})


@twin("/people/{key}", "person.html", "One person: name forms, posts over time, appointments, meetings")
def person(request: Request, key: Slug) -> Answer:
    with _connect(request) as conn:
        found = browse.person(conn, key)
    if found is None:
        raise NotFound(f"person '{key}'")
    found["appointments"] = [item_url(a) for a in found["appointments"]]
    return Answer(found, found["name"])


RegisterName = Literal["decisions", "actions", "appointments"]


@twin("/registers/{register}", "register.html", "A register: decisions, actions (with owner) or appointments")
def register(
    request: Request,
    register: Annotated[RegisterName, Path(description="Which register.")],
    filters: Annotated[Filters, Depends(search_filters)],
    pg: Annotated[Page, Depends(page)],
    sort: Annotated[
        RegisterSort, Query(description="`-date` newest first, `date` oldest first, `body`.")
    ] = "-date",
) -> Answer:
    with _connect(request) as conn:
        rows, total = browse.register(conn, register, filters, sort, limit=pg.limit, offset=pg.offset)
        body_list = browse.body_names(conn)
    meta = {"total": total, "limit": pg.limit, "offset": pg.offset, "sort": sort}
    extra = {
        "params": {**filters.__dict__, "sort": sort},
        "bodies": body_list,
        "sorts": ["-date", "date", "body"],
        "columns": REGISTER_COLUMNS[register],
    }
    return Answer(
        [item_url(r) for r in rows],
        register.capitalize(),
        meta,
        _page_links(request, pg, total, len(rows)),
        extra,
    )


@twin("/sources/{source_id}", "source.html", "A stored source document, line by line")
def source(request: Request, source_id: Annotated[int, Path(ge=1, le=2**62)]) -> Answer:
    with _connect(request) as conn:
        found = browse.source(conn, source_id)
    if found is None:
        raise NotFound(f"source {source_id}")
    return Answer(found, found["name"])


KINDS = ["paragraph", "decision", "action", "item"]
REGISTER_COLUMNS: dict[str, list[dict[str, str]]] = {
    "decisions": [
        {"key": "date", "label": "Date"},
        {"key": "body", "label": "Body"},
        {"key": "item_title", "label": "Item"},
        {"key": "kind", "label": "Kind"},
        {"key": "text", "label": "Decision"},
    ],
    "actions": [
        {"key": "date", "label": "Date"},
        {"key": "body", "label": "Body"},
        {"key": "item_title", "label": "Item"},
        {"key": "text", "label": "Action"},
        {"key": "owner", "label": "Owner"},
        {"key": "due", "label": "Due"},
    ],
    "appointments": [
        {"key": "date", "label": "Date"},
        {"key": "body", "label": "Body"},
        {"key": "person", "label": "Person"},
        {"key": "position", "label": "Position"},
        {"key": "substitute", "label": "Substitute"},
        {"key": "term", "label": "Term"},
    ],
}


def _facet_url(request: Request) -> Callable[[str, Any], str]:
    """Page URL of the current search narrowed by one facet (and back to its first page)."""

    def narrowed(name: str, value: Any) -> str:
        drop = {name, "offset", "since", "until"} if name == "year" else {name, "offset"}
        kept = [(k, v) for k, v in request.query_params.multi_items() if k not in drop and v]
        return f"/search?{urlencode([*kept, (name, value)])}"

    return narrowed
