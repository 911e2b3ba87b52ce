"""Every page and its JSON twin. Each view is written once, returns an `Answer`, and is registered
twice: at `/path` as HTML and at `/api/v1/path` as JSON. Views only call store/browse, search and
the registers; a value a register refuses (a bad date, year or query) is a 400 with its sentence."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from markupsafe import Markup
from sqlalchemy.engine import Connection

from minutebook.errors import MinutebookError, Moved, NotFound, QueryError
from minutebook.registers.actions import SORTS as ACTION_SORTS
from minutebook.registers.actions import STATUSES
from minutebook.registers.actions import actions as action_rows
from minutebook.registers.appointments import appointments as appointment_rows
from minutebook.registers.appointments import appointments_of, current_membership
from minutebook.registers.common import MAX_LIMIT
from minutebook.registers.decisions import KINDS as DECISION_KINDS
from minutebook.registers.decisions import decisions as decision_rows
from minutebook.registers.people import people as people_rows
from minutebook.registers.people import person as find_person
from minutebook.registers.references import references_from, references_to
from minutebook.registers.timeline import PERIODS, timeline_svg
from minutebook.registers.timeline import timeline as count_mentions
from minutebook.store import browse
from minutebook.store.aliases import moved_to, names_of
from minutebook.store.versions import last_change
from minutebook.web import hits, responses
from minutebook.web.anchors import LineUrl, line_urls, place_anchors
from minutebook.web.params import (
    ActionSort,
    ActionStatus,
    Blank,
    BodySlug,
    DecisionKind,
    Filters,
    Kind,
    Page,
    Person,
    RegisterFilters,
    SearchSort,
    Topic,
    page,
    register_filters,
    search_filters,
    topic_query,
)
from minutebook.web.render import API_PREFIX, page_url, render

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": responses.ErrorBody} for status in (400, 404, 422)
}
api = APIRouter(prefix=API_PREFIX, responses=ERRORS)
pages = APIRouter(include_in_schema=False)


@dataclass
class Answer:
    data: Any
    title: str
    meta: dict[str, Any] = field(default_factory=dict)
    links: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    error: MinutebookError | None = None  # shown inline on the page; the API answers it as an error


def twin(
    path: str, template: str, summary: str, routers: tuple[APIRouter, APIRouter] | None = None
) -> Callable[[Callable[..., Answer]], Callable[..., Answer]]:
    """Register a view as an HTML page at `path` and as JSON at `/api/v1{path}`, on this module's
    routers or on `routers` (api, pages) of another module's own."""
    on_api, on_pages = routers or (api, pages)

    def register(view: Callable[..., Answer]) -> Callable[..., Answer]:
        # Coroutines, so FastAPI runs them on the event loop rather than in its thread pool: a
        # view's work is CPU (SQLite in process, templates), and threads only added GIL hand-offs
        # (benchmarks/web.py, 8 clients: meeting page p95 133 ms in threads, 49 ms inline). With
        # PostgreSQL, whose waits are on the network, serve with more workers than cores.
        @functools.wraps(view)
        async def as_json(**kwargs: Any) -> Response:
            answer = view(**kwargs)
            if answer.error:
                raise _refusal(answer.error)
            request: Request = kwargs["request"]
            links = {"html": page_url(_api_url(request)), **answer.links}
            return responses.json_answer(request, responses.envelope(answer.data, answer.meta, links))

        @functools.wraps(view)
        async def as_html(**kwargs: Any) -> Response:
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

        on_api.get(
            path, summary=summary, response_model=None, responses={200: {"model": responses.Envelope}}
        )(as_json)
        on_pages.get(path, response_model=None)(as_html)
        return view

    return register


def _refusal(error: MinutebookError) -> Exception:
    """What the API raises for an answer's error: a search syntax error answers as itself (400
    `bad_query`); any other value a register refuses is a 400 `bad_request` with its sentence."""
    return error if isinstance(error, QueryError) else HTTPException(400, str(error))


