"""The site's side of e-mail alerts (`minutebook.alerts`): the subscribe form's POST and the
pages the signed links in messages open.

    POST /alerts/subscribe              email + what to follow (kind=search with the search page's
                                        fields q, body, since, until, person; kind=body|person, key)
    GET  /alerts/confirm/{token}        a page with a Confirm button, which POSTs to the same URL
    GET  /alerts/unsubscribe/{token}    likewise with Unsubscribe; its POST is also RFC 8058's one click

Why no CSRF token: a forged subscribe request can only make the site mail a confirmation request
to the address it names (which anyone can ask for openly; at most MAX_UNCONFIRMED are waiting
per address, and a repeat at most once an hour); confirming or unsubscribing needs the signed
link that only reaches the address's owner. One client may ask PER_CLIENT times an hour (counted
in this process's memory, never stored), so a script cannot make the site mail many strangers.
Links open a page rather than act on GET, because mail scanners fetch links in messages: a
scanner must not confirm nor unsubscribe anyone.
The confirmation request is sent at once, after the answer, when MINUTEBOOK_SMTP_URL is set;
else (or if it fails) by the next `minutebook alerts send`.
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from minutebook.alerts import BadLink, confirm, subscribe, unsubscribe
from minutebook.alerts.mail import mailer_from_env
from minutebook.alerts.run import send_confirmation
from minutebook.alerts.subscriptions import Subscription, Target, search_target
from minutebook.alerts.tokens import read_confirm, read_unsubscribe
from minutebook.errors import MinutebookError
from minutebook.web.render import render

ALERT_PATHS = ("/alerts/",)  # where the site takes POSTs for alerts (see `web.policy`)
PER_CLIENT = 10  # subscribe requests a client may make an hour
alerts = APIRouter(include_in_schema=False)
Field = Annotated[str, Form(max_length=500)]


@alerts.post("/alerts/subscribe")
def subscribe_form(
    request: Request,
    background: BackgroundTasks,
    email: Annotated[str, Form(max_length=254)],
    kind: Annotated[str, Form(max_length=10)] = "search",
    key: Field = "",
    q: Field = "",
    body: Field = "",
    since: Field = "",
    until: Field = "",
    person: Field = "",
) -> HTMLResponse:
    if not _throttle(request).allow(request.client.host if request.client else "", time.monotonic()):
        return _page(request, "Not subscribed", "Too many requests from here: please try again later.", 429)
    if kind == "search":
        target = search_target({"q": q, "body": body, "since": since, "until": until, "person": person})
    else:
        target = Target(kind, key.strip())
    engine: Engine = request.app.state.engine
    try:
        sub, due = subscribe(engine, email, target)
    except MinutebookError as error:
        return _page(request, "Not subscribed", str(error), status=400)
    if due and os.environ.get("MINUTEBOOK_SMTP_URL"):
        background.add_task(_send_confirmation, engine, sub, _site(request))
    # The same answer whether the address was new, waiting or confirmed: it tells no one else.
    return _page(
        request,
        "Check your e-mail",
        f"If {sub.email} is yours, a message there has a link to confirm the alert “{sub.label}”."
        " Nothing is sent until it is followed.",
    )


@alerts.get("/alerts/confirm/{token}")
def confirm_page(request: Request, token: str) -> HTMLResponse:
    return _button_page(request, token, read_confirm, "Confirm your alert", "start the e-mails", "Confirm")


@alerts.post("/alerts/confirm/{token}")
def confirm_post(request: Request, token: str) -> HTMLResponse:
    try:
        sub = confirm(request.app.state.engine, token)
    except BadLink as error:
        return _bad_link(request, error)
    return _page(
        request,
        "Alert confirmed",
        f"You will be e-mailed what is new for “{sub.label}”. Every message has a link to stop.",
    )


@alerts.get("/alerts/unsubscribe/{token}")
def unsubscribe_page(request: Request, token: str) -> HTMLResponse:
    return _button_page(request, token, read_unsubscribe, "Stop these alerts?", "stop them", "Unsubscribe")


@alerts.post("/alerts/unsubscribe/{token}")
def unsubscribe_post(request: Request, token: str) -> HTMLResponse:
    try:
        ended = unsubscribe(request.app.state.engine, token)
    except BadLink as error:
        return _bad_link(request, error)
    what = "; ".join(f"“{sub.label}”" for sub in ended) or "these alerts"
    return _page(request, "Unsubscribed", f"No more e-mails for {what}; the address is deleted with them.")


def _button_page(
    request: Request, token: str, read: Callable[[Engine, str], object], title: str, does: str, button: str
) -> HTMLResponse:
    """What a link opens: after checking its signature only, a button that POSTs it."""
    try:
        read(request.app.state.engine, token)
    except BadLink as error:
        return _bad_link(request, error)
    return _page(request, title, f"Press {button} to {does}.", button=button)


def _bad_link(request: Request, error: BadLink) -> HTMLResponse:
    return _page(request, "That link does not work", str(error), status=400)


class Throttle:
    """At most `limit` events per key in any hour, remembered in memory only."""

    def __init__(self, limit: int, window: float = 3600.0) -> None:
        self.limit, self.window = limit, window
        self.seen: dict[str, deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, key: str, now: float) -> bool:
        with self.lock:
            if len(self.seen) > 10_000:  # forget quiet clients rather than grow without end
                for old in [k for k, times in self.seen.items() if times[-1] < now - self.window]:
                    del self.seen[old]
            times = self.seen[key]
            while times and times[0] < now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                return False
            times.append(now)
            return True


def _throttle(request: Request) -> Throttle:
    """The site's throttle (one per application, made on first use)."""
    state = request.app.state
    if getattr(state, "alert_throttle", None) is None:
        state.alert_throttle = Throttle(PER_CLIENT)
    return state.alert_throttle


def _send_confirmation(engine: Engine, sub: Subscription, site: str) -> None:
    try:
        with mailer_from_env(site) as mailer:
            send_confirmation(engine, mailer, sub)
    except MinutebookError:
        pass  # left due: the next `alerts send` tries again


def _site(request: Request) -> str:
    return os.environ.get("MINUTEBOOK_SITE_URL") or str(request.base_url).rstrip("/")


def _page(
    request: Request, title: str, message: str, status: int = 200, button: str | None = None
) -> HTMLResponse:
    html = render(
        request.app.state.templates,
        "alerts.html",
        title=title,
        message=message,
        button=button,
        action=request.url.path,
        api_url="/api/openapi.json",
    )
    # Never kept by a cache: each answer is about one person's subscription.
    return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})
