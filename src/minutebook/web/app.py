"""The public site and JSON API as one FastAPI application: `create_app(engine or URL)`.

Read-only and server-rendered: pages are Jinja2 templates enhanced by htmx, every page has a JSON
twin under /api/v1, and the OpenAPI description is at /api/openapi.json (browsable at /api/docs).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles

from minutebook.errors import MinutebookError, Moved, NotFound, QueryError
from minutebook.store.serving import read_only_url, serving_engine
from minutebook.web import responses
from minutebook.web.alerts import ALERT_PATHS, alerts
from minutebook.web.cache import CacheAnswers, ResponseCache, data_version
from minutebook.web.clerk import PRIVATE_PATHS, clerk, clerk_api
from minutebook.web.feeds import feeds
from minutebook.web.limits import CostlyLimit
from minutebook.web.opendata import opendata
from minutebook.web.plans import plans_api, plans_pages
from minutebook.web.policy import PublicPolicy
from minutebook.web.render import API_PREFIX, STATIC_DIR, environment, render, static_url
from minutebook.web.routes import api, pages
from minutebook.web.versions import versions

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}


class CachedStatic(StaticFiles):
    """Static files are linked with a content hash in the URL, so they can be cached for a year."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["cache-control"] = "public, max-age=31536000, immutable"
        return response


def create_app(
    database: Engine | str | None = None, cache: bool = True, read_only: Engine | str | None = None
) -> FastAPI:
    """The site over `database`; with `cache`, answers are kept until the data changes (see
    `web.cache`), in `app.state.response_cache` (None when uncached). The public pages read
    through `read_only` (or MINUTEBOOK_READONLY_DATABASE_URL) when given, as `app.state.reader`;
    URLs open with the statement timeout of `store.serving`."""
    engine = database if isinstance(database, Engine) else serving_engine(database)
    reading = read_only if isinstance(read_only, Engine) else read_only_url(read_only)
    reader = serving_engine(reading) if isinstance(reading, str) else reading or engine
    if not inspect(engine).has_table("meetings"):
        raise MinutebookError(
            f"database {engine.url!r} has no minutebook tables: run `minutebook ingest PATH` first"
        )
    app = FastAPI(
        title="minutebook",
        summary="The public record of local government: meetings, minutes, decisions, actions, people.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.reader = reader
    app.state.templates = environment()
    app.include_router(api)
    app.include_router(plans_api)
    app.include_router(clerk_api)
    app.include_router(clerk)
    app.include_router(feeds)  # before the pages: /bodies/{slug}/calendar.ics is not a body's page
    app.include_router(pages)
    app.include_router(plans_pages)
    app.include_router(versions)
    app.include_router(alerts)
    app.include_router(opendata)
    app.mount("/static", CachedStatic(directory=STATIC_DIR), name="static")
    # Innermost: a costly request is counted and moved off the event loop only if not a kept answer.
    app.add_middleware(CostlyLimit)
    version = data_version(engine) if cache else None
    app.state.response_cache = ResponseCache(version) if version else None
    if app.state.response_cache:
        # Inside the policy, so kept answers get its headers and HEAD is already a GET.
        app.add_middleware(
            CacheAnswers, cache=app.state.response_cache, skip=("/static/", *PRIVATE_PATHS, *ALERT_PATHS)
        )
    app.add_middleware(PublicPolicy, writable=(*PRIVATE_PATHS, *ALERT_PATHS))

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>minutebook API</title>"
            "<link rel='icon' href='data:,'>"
            f"<link rel='stylesheet' href='{static_url('swagger-ui-5.35.0.css')}'></head><body>"
            "<div id='swagger-ui'></div>"
            f"<script src='{static_url('swagger-ui-bundle-5.35.0.js')}'></script>"
            f"<script src='{static_url('api-docs.js')}'></script></body></html>"
        )

    def failure(request: Request, status: int, code: str, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return responses.json_error(status, code, message)
        html = render(
            app.state.templates,
            "error.html",
            title=_TITLES.get(status, "Something went wrong"),
            message=message,
            api_url="/api/v1" + request.url.path,
        )
        return responses.html_error(html, status)

    @app.exception_handler(NotFound)
    def not_found(request: Request, error: NotFound) -> Response:
        if isinstance(error, Moved):  # re-keyed by a council alias: the old URL keeps working
            api = API_PREFIX if request.url.path.startswith(f"{API_PREFIX}/") else ""
            where = f"{api}/{'bodies' if error.kind == 'body' else 'meetings'}/{quote(error.to)}"
            return RedirectResponse(where + (f"?{request.url.query}" if request.url.query else ""), 301)
        return failure(request, 404, "not_found", str(error))

    @app.exception_handler(QueryError)
    def bad_query(request: Request, error: QueryError) -> Response:
        # A query past its time budget (store.serving.QueryTooBroad) says so in its own code.
        return failure(request, 400, getattr(error, "code", "bad_query"), str(error))

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, error: RequestValidationError) -> Response:
        return failure(request, 422, "invalid_parameter", _describe(error))

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: HTTPException) -> Response:
        code = _HTTP_CODES.get(error.status_code, "error")
        message = "There is no such page." if error.status_code == 404 else str(error.detail)
        return failure(request, error.status_code, code, message)

    @app.exception_handler(Exception)
    def server_error(request: Request, error: Exception) -> Response:
        return failure(
            request, 500, "server_error", "Something went wrong on our side; please try again later."
        )

    return app


_TITLES = {
    404: "Not found",
    400: "That request could not be answered",
    422: "That request could not be answered",
}


def _describe(error: RequestValidationError) -> str:
    """One line per bad parameter, naming it: 'limit: Input should be less than or equal to 100'."""
    parts = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {problem.get('msg', 'invalid')}")
    return "; ".join(parts) or "Invalid request."
