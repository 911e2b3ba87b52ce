"""The clerks' side of the site: sign-in and sign-out, the clerk's desk, closing and reopening
actions, and the audit log for admins; the JSON write endpoints under /api/v1/clerk.

Who is asking comes from a bearer API token (integrations) or from the session cookie (people).
A cookie is sent by the browser whatever page asked, so every write made with one must carry the
session's CSRF token (a hidden `csrf_token` field, or an `X-CSRF-Token` header from scripts); the
sign-in form, before there is a session, uses a double-submit cookie instead. Nothing here is
cached (`web.cache` skips these paths) and every answer says `no-store`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import Engine, select
from starlette.datastructures import FormData, UploadFile

from minutebook.accounts import audit
from minutebook.accounts.identity import Identity
from minutebook.accounts.keys import new_token, same
from minutebook.accounts.sessions import SignInRefused, lifetime, sign_in, sign_out, signed_in
from minutebook.accounts.tokens import token_identity
from minutebook.clerk import uploads
from minutebook.clerk.corrections import MINUTES_STATUSES, STATUSES, attendance_text
from minutebook.clerk.councils import declare, undeclare
from minutebook.clerk.keep import (
    approvals_to_confirm,
    confirm_approval,
    correct,
    publish,
    restore,
    stored_record,
)
from minutebook.errors import MinutebookError, NotFound
from minutebook.read.detect import DEFAULT_SIZE_LIMIT
from minutebook.registers.actions import MAX_LIMIT, actions, close_action, closure, reopen_action
from minutebook.registers.people import merge_people, rename_person, split_person
from minutebook.store import schema as t
from minutebook.web.render import render
from minutebook.web.versions import versions_html

SESSION_COOKIE = "minutebook_session"
LOGIN_COOKIE = "minutebook_login"  # the sign-in form's double-submit CSRF value
# The paths whose answers depend on who asks: never cached, and the only ones that take writes.
PRIVATE_PATHS = ("/login", "/logout", "/clerk", "/api/v1/clerk")

clerk = APIRouter(include_in_schema=False)
# Every write endpoint is called with `Authorization: Bearer <token>` (`minutebook tokens create`),
# or from a signed-in browser with the session's `X-CSRF-Token` header.
_REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid bearer token or session"},
    403: {"description": "The token's role may not do this, or a session request lacks its CSRF token"},
}
clerk_api = APIRouter(
    prefix="/api/v1/clerk",
    tags=["clerk"],
    responses={
        **_REFUSALS,
        400: {"description": "No such action, or the change does not apply"},
        404: {"description": "The path names no endpoint (an action id must not hold control characters)"},
    },
)


class Refused(Exception):
    """A request that may not go on: 401 (nobody signed in), 403 (not allowed, or no CSRF token)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def identity_of(request: Request) -> Identity | None:
    engine: Engine = request.app.state.engine
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return token_identity(engine, header[7:].strip())
    return signed_in(engine, request.cookies.get(SESSION_COOKIE))


def require(request: Request, role: str, csrf: str | None) -> Identity:
    """The identity allowed to do `role`'s work, with its CSRF token checked when it came by cookie."""
    who = identity_of(request)
    if who is None:
        raise Refused(401, "Sign in first.")
    if not who.may(role):
        raise Refused(403, f"Only an {role} may do this.")
    by_cookie = who.csrf_token is not None and request.method not in ("GET", "HEAD")
    if by_cookie and not (csrf and same(csrf, who.csrf_token or "")):
        raise Refused(403, "This form has expired or did not come from this site: reload it and try again.")
    return who


def private(response: Response) -> Response:
    response.headers["cache-control"] = "no-store"
    return response


def _page(request: Request, template: str, status: int = 200, **context: object) -> Response:
    html = render(request.app.state.templates, template, api_url="/api/v1/clerk", **context)
    return private(HTMLResponse(html, status))


