"""The clerks' desk declares that a council name is another council (and undoes it): the
meetings move, the old address redirects, the audit log names the clerk; anonymous or forged
requests change nothing."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import sqlalchemy

from minutebook.accounts import audit
from minutebook.accounts.users import add_user
from minutebook.ingest import ingest
from minutebook.store import open_engine
from minutebook.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "a long clerk password"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
OLD = "/meetings/aberteifi-town-council/finance-committee/2024-03-05"
NEW = "/meetings/cardigan-town-council/finance-committee/2024-03-05"


def test_a_clerk_declares_a_council_alias_from_the_desk(database_url: str, two_councils: Path) -> None:
    folder = two_councils
    engine: sqlalchemy.Engine = open_engine(database_url)
    ingest(engine, [folder], workers=1)
    add_user(engine, "clara", "clerk", PASSWORD)
    client = TestClient(create_app(engine, cache=False), follow_redirects=False)
    form = {"name": "Aberteifi Town Council", "council": "Cardigan Town Council"}

    assert client.post("/clerk/councils", data=form).status_code in (303, 401, 403)  # not signed in
    assert client.get(OLD).status_code == 200
    token = CSRF.search(client.get("/login").text)[1]  # type: ignore[index]
    signed = {"name": "clara", "password": PASSWORD, "csrf_token": token, "next": "/clerk"}
    assert client.post("/login", data=signed).status_code == 303
    desk = client.get("/clerk").text
    assert 'action="/clerk/councils"' in desk
    assert client.post("/clerk/councils", data={**form, "csrf_token": "forged"}).status_code == 403
    assert client.get(OLD).status_code == 200

    token = CSRF.search(desk)[1]  # type: ignore[index]
    assert client.post("/clerk/councils", data={**form, "csrf_token": token}).status_code == 303
    moved = client.get(OLD)
    assert (moved.status_code, moved.headers["location"]) == (301, NEW)
    assert client.get(NEW).status_code == 200
    assert audit.entries(engine, limit=1)[0].action == "council.alias"
    assert audit.entries(engine, limit=1)[0].actor == "user:clara"

    same = client.post(
        "/clerk/councils", data={**form, "council": "CYNGOR TREF ABERTEIFI", "csrf_token": token}
    )
    assert same.status_code == 400 and "one council already" in same.text
    undo = {"name": "Aberteifi Town Council", "remove": "1", "csrf_token": token}
    assert client.post("/clerk/councils", data=undo).status_code == 303
    assert client.get(OLD).status_code == 200
    engine.dispose()