def _api_url(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{API_PREFIX}{request.url.path.removeprefix(API_PREFIX)}{query}"


def reader_connection(request: Request) -> Connection:
    """A connection for a public page or API answer (web.plans' too): they only read."""
    return request.app.state.reader.connect()


def page_links(
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


MeetingId = Annotated[
    str, Path(max_length=300, description="`[council-slug/]body-slug/YYYY-MM-DD`, as in meeting URLs.")
]
Slug = Annotated[str, Path(max_length=200, description="`[council-slug/]body-slug`, as in body URLs.")]


@twin("/", "home.html", "Home: bodies, recent and upcoming meetings, recent decisions")
def home(request: Request) -> Answer:
    today = datetime.now(UTC).date().isoformat()
    with reader_connection(request) as conn:
        data = {
            "bodies": browse.bodies(conn),
            "recent_meetings": browse.meetings_before(conn, today, limit=10),
            "upcoming_meetings": browse.meetings_from(conn, today, limit=10),
            "recent_decisions": linked_rows(conn, decision_rows(conn, limit=10).rows),
        }
    return Answer(data, "Home", links={"search": f"{API_PREFIX}/search"}, extra={"params": {}})


@twin("/bodies", "bodies.html", "All bodies (committees, panels, boards)")
def bodies(request: Request) -> Answer:
    with reader_connection(request) as conn:
        return Answer(browse.bodies(conn), "Bodies")


@twin(
    "/bodies/{slug:path}",
    "body.html",
    "One body: meetings by year, members, and the current membership of the panels it appoints to",
)
def body(request: Request, slug: Slug) -> Answer:
    with reader_connection(request) as conn:
        found = browse.body(conn, slug)
        if found is None:
            raise _not_found(conn, "body", slug)
        found["council_names"] = [alias.name for alias in names_of(conn, found["council"])]
        found["membership"] = [
            {"post": m.post, "year": m.year, "members": linked_rows(conn, m.members)}
            for m in current_membership(conn, body=slug)
        ]
    links = {"appointments": f"{API_PREFIX}/registers/appointments?{urlencode({'body': slug})}"}
    return Answer(found, found["name"], links=links)


@twin("/meetings", "meetings.html", "Meetings, newest first")
def meetings(
    request: Request,
    pg: Annotated[Page, Depends(page)],
    body: Annotated[str | None, Query(max_length=200, description="Body slug.")] = None,
) -> Answer:
    with reader_connection(request) as conn:
        rows, total = browse.meetings(conn, body=body, limit=pg.limit, offset=pg.offset)
    meta = {"total": total, "limit": pg.limit, "offset": pg.offset}
    return Answer(rows, "Meetings", meta, page_links(request, pg, total, len(rows)))


@twin(
    "/meetings/{meeting_id:path}", "meeting.html", "One meeting: header, items, minutes, decisions, actions"
)
def meeting(request: Request, meeting_id: MeetingId) -> Answer:
    with reader_connection(request) as conn:
        found = browse.meeting(conn, meeting_id)
        if found is None:
            raise _not_found(conn, "meeting", meeting_id)
        refers_to, referred_by = _references(conn, meeting_id)
        raised = linked_rows(conn, action_rows(conn, meeting_id=meeting_id, limit=MAX_LIMIT).rows)
        found["corrected"] = last_change(conn, meeting_id)
    states = {(row["item_position"], row["position"]): row for row in raised}
    found["referred_to_by"] = referred_by[None]
    found["items"] = place_anchors(
        [
            {
                **item,
                "actions": [{**a, **_state(states.get((i, j)))} for j, a in enumerate(item["actions"])],
                "refers_to": refers_to[i],
                "referred_to_by": referred_by[i],
            }
            for i, item in enumerate(found["items"])
        ]
    )
    return Answer(
        found,
        f"{found['title']}, {found['date']}",
        links={"source": f"{API_PREFIX}/sources/{found['source']['id']}"},
    )


def _not_found(conn: Connection, kind: str, key: str) -> NotFound:
    """NotFound, or Moved where a council alias re-keyed `key` (the old URL redirects)."""
    to = moved_to(conn, kind, key)
    return Moved(f"{kind} '{key}'", kind, to) if to else NotFound(f"{kind} '{key}'")


def _references(conn: Connection, meeting_id: str) -> tuple[dict[int, list], dict[int | None, list]]:
    """By item position: what each item refers to (linked to the meeting or item it names, or
    with why it could not be); and what refers to each item (None: to the meeting as a whole),
    linked to the citing paragraph."""
    citing = references_to(conn, meeting_id)
    url = meeting_line_urls(conn, {r.meeting_id for r in citing})
    refers_to: dict[int, list] = defaultdict(list)
    for ref in references_from(conn, meeting_id):
        target = ref.target_meeting_id and url(ref.target_meeting_id, ref.target_item_position, None)
        refers_to[ref.item_position].append({**asdict(ref), "url": target})
    referred_by: dict[int | None, list] = defaultdict(list)
    for ref in citing:
        referred_by[ref.target_item_position].append(
            {**asdict(ref), "url": url(ref.meeting_id, ref.item_position, ref.line)}
        )
    return refers_to, referred_by


_STATE = (
    "id",
    "status",
    "days_open",
    "followup_how",
    "followup_meeting_id",
    "followup_ref",
    "followup_url",
    "closed_at",
    "close_note",
)


def _state(row: dict[str, Any] | None) -> dict[str, Any]:
    """An action's status fields from the actions register, which holds every stored action (up to
    MAX_LIMIT a meeting: any beyond show without)."""
    return {key: row.get(key) for key in _STATE} if row else {}


# Search modes (see minutebook.search.hybrid): hybrid unless asked, lexical where nothing is embedded.
SearchMode = Literal["hybrid", "lexical", "semantic"]
MODE_HELP = (
    "hybrid: words and meaning fused (the default); lexical: the words as typed; semantic: meaning only."
    " Without embeddings every mode answers lexically and `meta.notice` says why."
)


@twin("/search", "search.html", "Full-text search with filters and pagination")
def search(
    request: Request,
    filters: Annotated[Filters, Depends(search_filters)],
    pg: Annotated[Page, Depends(page)],
    kind: Annotated[Kind | None, Blank, Query(description="Only hits of this kind.")] = None,
    sort: Annotated[SearchSort, Query(description="Order of hits.")] = "relevance",
    mode: Annotated[SearchMode | None, Blank, Query(description=MODE_HELP)] = "hybrid",
) -> Answer:
    mode = mode or "hybrid"
    extra = _search_form(request, filters, kind, sort, mode)
    meta: dict[str, Any] = {
        "query": filters.q,
        "total": 0,
        "offset": pg.offset,
        "limit": pg.limit,
        "sort": sort,
        "mode": mode,
        "notice": None,
    }
    if not filters.q and not filters.person:
        return Answer(None, "Search", meta, extra=extra)
    try:
        found = hits.find(request.app.state.reader, filters, kind, sort, pg.limit, pg.offset, mode)
    except QueryError as error:
        # The page shows the message under the form, which keeps what the person typed; the API says 400.
        return Answer(None, "Search", meta, extra={**extra, "error": str(error)}, error=error)
    links = page_links(request, pg, found.total, len(found.hits), found.more)
    links["facets"] = _sibling(request, "/search/facets", drop={"offset", "limit", "sort"})
    return Answer(
        {"hits": found.hits},
        f"{filters.q or filters.person} · Search",
        {**meta, "total": found.total, "more": found.more, "mode": found.mode, "notice": found.notice},
        links,
        extra,
    )


@twin("/search/facets", "facets.html", "How the best hits of a search spread over bodies and years")
def search_facets(
    request: Request,
    filters: Annotated[Filters, Depends(search_filters)],
    kind: Annotated[Kind | None, Blank, Query(description="Only hits of this kind.")] = None,
    mode: Annotated[SearchMode | None, Blank, Query(description=MODE_HELP)] = "hybrid",
) -> Answer:
    mode = mode or "hybrid"
    extra = _search_form(request, filters, kind, "relevance", mode)
    if not filters.q and not filters.person:
        return Answer({"window": 0, "body": [], "year": []}, "Search counts", extra=extra)
    try:
        counts = hits.facets(request.app.state.reader, filters, kind, mode)
    except QueryError as error:
        return Answer(None, "Search counts", extra={**extra, "error": str(error)}, error=error)
    return Answer(counts, f"{filters.q or filters.person} · Search counts", extra=extra)


def _search_form(
    request: Request, filters: Filters, kind: str | None, sort: str, mode: str = "hybrid"
) -> dict[str, Any]:
    """What the search form on a page needs (the API ignores it)."""
    if request.url.path.startswith(API_PREFIX):
        return {}
    with reader_connection(request) as conn:
        body_list = browse.body_names(conn)
    return {
        "params": {**filters.__dict__, "kind": kind, "sort": sort, "mode": mode},
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


@twin(
    "/registers/actions",
    "actions.html",
    "Actions register: owner, where minuted, status (open, followed up and where, closed), days open",
)
def actions_register(
    request: Request,
    filters: Annotated[RegisterFilters, Depends(register_filters)],
    pg: Annotated[Page, Depends(page)],
    status: Annotated[ActionStatus | None, Blank, Query(description="Only actions of this status.")] = None,
    sort: Annotated[
        ActionSort, Query(description="`-date` newest first, `date` oldest first, `body` by body.")
    ] = "-date",
) -> Answer:
    """`person` is words of the owner's name or post; `q` words of the action."""

    def fetch(conn: Connection) -> Any:
        return action_rows(
            conn,
            status=status,
            body=filters.body,
            since=filters.since,
            until=filters.until,
            owner=filters.person,
            text=filters.q,
            sort=sort,
            offset=pg.offset,
            limit=pg.limit,
        )

    params = {**asdict(filters), "status": status, "sort": sort}
    form = {"statuses": STATUSES, "sorts": ACTION_SORTS}
    return _register(request, "Actions", pg, fetch, params, form)


@twin("/registers/decisions", "decisions.html", "Decisions register: kind, text, movers, seconders, votes")
def decisions_register(
    request: Request,
    filters: Annotated[RegisterFilters, Depends(register_filters)],
    pg: Annotated[Page, Depends(page)],
    kind: Annotated[DecisionKind | None, Blank, Query(description="Only decisions of this kind.")] = None,
) -> Answer:
    """`person` is words of a mover's, seconder's or voter's name, or of a name in the text."""

    def fetch(conn: Connection) -> Any:
        return decision_rows(
            conn,
            body=filters.body,
            since=filters.since,
            until=filters.until,
            kind=kind,
            person=filters.person,
            text=filters.q,
            offset=pg.offset,
            limit=pg.limit,
        )

    params = {**asdict(filters), "kind": kind}
    return _register(request, "Decisions", pg, fetch, params, {"kinds": DECISION_KINDS})


@twin(
    "/registers/appointments",
    "appointments.html",
    "Appointments register: person, post, substitute, body, by municipal year",
)
def appointments_register(
    request: Request,
    pg: Annotated[Page, Depends(page)],
    year: Annotated[
        str | None, Query(max_length=20, description="A municipal year, e.g. `2013-2014`.")
    ] = None,
    body: BodySlug = None,
    person: Person = None,
    post: Annotated[str | None, Query(max_length=200, description="Words of the post.")] = None,
) -> Answer:
    # Blank fields (a submitted form sends them all) are not filters.
    params = {"year": year or None, "body": body or None, "person": person or None, "post": post or None}

    def fetch(conn: Connection) -> Any:
        return appointment_rows(conn, **params, offset=pg.offset, limit=pg.limit)

    return _register(request, "Appointments", pg, fetch, params, {})


def _register(
    request: Request,
    title: str,
    pg: Page,
    fetch: Callable[[Connection], Any],
    params: dict[str, Any],
    choices: dict[str, Any],
) -> Answer:
    """A page of a register (what `fetch` returns), or the register's refusal of a filter value:
    inline under the form on the page, a 400 from the API."""
    meta: dict[str, Any] = {"offset": pg.offset, "limit": pg.limit, "more": False, "filters": params}
    extra = _form(request, params, choices)
    try:
        with reader_connection(request) as conn:
            found = fetch(conn)
            rows = linked_rows(conn, found.rows)
    except MinutebookError as error:
        return Answer([], title, meta, extra={**extra, "error": str(error)}, error=error)
    links = page_links(request, pg, None, len(rows), found.more)
    return Answer(rows, title, {**meta, "more": found.more}, links, extra)


def _form(request: Request, params: dict[str, Any], choices: dict[str, Any]) -> dict[str, Any]:
    """What a register's filter form needs (the API ignores it)."""
    if request.url.path.startswith(API_PREFIX):
        return {}
    with reader_connection(request) as conn:
        return {"params": params, "bodies": browse.body_names(conn), "error": None, **choices}


def linked_rows(conn: Connection, entries: Iterable[Any]) -> list[dict[str, Any]]:
    """Register entries as dicts with the URL of the paragraph each was minuted in, and of the
    paragraph that followed it up, where one did."""
    rows = [asdict(entry) for entry in entries]
    followed = {row["followup_meeting_id"] for row in rows if row.get("followup_meeting_id")}
    url = meeting_line_urls(conn, {row["meeting_id"] for row in rows} | followed)
    for row in rows:
        row["url"] = url(row["meeting_id"], row["item_position"], row["line"])
        if row.get("followup_meeting_id"):
            row["followup_url"] = url(
                row["followup_meeting_id"], row["followup_item_position"], row["followup_line"]
            )
    return rows


def meeting_line_urls(conn: Connection, meeting_ids: Iterable[str]) -> LineUrl:
    return line_urls(browse.places(conn, meeting_ids)[1])


@twin("/people", "people.html", "People named in the minutes, each form of a name resolved to one person")
def people(
    request: Request,
    pg: Annotated[Page, Depends(page)],
    q: Annotated[str, Query(max_length=200, description="Words of the name.")] = "",
) -> Answer:
    with reader_connection(request) as conn:
        found = people_rows(conn, q=q.strip() or None, offset=pg.offset, limit=pg.limit)
    meta = {"limit": pg.limit, "offset": pg.offset, "more": found.more}
    rows = [asdict(row) for row in found.rows]
    links = page_links(request, pg, None, len(rows), found.more)
    return Answer(rows, "People", meta, links, {"params": {"q": q}})


@twin(
    "/people/{key:path}",
    "person.html",
    "One person: forms of the name, posts with the dates stated, appointments, meetings mentioned at",
)
def person(
    request: Request,
    key: Annotated[str, Path(max_length=200, description="The key `/people` lists, or a form of the name.")],
) -> Answer:
    with reader_connection(request) as conn:
        found = find_person(conn, key)
        if found is None:
            raise NotFound(f"person '{key}' (or the name could be more than one person)")
        data = {**asdict(found), "appointments": linked_rows(conn, appointments_of(conn, found.forms))}
    return Answer(data, found.name)


@twin(
    "/timeline",
    "timeline.html",
    "A topic over time: hits per month or quarter by body, first and latest mention, as an SVG chart"
    " with its table. The same rows as CSV: `/api/v1/timeline.csv` with the same parameters.",
)
def topic_timeline(request: Request, topic: Annotated[Topic, Depends(topic_query)]) -> Answer:
    meta: dict[str, Any] = {"query": topic.q, "by": topic.by}
    extra: dict[str, Any] = {"params": asdict(topic), "periods": PERIODS, "error": None}
    if request.url.path.startswith(API_PREFIX):
        extra = {}
    else:
        with reader_connection(request) as conn:
            extra["bodies"] = browse.body_names(conn)
    if not topic.q:
        return Answer(None, "Timeline", meta, extra=extra)
    try:
        with reader_connection(request) as conn:
            result = _count_mentions(conn, topic)
    except MinutebookError as error:
        # Worded as on the search page: the query language is the same.
        return Answer(None, "Timeline", meta, extra={**extra, "error": str(error)}, error=error)
    data = {
        **asdict(result),
        "rows": result.rows(),
        "first": _mention(request, topic, result.first),
        "latest": _mention(request, topic, result.latest),
    }
    links = {"csv": f"{API_PREFIX}/timeline.csv?{request.url.query}"}
    return Answer(data, f"{topic.q} · Timeline", meta, links, {**extra, "svg": Markup(timeline_svg(result))})


@api.get(
    "/timeline.csv",
    summary="A topic over time as CSV: one row per period and body with hits (period, body, hits)",
    response_class=responses.CsvResponse,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def timeline_csv(request: Request, topic: Annotated[Topic, Depends(topic_query)]) -> Response:
    try:
        with reader_connection(request) as conn:
            result = _count_mentions(conn, topic)
    except MinutebookError as error:
        raise _refusal(error) from None
    return responses.csv_answer(request, result.rows(), ["period", "body", "hits"], "timeline.csv")


def _count_mentions(conn: Connection, topic: Topic) -> Any:
    return count_mentions(conn, topic.q, by=topic.by, body=topic.body, since=topic.since, until=topic.until)


def _mention(request: Request, topic: Topic, mention: Any) -> dict[str, Any] | None:
    """The first or latest mention, linked to its best-matching paragraph in that meeting (else
    to whatever matched there: an item title, a decision)."""
    if mention is None:
        return None
    day = date.fromisoformat(mention.date)
    there = Filters(topic.q, mention.meeting_id.split("/")[0], day, day)
    engine = request.app.state.engine
    found = hits.find(engine, there, "paragraph", "relevance", 1, 0).hits or (
        hits.find(engine, there, None, "relevance", 1, 0).hits
    )
    return {**asdict(mention), "url": found[0]["url"] if found else f"/meetings/{mention.meeting_id}"}


@twin("/sources/{source_id}", "source.html", "A stored source document, line by line")
def source(request: Request, source_id: Annotated[int, Path(ge=1, le=2**62)]) -> Answer:
    with reader_connection(request) as conn:
        found = browse.source(conn, source_id)
    if found is None:
        raise NotFound(f"source {source_id}")
    return Answer(found, found["name"])


KINDS = ["paragraph", "decision", "action", "item"]


def _facet_url(request: Request) -> Callable[[str, Any], str]:
    """Page URL of the current search narrowed by one facet (and back to its first page)."""

    def narrowed(name: str, value: Any) -> str:
        drop = {name, "offset", "since", "until"} if name == "year" else {name, "offset"}
        kept = [(k, v) for k, v in request.query_params.multi_items() if k not in drop and v]
        return f"/search?{urlencode([*kept, (name, value)])}"

    return narrowed