def _safe_next(target: str | None) -> str:
    """Only a path on this site: `next=//evil.example` or a full URL would be an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/clerk"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@clerk.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    token = request.cookies.get(LOGIN_COOKIE) or new_token()
    response = _page(request, "login.html", title="Sign in", csrf_token=token, next=_safe_next(next))
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request))
    return response


@clerk.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/clerk",
) -> Response:
    cookie = request.cookies.get(LOGIN_COOKIE)
    if not cookie or not csrf_token or not same(cookie, csrf_token):
        message = "This form has expired or did not come from this site: reload it and try again."
        return _page(
            request, "login.html", 403, title="Sign in", error=message, csrf_token=cookie or "", next=next
        )
    address = request.client.host if request.client else "unknown"
    try:
        session = sign_in(request.app.state.engine, name, password, address=address)
    except SignInRefused as refused:
        status = 429 if "too many" in str(refused) else 401
        return _page(
            request,
            "login.html",
            status,
            title="Sign in",
            error=str(refused),
            csrf_token=cookie,
            next=next,
            name=name,
        )
    response = private(RedirectResponse(_safe_next(next), status_code=303))
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        max_age=int(lifetime().total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    response.delete_cookie(LOGIN_COOKIE)
    return response


@clerk.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    try:
        require(request, "clerk", csrf_token)
    except Refused as refused:
        return _refused_page(request, refused)
    sign_out(request.app.state.engine, request.cookies[SESSION_COOKIE])
    response = private(RedirectResponse("/", status_code=303))
    response.delete_cookie(SESSION_COOKIE)
    return response


@clerk.get("/clerk")
def desk(request: Request) -> Response:
    try:
        who = require(request, "clerk", None)
    except Refused as refused:
        return _refused_page(request, refused)
    with request.app.state.engine.connect() as connection:
        open_actions = actions(connection, status="open", limit=MAX_LIMIT).rows
        closed_actions = actions(connection, status="closed", limit=MAX_LIMIT).rows
    return _page(
        request,
        "clerk.html",
        title="Clerk's desk",
        who=who,
        open_actions=open_actions,
        closed_actions=closed_actions,
        approvals=approvals_to_confirm(request.app.state.engine),
    )


@clerk.post("/clerk/actions/close")
def close_from_page(
    request: Request,
    action: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    return _action_from_page(request, csrf_token, lambda who: _close(request, who, action, note))


@clerk.post("/clerk/actions/reopen")
def reopen_from_page(
    request: Request, action: Annotated[str, Form()], csrf_token: Annotated[str, Form()] = ""
) -> Response:
    return _action_from_page(request, csrf_token, lambda who: _reopen(request, who, action))


@clerk.get("/clerk/edit/{meeting_id:path}")
def edit_page(request: Request, meeting_id: str) -> Response:
    try:
        who = require(request, "clerk", None)
    except Refused as refused:
        return _refused_page(request, refused)
    with request.app.state.engine.connect() as connection:
        try:
            record = stored_record(connection, meeting_id)
        except MinutebookError as error:
            raise NotFound(str(error)) from None
    return _edit_form(request, who, record)


@clerk.post("/clerk/edit/{meeting_id:path}")
async def edit(request: Request, meeting_id: str) -> Response:
    form = {key: value for key, value in (await request.form()).items() if isinstance(value, str)}
    try:
        who = require(request, "clerk", form.pop("csrf_token", None))
        note = form.pop("note", "")
        correct(request.app.state.engine, meeting_id, form, actor=who.actor, note=note)
    except Refused as refused:
        return _refused_page(request, refused)
    except MinutebookError as error:
        with request.app.state.engine.connect() as connection:
            record = stored_record(connection, meeting_id)
        return _edit_form(request, who, record, str(error), 400)
    return private(RedirectResponse(f"/clerk/versions/{meeting_id}", status_code=303))


@clerk.get("/clerk/versions/{meeting_id:path}")
def versions_page(request: Request, meeting_id: str, a: int | None = None, b: int | None = None) -> Response:
    try:
        who = require(request, "clerk", None)
    except Refused as refused:
        return _refused_page(request, refused)
    return private(HTMLResponse(versions_html(request, meeting_id, a, b, who=who, base="/clerk/versions")))


@clerk.post("/clerk/restore/{meeting_id:path}")
def restore_version(
    request: Request, meeting_id: str, number: Annotated[int, Form()], csrf_token: Annotated[str, Form()] = ""
) -> Response:
    try:
        who = require(request, "clerk", csrf_token)
        restore(request.app.state.engine, meeting_id, number, actor=who.actor)
    except Refused as refused:
        return _refused_page(request, refused)
    except MinutebookError as error:
        return _page(request, "error.html", 400, title="That could not be done", message=str(error))
    return private(RedirectResponse(f"/clerk/versions/{meeting_id}", status_code=303))


def _edit_form(
    request: Request, who: Identity, record: dict, error: str | None = None, status: int = 200
) -> Response:
    return _page(
        request,
        "clerk_edit.html",
        status,
        title=f"Correct {record['title']}",
        who=who,
        record=record,
        attendance=attendance_text(record),
        minutes_statuses=MINUTES_STATUSES,
        attendance_statuses=STATUSES,
        error=error,
    )


@clerk.get("/clerk/upload")
def upload_page(request: Request) -> Response:
    try:
        who = require(request, "clerk", None)
    except Refused as refused:
        return _refused_page(request, refused)
    return _page(request, "clerk_upload.html", title="Upload minutes", who=who, limit_mb=_mb())


@clerk.post("/clerk/upload")
async def upload(request: Request) -> Response:
    form = await request.form()
    file = form.get("file")
    try:
        who = require(request, "clerk", _text(form, "csrf_token"))
        if not isinstance(file, UploadFile) or not file.filename:
            raise MinutebookError("choose a file to upload")
        held = await uploads.keep(file, DEFAULT_SIZE_LIMIT)
    except Refused as refused:
        return _refused_page(request, refused)
    except MinutebookError as error:
        status = 413 if "larger than" in str(error) else 400
        return _page(
            request,
            "clerk_upload.html",
            status,
            title="Upload minutes",
            who=who,
            error=str(error),
            limit_mb=_mb(),
        )
    return _preview(request, who, held, _given(form))


@clerk.post("/clerk/publish")
async def publish_upload(request: Request) -> Response:
    form = await request.form()
    try:
        who = require(request, "clerk", _text(form, "csrf_token"))
        held = uploads.held(_text(form, "upload"))
        parsed = uploads.read(held, _given(form))
        if parsed.problem or parsed.as_dict is None:
            raise MinutebookError(str(parsed.problem))
        meeting_id = publish(request.app.state.engine, parsed.as_dict, parsed.data, actor=who.actor)
    except Refused as refused:
        return _refused_page(request, refused)
    except MinutebookError as error:
        return _page(request, "error.html", 400, title="That could not be published", message=str(error))
    held.unlink(missing_ok=True)
    return private(RedirectResponse(f"/meetings/{meeting_id}", status_code=303))


def _preview(request: Request, who: Identity, held: Path, given: dict[str, str]) -> Response:
    parsed = uploads.read(held, given)
    record = parsed.as_dict
    replaces = None
    if record is not None:
        with request.app.state.engine.connect() as connection:
            replaces = connection.execute(
                select(t.meetings.c.id).where(t.meetings.c.id == record["id"])
            ).scalar()
    return _page(
        request,
        "clerk_upload.html",
        400 if parsed.problem else 200,
        title="Upload minutes",
        who=who,
        error=str(parsed.problem.reason) if parsed.problem else None,
        record=record,
        replaces=replaces,
        upload=held.name,
        given=given,
        limit_mb=_mb(),
    )


def _mb() -> int:
    return DEFAULT_SIZE_LIMIT >> 20


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _given(form: FormData) -> dict[str, str]:
    """The header fields the clerk typed in, over what the document says."""
    return {
        name: _text(form, name).strip() for name in ("body", "date", "council") if _text(form, name).strip()
    }


@clerk.post("/clerk/approvals/confirm/{meeting_id:path}")
def confirm(request: Request, meeting_id: str, csrf_token: Annotated[str, Form()] = "") -> Response:
    try:
        who = require(request, "clerk", csrf_token)
        confirm_approval(request.app.state.engine, meeting_id, actor=who.actor)
    except Refused as refused:
        return _refused_page(request, refused)
    return private(RedirectResponse("/clerk", status_code=303))


@clerk.post("/clerk/people")
def people_override(
    request: Request,
    change: Annotated[str, Form()],
    name: Annotated[str, Form()],
    other: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Merge two forms of a name into one person, split a form off, or rename a person."""
    try:
        who = require(request, "clerk", csrf_token)
        with request.app.state.engine.begin() as connection:
            if change == "merge":
                merge_people(connection, name, other, note or None)
            elif change == "split":
                split_person(connection, name, note or None)
            elif change == "rename":
                rename_person(connection, name, other, note or None)
            else:
                raise MinutebookError(f"change {change!r}: use merge, split or rename")
            audit.record(
                connection, who.actor, f"people.{change}", name, None, {"other": other or None, "note": note}
            )
    except Refused as refused:
        return _refused_page(request, refused)
    except MinutebookError as error:
        return _page(request, "error.html", 400, title="That could not be done", message=str(error))
    return private(RedirectResponse("/clerk", status_code=303))


