"""The two shapes every answer takes, and conditional GET.

Success: `{"data": ..., "meta": {...}, "links": {...}}`; error: `{"error": {"status", "code",
"message"}}`. Pages and API answers carry an ETag over their body and answer 304 to a matching
If-None-Match, so a browser or a script polling the API downloads a page again only when it changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from minutebook.export.formats import spreadsheet_safe


class Envelope(BaseModel):
    data: Any
    meta: dict[str, Any]
    links: dict[str, Any]


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message}}


def envelope(data: Any, meta: dict[str, Any] | None = None, links: dict[str, Any] | None = None) -> dict:
    return {"data": data, "meta": meta or {}, "links": links or {}}


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def conditional(request: Request, body: bytes, media_type: str, status: int = 200) -> Response:
    """A 200 with an ETag, or a 304 when the client already holds this body."""
    tag = etag_for(body)
    headers = {"etag": tag, "cache-control": "no-cache"}
    if tag in _listed_tags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status, media_type=media_type, headers=headers)


def json_answer(request: Request, answer: dict[str, Any]) -> Response:
    body = json.dumps(answer, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    return conditional(request, body, "application/json")


def html_answer(request: Request, html: str, status: int = 200) -> Response:
    return conditional(request, html.encode(), "text/html; charset=utf-8", status)


class CsvResponse(Response):
    media_type = "text/csv"


def csv_answer(
    request: Request, rows: Iterable[dict[str, Any]], columns: list[str], filename: str
) -> Response:
    """Rows as a CSV download (with a header line), with an ETag like every answer."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    # Cells of document text (a body's name) that start like a formula are kept text, as in every CSV.
    writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()} for row in rows)
    response = conditional(request, text.getvalue().encode(), "text/csv; charset=utf-8")
    response.headers["content-disposition"] = f'attachment; filename="{filename}"'
    return response


def json_error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(error_body(status, code, message), status_code=status)


def html_error(html: str, status: int) -> HTMLResponse:
    return HTMLResponse(html, status_code=status)


def _listed_tags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}
