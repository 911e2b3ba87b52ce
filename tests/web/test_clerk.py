"""The clerks' side over HTTP, on both backends: sign-in with its CSRF and rate limit, sessions,
roles, closing and reopening actions from the desk and the API, the audit log, and what anonymous
or forged requests get (refused, and nothing changed)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
import sqlalchemy

from minutebook.accounts import audit
from minutebook.accounts.tokens import create_token
from minutebook.accounts.users import add_user
from minutebook.ingest import ingest
from minutebook.registers import refresh
from minutebook.registers.actions import actions
from minutebook.store import migrate, open_engine
from minutebook.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "a long clerk password"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def engine(database_url: str, seed_files: list[Path]) -> sqlalchemy.Engine:
    engine = open_engine(database_url)
    migrate(engine)
    ingest(engine, seed_files, workers=1)
    refresh(engine)
    add_user(engine, "clara", "clerk", PASSWORD)
    add_user(engine, "ada", "admin", PASSWORD)
    return engine


@pytest.fixture
def client(engine: sqlalchemy.Engine) -> TestClient:
    return TestClient(create_app(engine), follow_redirects=False)


def _sign_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Sign in through the form; the desk's CSRF token."""
    form = client.get("/login")
    token = CSRF.search(form.text)[1]
    answer = client.post(
        "/login", data={"name": name, "password": password, "csrf_token": token, "next": "/clerk"}
    )
    assert answer.status_code == 303, answer.text
    return CSRF.search(client.get("/clerk").text)[1]


def _an_open_action(engine: sqlalchemy.Engine) -> str:
    with engine.connect() as connection:
        return actions(connection, status="open", limit=1).rows[0].id


def _status(engine: sqlalchemy.Engine, action: str) -> str:
    with engine.connect() as connection:
        return next(row.status for row in actions(connection, limit=1000).rows if row.id == action)


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(
    client: TestClient, engine: sqlalchemy.Engine
) -> None:
    action = _an_open_action(engine)
    for path in ("/clerk", "/clerk/audit"):
        answer = client.get(path)
        assert (answer.status_code, answer.headers["location"]) == (303, f"/login?next={path}")
    answer = client.post("/clerk/actions/close", data={"action": action, "note": "done", "csrf_token": "x"})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    api = client.post(f"/api/v1/clerk/actions/{action}/close", data={"note": "done"})
    assert api.status_code == 401 and api.json()["error"]["code"] == "unauthorized"
    assert _status(engine, action) == "open"
    assert [e.action for e in audit.entries(engine)] == ["users.add", "users.add"]
    # The public side stays read-only.
    assert client.post("/search", data={"q": "x"}).status_code == 405


def test_sign_in_sets_a_new_session_and_sign_out_ends_it(client: TestClient) -> None:
    client.cookies.set("minutebook_session", "planted-by-an-attacker", domain="testserver.local")
    token = CSRF.search(client.get("/login").text)[1]
    answer = client.post("/login", data={"name": "clara", "password": PASSWORD, "csrf_token": token})
    cookie = answer.cookies.get("minutebook_session")
    assert cookie and cookie != "planted-by-an-attacker"
    answer = client.get("/clerk")
    assert answer.status_code == 200 and "Signed in as <strong>clara</strong>" in answer.text
    assert answer.headers["cache-control"] == "no-store"
    token = CSRF.search(answer.text)[1]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    client.cookies.set("minutebook_session", cookie, domain="testserver.local")  # the old cookie replayed
    assert client.get("/clerk").status_code == 303


def test_the_session_cookie_is_http_only_and_same_site(engine: sqlalchemy.Engine) -> None:
    client = TestClient(create_app(engine), follow_redirects=False)
    token = CSRF.search(client.get("/login").text)[1]
    answer = client.post("/login", data={"name": "clara", "password": PASSWORD, "csrf_token": token})
    header = answer.headers["set-cookie"].lower()
    assert "minutebook_session=" in header and "httponly" in header and "samesite=lax" in header


def test_sign_in_without_its_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    answer = client.post("/login", data={"name": "clara", "password": PASSWORD, "csrf_token": "forged"})
    assert answer.status_code == 403 and "minutebook_session" not in client.cookies


