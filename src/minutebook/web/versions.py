"""The public history of a meeting's record: /versions/{meeting id} lists its versions (as read,
and each clerk's correction, approval, upload or restore) and shows the readable diff between any
two (?a=1&b=2). Read-only and the same for everyone, so cached like every public page; clerks
restore versions from the same list under /clerk/versions (`web.clerk`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from minutebook.accounts.identity import Identity
from minutebook.clerk.diff import diff
from minutebook.errors import NotFound
from minutebook.store import schema as t
from minutebook.store.versions import history
from minutebook.web import responses
from minutebook.web.render import render

versions = APIRouter(include_in_schema=False)


@versions.get("/versions/{meeting_id:path}")
def versions_page(request: Request, meeting_id: str, a: int | None = None, b: int | None = None) -> Response:
    html = versions_html(request, meeting_id, a, b, who=None, base="/versions")
    return responses.html_answer(request, html)


def versions_html(
    request: Request, meeting_id: str, a: int | None, b: int | None, *, who: Identity | None, base: str
) -> str:
    with request.app.state.engine.connect() as connection:
        title = _title(connection, meeting_id)
        found = history(connection, meeting_id)
    by_number = {v.number: v for v in found}
    changes = None
    if a is not None and b is not None:
        if a not in by_number or b not in by_number:
            raise NotFound(f"meeting '{meeting_id}' has no version {a if a not in by_number else b}")
        changes = diff(by_number[a].record, by_number[b].record)
    context: dict[str, Any] = {
        "meeting_id": meeting_id,
        "versions": found,
        "changes": changes,
        "a": a,
        "b": b,
    }
    return render(
        request.app.state.templates,
        "versions.html",
        title=f"Versions of {title}",
        meeting_title=title,
        api_url=f"/api/v1/meetings/{meeting_id}",
        who=who,
        base=base,
        **context,
    )


def _title(connection: Connection, meeting_id: str) -> str:
    row = connection.execute(
        t.meetings.select()
        .with_only_columns(t.meetings.c.title, t.meetings.c.date)
        .where(t.meetings.c.id == meeting_id)
    ).first()
    if row is None:
        raise NotFound(f"meeting '{meeting_id}'")
    return f"{row.title}, {row.date}"
