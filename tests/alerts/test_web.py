"""Alerts from the site: the forms on the search, body and person pages, the subscribe POST
sending its confirmation request at once, and the pages signed links open (a GET never acts:
mail scanners fetch links), on both backends."""

from __future__ import annotations

import re
import warnings

import pytest
import sqlalchemy

from minutebook.alerts import send_all, subscriptions
from minutebook.record import MeetingRecord
from minutebook.registers import refresh
from minutebook.store import save
from minutebook.web.app import create_app

from .conftest import Inbox
from .conftest import later_meeting as _later

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

Seeds = list[tuple[MeetingRecord, bytes]]
BODY = "commissioners-public-meeting-with-councillors"


@pytest.fixture
def client(engine: sqlalchemy.Engine, seed_records: Seeds, smtp_server: tuple[Inbox, int], monkeypatch):
    for record, data in seed_records:
        save(engine, record, data)
    refresh(engine)
    monkeypatch.setenv("MINUTEBOOK_SMTP_URL", f"smtp://127.0.0.1:{smtp_server[1]}")
    monkeypatch.setenv("MINUTEBOOK_SITE_URL", "https://minutes.example.org")
    with TestClient(create_app(engine)) as test_client:
        yield test_client


def _path(inbox: Inbox, kind: str) -> str:
    text = inbox.messages[-1].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    found = re.search(rf"https://minutes\.example\.org(/alerts/{kind}/[\w.\-]+)", text)
    assert found, text
    return found.group(1)


@pytest.mark.parametrize(
    ("page", "fields"),
    [
        ("/search?q=safeguarding&body=" + BODY, {"kind": "search", "q": "safeguarding", "body": BODY}),
        (f"/bodies/{BODY}", {"kind": "body", "key": BODY}),
        ("/people/Mary Ney", {"kind": "person"}),
    ],
)
def test_pages_carry_a_subscribe_form(client: TestClient, page: str, fields: dict[str, str]) -> None:
    html = client.get(page).text
    form = re.search(
        r'<form class="alert-form" method="post" action="/alerts/subscribe">(.*?)</form>', html, re.S
    )
    assert form, html[:2000]
    for name, value in fields.items():
        assert f'name="{name}" value="{value}"' in form.group(1)
    assert 'type="email"' in form.group(1) and "<label" in form.group(1)


def test_subscribe_confirm_digest_unsubscribe_from_the_site(
    client: TestClient, engine: sqlalchemy.Engine, seed_records: Seeds, inbox: Inbox, mailer
) -> None:
    answer = client.post(
        "/alerts/subscribe", data={"email": "reader@example.org", "kind": "body", "key": BODY}
    )
    assert answer.status_code == 200 and "Check your e-mail" in answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert len(inbox.messages) == 1  # sent at once, not left for cron
    confirm = _path(inbox, "confirm")

    page = client.get(confirm)  # what a mail scanner fetching the link sees: it confirms nothing
    assert page.status_code == 200 and f'action="{confirm}"' in page.text
    assert subscriptions(engine)[0].confirmed_at is None
    assert client.post(confirm).status_code == 200
    assert subscriptions(engine)[0].confirmed_at

    save(engine, *_later(seed_records, "2016-04-20"))
    assert send_all(engine, mailer).digests == 1
    assert "Meetings of" in inbox.messages[-1]["Subject"]

    # RFC 8058's one click: a POST to the List-Unsubscribe URL.
    header = inbox.messages[-1]["List-Unsubscribe"].strip("<>")
    assert header.startswith("https://minutes.example.org/alerts/unsubscribe/")
    leave = header.removeprefix("https://minutes.example.org")
    assert client.get(leave).status_code == 200 and subscriptions(engine)
    answer = client.post(leave, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and "Unsubscribed" in answer.text
    assert subscriptions(engine) == []


def test_what_the_site_refuses(client: TestClient, inbox: Inbox) -> None:
    bad = client.post("/alerts/subscribe", data={"email": "nobody", "kind": "search", "q": "safeguarding"})
    assert bad.status_code == 400 and "not an e-mail address" in bad.text
    assert client.post("/alerts/subscribe", data={"email": "a@example.org", "q": '"open'}).status_code == 400
    assert client.get("/alerts/confirm/forged.token.here").status_code == 400
    assert client.post("/alerts/unsubscribe/forged").status_code == 400
    assert client.post("/search", data={"q": "x"}).status_code == 405  # the rest of the site stays read-only
    assert not inbox.messages


def test_one_client_asks_a_few_times_an_hour() -> None:
    from minutebook.web.alerts import Throttle

    throttle = Throttle(limit=3)
    assert [throttle.allow("192.0.2.1", t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert throttle.allow("192.0.2.2", 4)  # another client is not held back
    assert throttle.allow("192.0.2.1", 3601)  # an hour on, the first request no longer counts
