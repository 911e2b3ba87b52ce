"""Turning answers into HTML: the Jinja2 environment, its filters, and static-file URLs that change
when the file does (so static files can be cached for a year)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from minutebook.record import body_label, meeting_day, slug
from minutebook.search import snippet_spans

STATIC_DIR = Path(__file__).parent / "static"
API_PREFIX = "/api/v1"

_MINUTES_STATUS = {
    "draft": "Draft (not yet approved)",
    "approved": "Approved",
    "unknown": "Not stated",
    "none": "No minutes published",
}
_SORT_LABELS = {"-date": "Newest first", "date": "Oldest first", "relevance": "Relevance", "body": "Body"}
_STATUS_LABELS = {"open": "Open", "followed-up": "Followed up", "closed": "Closed by the clerk"}
_FOLLOWUP_LABELS = {
    "reference": "a later minute refers back to it",
    "matters-arising": "mentioned under matters arising",
    "text-match": "a later minute repeats its words",
}


@cache
def static_url(name: str) -> str:
    digest = hashlib.blake2b((STATIC_DIR / name).read_bytes(), digest_size=6).hexdigest()
    return f"/static/{name}?v={digest}"


def page_url(api_url: str) -> str:
    """The page twin of an API URL: `/api/v1/search?q=x` -> `/search?q=x`."""
    rest = api_url.removeprefix(API_PREFIX)
    return rest if rest.startswith("/") else "/" + rest


def long_date(value: str | None) -> str:
    if not value:
        return ""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day:%A} {day.day} {day:%B %Y}"


def snippet(text: str | None, highlights: list[list[int]] | None = None) -> Markup:
    """A snippet escaped, its matches in <mark>: given as [start, end) offsets into the text (a
    hit of the site), else as the search's marks in it. Nothing in the text itself becomes markup."""
    text = text or ""
    if highlights is None:
        text, highlights = snippet_spans(text)
    parts, at = [], 0
    for start, end in highlights:
        if start < at or end > len(text):
            continue
        parts += [str(escape(text[at:start])), "<mark>", str(escape(text[start:end])), "</mark>"]
        at = end
    parts.append(str(escape(text[at:])))
    return Markup("".join(parts))


def web_link(url: str | None) -> str | None:
    """A link from a document, kept only if it goes to a web page: `javascript:`, `data:` and
    other schemes a document can carry never reach an href."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def paragraphs(text: str | None) -> Markup:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return Markup("".join(f"<p>{escape(b)}</p>" for b in blocks))


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("minutebook.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static_url"] = static_url
    env.globals["body_label"] = body_label
    env.globals["LABELS"] = {"status": _STATUS_LABELS, "sort": _SORT_LABELS}
    env.filters.update(
        long_date=long_date,
        snippet=snippet,
        paragraphs=paragraphs,
        page_url=page_url,
        web_link=web_link,
        basename=lambda name: PurePosixPath(name or "").name or name,
        minutes_status=lambda s: _MINUTES_STATUS.get(s or "unknown", s),
        sort_label=lambda s: _SORT_LABELS.get(s, s),
        status_label=lambda s: _STATUS_LABELS.get(s, s),
        followup_label=lambda s: _FOLLOWUP_LABELS.get(s, s),
        meeting_date=lambda meeting_id: long_date(meeting_day(meeting_id)),
        maker_url=lambda maker: f"/makers/{slug(maker)}",  # a maker's page (web.plans)
    )
    return env


def render(env: Environment, template: str, **context: Any) -> str:
    return env.get_template(template).render(**context)