@clerk.post("/clerk/councils")
def council_alias(
    request: Request,
    name: Annotated[str, Form()],
    council: Annotated[str, Form()] = "",
    remove: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Declare that a council name is another council (its meetings move there), or undo that."""

    def change(who: Identity) -> object:
        try:
            if remove:
                return undeclare(request.app.state.engine, name, who.actor)
            return declare(request.app.state.engine, name, council, who.actor)
        except ValueError as error:
            raise MinutebookError(str(error)) from None

    return _action_from_page(request, csrf_token, change)


@clerk.get("/clerk/audit")
def audit_page(request: Request, before: int | None = None) -> Response:
    try:
        require(request, "admin", None)
    except Refused as refused:
        return _refused_page(request, refused)
    found = audit.entries(request.app.state.engine, limit=100, before_id=before)
    return _page(request, "clerk_audit.html", title="Audit log", entries=found)


@clerk_api.post("/actions/{action:path}/close", summary="Close an action, saying why")
def close_from_api(request: Request, action: str, note: Annotated[str, Form()] = "") -> Response:
    return _action_from_api(request, lambda who: _close(request, who, action, note))


@clerk_api.post("/actions/{action:path}/reopen", summary="Reopen a closed action")
def reopen_from_api(request: Request, action: str) -> Response:
    return _action_from_api(request, lambda who: _reopen(request, who, action))


@clerk_api.get("/audit", summary="The audit log, newest first (admins)")
def audit_api(request: Request, limit: int = 100, before: int | None = None) -> Response:
    try:
        require(request, "admin", None)
    except Refused as refused:
        return _refused_json(refused)
    found = audit.entries(request.app.state.engine, limit=min(max(limit, 1), 1000), before_id=before)
    return private(JSONResponse({"data": [entry.__dict__ for entry in found]}))


def _close(request: Request, who: Identity, action: str, note: str) -> dict[str, object]:
    with request.app.state.engine.begin() as connection:
        before = closure(connection, action)
        close_action(connection, action, note)
        after = closure(connection, action)
        audit.record(connection, who.actor, "action.close", action, before, after)
    return {"action": action, "status": "closed", "closure": after}


def _reopen(request: Request, who: Identity, action: str) -> dict[str, object]:
    with request.app.state.engine.begin() as connection:
        before = closure(connection, action)
        reopen_action(connection, action)
        audit.record(connection, who.actor, "action.reopen", action, before, None)
    return {"action": action, "status": "open", "closure": None}


def _action_from_page(request: Request, csrf_token: str, change: Callable[[Identity], object]) -> Response:
    try:
        who = require(request, "clerk", csrf_token)
        change(who)
    except Refused as refused:
        return _refused_page(request, refused)
    except MinutebookError as error:
        return _page(request, "error.html", 400, title="That could not be done", message=str(error))
    return private(RedirectResponse("/clerk", status_code=303))


def _action_from_api(request: Request, change: Callable[[Identity], object]) -> Response:
    try:
        who = require(request, "clerk", request.headers.get("x-csrf-token"))
        return private(JSONResponse({"data": change(who)}))
    except Refused as refused:
        return _refused_json(refused)
    except MinutebookError as error:
        return private(
            JSONResponse({"error": {"status": 400, "code": "bad_request", "message": str(error)}}, 400)
        )


def _refused_page(request: Request, refused: Refused) -> Response:
    if refused.status == 401:
        return private(RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303))
    return _page(request, "error.html", refused.status, title="Not allowed", message=str(refused))


def _refused_json(refused: Refused) -> Response:
    code = "unauthorized" if refused.status == 401 else "forbidden"
    body = {"error": {"status": refused.status, "code": code, "message": str(refused)}}
    headers = {"www-authenticate": "Bearer"} if refused.status == 401 else {}
    return private(JSONResponse(body, refused.status, headers=headers))