def test_wrong_passwords_and_then_the_rate_limit(client: TestClient) -> None:
    token = CSRF.search(client.get("/login").text)[1]
    statuses = [
        client.post(
            "/login", data={"name": "clara", "password": f"wrong {n}", "csrf_token": token}
        ).status_code
        for n in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    answer = client.post("/login", data={"name": "clara", "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 429 and "too many" in answer.text


def test_no_open_redirect_after_sign_in(client: TestClient) -> None:
    token = CSRF.search(client.get("/login?next=//evil.example/").text)[1]
    answer = client.post(
        "/login", data={"name": "clara", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"}
    )
    assert answer.headers["location"] == "/clerk"


def test_a_clerk_closes_and_reopens_an_action_and_the_audit_log_says_who(
    client: TestClient, engine: sqlalchemy.Engine
) -> None:
    action = _an_open_action(engine)
    token = _sign_in(client, "clara")
    forged = client.post(
        "/clerk/actions/close", data={"action": action, "note": "done", "csrf_token": "nope"}
    )
    assert forged.status_code == 403 and _status(engine, action) == "open"
    note = "Done <script>alert(1)</script>"
    answer = client.post("/clerk/actions/close", data={"action": action, "note": note, "csrf_token": token})
    assert answer.status_code == 303 and _status(engine, action) == "closed"
    desk = client.get("/clerk").text
    assert "<script>alert(1)</script>" not in desk and "Done &lt;script&gt;" in desk
    public = client.get("/registers/actions?status=closed").text
    assert "<script>alert(1)</script>" not in public
    client.post("/clerk/actions/reopen", data={"action": action, "csrf_token": token})
    assert _status(engine, action) == "open"
    logged = [(e.actor, e.action, e.subject) for e in audit.entries(engine, limit=3)]
    assert logged == [
        ("user:clara", "action.reopen", action),
        ("user:clara", "action.close", action),
        ("user:clara", "session.sign-in", "clara"),
    ]
    assert audit.entries(engine, limit=1)[0].before["note"] == note


def test_only_an_admin_reads_the_audit_log(client: TestClient, engine: sqlalchemy.Engine) -> None:
    _sign_in(client, "clara")
    assert client.get("/clerk/audit").status_code == 403
    assert client.get("/api/v1/clerk/audit").status_code == 403
    client.cookies.clear()
    _sign_in(client, "ada")
    page = client.get("/clerk/audit")
    assert page.status_code == 200 and "session.sign-in" in page.text
    assert client.get("/api/v1/clerk/audit").json()["data"][0]["actor"] == "user:ada"


def test_an_api_token_closes_an_action_until_it_is_revoked(
    client: TestClient, engine: sqlalchemy.Engine
) -> None:
    action = _an_open_action(engine)
    token = create_token(engine, "integration", "clerk")
    bearer = {"authorization": f"Bearer {token}"}
    answer = client.post(f"/api/v1/clerk/actions/{action}/close", data={"note": "sent"}, headers=bearer)
    assert answer.status_code == 200 and answer.json()["data"]["status"] == "closed"
    assert audit.entries(engine, limit=1)[0].actor == "token:integration"
    wrong = client.post(
        f"/api/v1/clerk/actions/{action}/reopen", headers={"authorization": "Bearer mbt_wrong"}
    )
    assert wrong.status_code == 401 and _status(engine, action) == "closed"
    # A signed-in browser calling the API must send the session's CSRF token as a header.
    csrf = _sign_in(client, "clara")
    assert client.post(f"/api/v1/clerk/actions/{action}/reopen").status_code == 403
    answer = client.post(f"/api/v1/clerk/actions/{action}/reopen", headers={"x-csrf-token": csrf})
    assert answer.status_code == 200 and _status(engine, action) == "open"
    bad = client.post("/api/v1/clerk/actions/no-such-action/close", data={"note": "x"}, headers=bearer)
    assert bad.status_code == 400 and "not an action id" in bad.json()["error"]["message"]


def _a_meeting(engine: sqlalchemy.Engine) -> str:
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT id FROM meetings ORDER BY id LIMIT 1").scalar_one()


def test_a_clerk_corrects_a_meeting_and_the_public_pages_show_the_versions(
    client: TestClient, engine: sqlalchemy.Engine
) -> None:
    meeting = _a_meeting(engine)
    assert client.get(f"/clerk/edit/{meeting}").status_code == 303  # sign in first
    _sign_in(client, "clara")
    form = client.get(f"/clerk/edit/{meeting}")
    assert form.status_code == 200 and 'name="item-0-title"' in form.text
    token = CSRF.search(form.text)[1]
    venue = "Town Hall <script>alert(1)</script>"
    forged = client.post(f"/clerk/edit/{meeting}", data={"venue": venue, "csrf_token": "forged"})
    assert forged.status_code == 403
    assert "Corrected on" not in client.get(f"/meetings/{meeting}").text
    bad = client.post(f"/clerk/edit/{meeting}", data={"date": "someday", "csrf_token": token})
    assert bad.status_code == 400 and "date &#39;someday&#39;: not a date" in bad.text
    saved = client.post(f"/clerk/edit/{meeting}", data={"venue": venue, "note": "venue", "csrf_token": token})
    assert (saved.status_code, saved.headers["location"]) == (303, f"/clerk/versions/{meeting}")
    page = client.get(f"/meetings/{meeting}").text
    assert "Corrected on" in page and f'href="/versions/{meeting}"' in page
    assert "<script>alert(1)</script>" not in page and "Town Hall &lt;script&gt;" in page
    history = client.get(f"/versions/{meeting}?a=1&b=2")
    assert history.status_code == 200 and "Restore" not in history.text  # the public page only reads
    assert "<ins>+ Venue: Town Hall &lt;script&gt;alert(1)&lt;/script&gt;</ins>" in history.text
    assert client.get(f"/versions/{meeting}?a=1&b=9").status_code == 404
    # The clerk restores the version as read; the public page follows.
    token = CSRF.search(client.get(f"/clerk/versions/{meeting}").text)[1]
    client.post(f"/clerk/restore/{meeting}", data={"number": "1", "csrf_token": token})
    restored = client.get(f"/meetings/{meeting}").text
    assert "Town Hall &lt;script" not in restored and "Restored on" in restored
    assert [e.action for e in audit.entries(engine, limit=2)] == ["meeting.restore", "meeting.correction"]


def test_a_clerk_uploads_a_pdf_previews_it_and_publishes_it(
    client: TestClient, engine: sqlalchemy.Engine, corpus_dir: Path
) -> None:
    pdf = corpus_dir / "rivergrove-or-city-council-2018-12-10.pdf"
    token = _sign_in(client, "clara")
    page = client.get("/clerk/upload")
    assert page.status_code == 200 and 'type="file"' in page.text
    answer = client.post(
        "/clerk/upload",
        data={"csrf_token": token},
        files={"file": (pdf.name, pdf.read_bytes(), "application/pdf")},
    )
    assert answer.status_code == 200, answer.text
    assert "Preview:" in answer.text and 'action="/clerk/publish"' in answer.text
    with engine.connect() as connection:
        before = connection.exec_driver_sql("SELECT count(*) FROM meetings").scalar_one()
    held = re.search(r'name="upload" value="([^"]+)"', answer.text)[1]
    published = client.post("/clerk/publish", data={"csrf_token": token, "upload": held})
    assert published.status_code == 303 and published.headers["location"].startswith("/meetings/rivergrove")
    assert client.get(published.headers["location"]).status_code == 200
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM meetings").scalar_one() == before + 1
    assert audit.entries(engine, limit=1)[0].action == "meeting.upload"
    # Publishing again: the upload is no longer held.
    again = client.post("/clerk/publish", data={"csrf_token": token, "upload": held})
    assert again.status_code == 400 and "no longer held" in again.text


def test_uploads_over_the_limit_or_not_minutes_store_nothing(
    client: TestClient, engine: sqlalchemy.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import minutebook.web.clerk as clerk_pages

    token = _sign_in(client, "clara")
    monkeypatch.setattr(clerk_pages, "DEFAULT_SIZE_LIMIT", 1 << 20)
    big = client.post(
        "/clerk/upload", data={"csrf_token": token}, files={"file": ("big.txt", b"x" * (2 << 20))}
    )
    assert big.status_code == 413 and "larger than 1 MB" in big.text
    junk = client.post(
        "/clerk/upload", data={"csrf_token": token}, files={"file": ("shopping.txt", b"eggs\nmilk\nbread\n")}
    )
    assert junk.status_code == 400 and 'action="/clerk/publish"' not in junk.text
    forged = client.post("/clerk/upload", data={"csrf_token": "x"}, files={"file": ("a.txt", b"minutes")})
    assert forged.status_code == 403
    forged = client.post("/clerk/publish", data={"csrf_token": token, "upload": "../../etc/passwd"})
    assert forged.status_code == 400
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM meeting_versions").scalar_one() == 0


def test_a_clerk_confirms_or_undoes_an_approval_minutebook_made(database_url: str, tmp_path: Path) -> None:
    from minutebook.sample import generate_council

    generate_council(tmp_path / "council", meetings=40, seed=3)
    engine = open_engine(database_url)
    migrate(engine)
    ingest(engine, [tmp_path / "council"], workers=1)
    refresh(engine)
    add_user(engine, "clara", "clerk", PASSWORD)
    client = TestClient(create_app(engine), follow_redirects=False)
    token = _sign_in(client, "clara")
    desk = client.get("/clerk").text
    pending = re.findall(r'action="/clerk/approvals/confirm/([^"]+)"', desk)
    assert len(pending) >= 2
    client.post(f"/clerk/approvals/confirm/{pending[0]}", data={"csrf_token": token})
    undo = re.search(
        rf'action="/clerk/restore/{re.escape(pending[1])}".*?name="number" value="(\d+)"', desk, re.S
    )
    client.post(f"/clerk/restore/{pending[1]}", data={"csrf_token": token, "number": undo[1]})
    after = re.findall(r'action="/clerk/approvals/confirm/([^"]+)"', client.get("/clerk").text)
    assert pending[0] not in after and pending[1] not in after and len(after) == len(pending) - 2
    with engine.connect() as connection:
        statuses = dict(connection.exec_driver_sql("SELECT id, minutes_status FROM meetings").all())
    assert statuses[pending[0]] == "approved" and statuses[pending[1]] != "approved"


def test_a_clerk_renames_a_person_and_the_name_is_escaped_everywhere(
    client: TestClient, engine: sqlalchemy.Engine
) -> None:
    token = _sign_in(client, "clara")
    shown = "Gwen <img src=x onerror=alert(1)> Russell"
    answer = client.post(
        "/clerk/people",
        data={"change": "rename", "name": "Councillor G. A. Russell", "other": shown, "csrf_token": token},
    )
    assert answer.status_code == 303
    for path in ("/people", "/registers/appointments", "/clerk/audit"):
        page = client.get(path)
        assert "<img src=x" not in page.text
    assert "Gwen &lt;img src=x onerror=alert(1)&gt; Russell" in client.get("/people").text
    assert audit.entries(engine, limit=1)[0].action == "people.rename"
    bad = client.post("/clerk/people", data={"change": "explode", "name": "x", "csrf_token": token})
    assert bad.status_code == 400 and "use merge, split or rename" in bad.text
    unknown = client.post(
        "/clerk/people", data={"change": "split", "name": "Nobody Atall", "csrf_token": token}
    )
    assert unknown.status_code == 400


def test_markup_typed_into_any_field_is_text_on_every_page(
    client: TestClient, engine: sqlalchemy.Engine
) -> None:
    with engine.connect() as connection:
        meeting = connection.exec_driver_sql("SELECT min(meeting_id) FROM decisions").scalar_one()
    token = _sign_in(client, "clara")
    form = client.get(f"/clerk/edit/{meeting}").text
    payload = '<script>alert("x")</script>'
    fields = re.findall(
        r'name="((?:title|venue|item-\d+-(?:title|para-\d+|decision-\d+|action-\d+(?:-owner)?)))"', form
    )
    assert (
        {"title", "venue"} <= set(fields)
        and any("-para-" in f for f in fields)
        and any("-decision-" in f for f in fields)
    )
    answer = client.post(
        f"/clerk/edit/{meeting}",
        data={**{f: f"{f} {payload}" for f in fields}, "csrf_token": token, "note": payload},
    )
    assert answer.status_code == 303, answer.text
    pages = [
        f"/meetings/{meeting}",
        f"/versions/{meeting}?a=1&b=2",
        f"/clerk/versions/{meeting}",
        f"/clerk/edit/{meeting}",
        "/meetings",
        "/registers/decisions",
        "/registers/actions",
        "/search?q=alert",
        "/feeds/meetings.atom",
        "/feeds/decisions.atom",
        "/clerk",
    ]
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, path
        assert payload not in page.text, path
    assert "title &lt;script&gt;" in client.get(f"/meetings/{meeting}").text
