"""Users, sessions, the sign-in rate limit, API tokens and the audit log, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy

from minutebook.accounts import audit, sessions
from minutebook.accounts.sessions import SignInRefused, sign_in, sign_out, signed_in
from minutebook.accounts.tokens import create_token, list_tokens, revoke_token, token_identity
from minutebook.accounts.users import add_user, list_users, set_disabled, set_password
from minutebook.errors import MinutebookError
from minutebook.store.schema import users

PASSWORD = "correct horse battery"


def test_a_password_is_stored_only_as_an_argon2id_hash(engine: sqlalchemy.Engine) -> None:
    add_user(engine, "alice", "clerk", PASSWORD)
    with engine.connect() as connection:
        stored = connection.execute(sqlalchemy.select(users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert [(u.name, u.role, u.disabled) for u in list_users(engine)] == [("alice", "clerk", False)]


@pytest.mark.parametrize(
    ("name", "role", "password", "says"),
    [
        ("alice", "mayor", PASSWORD, "role 'mayor'"),
        ("al ice", "clerk", PASSWORD, "user name 'al ice'"),
        ("bob", "clerk", "short", "at least 10 characters"),
    ],
)
def test_bad_accounts_are_refused_with_the_reason(
    engine: sqlalchemy.Engine, name: str, role: str, password: str, says: str
) -> None:
    with pytest.raises(MinutebookError, match=says):
        add_user(engine, name, role, password)
    assert list_users(engine) == []


def test_sign_in_gives_a_new_session_each_time_and_sign_out_ends_it(engine: sqlalchemy.Engine) -> None:
    add_user(engine, "alice", "admin", PASSWORD)
    first = sign_in(engine, "alice", PASSWORD, address="10.0.0.1")
    second = sign_in(engine, "alice", PASSWORD, address="10.0.0.1")
    assert first.token != second.token
    assert first.identity.csrf_token != second.identity.csrf_token
    who = signed_in(engine, first.token)
    assert who is not None and (who.name, who.role, who.actor) == ("alice", "admin", "user:alice")
    assert who.may("clerk") and who.may("admin")
    sign_out(engine, first.token)
    assert signed_in(engine, first.token) is None
    assert signed_in(engine, second.token) is not None
    assert signed_in(engine, "not a token") is None


def test_wrong_passwords_are_refused_without_saying_which_part_was_wrong(engine: sqlalchemy.Engine) -> None:
    add_user(engine, "alice", "clerk", PASSWORD)
    for name, password in (("alice", "wrong password"), ("nobody", PASSWORD)):
        with pytest.raises(SignInRefused, match=r"^wrong name or password$"):
            sign_in(engine, name, password, address="10.0.0.1")


def test_sign_in_is_rate_limited_per_account_and_per_address(engine: sqlalchemy.Engine) -> None:
    add_user(engine, "alice", "clerk", PASSWORD)
    add_user(engine, "bob", "clerk", PASSWORD)
    for n in range(sessions.MAX_FAILURES_PER_ACCOUNT):
        with pytest.raises(SignInRefused, match="wrong"):
            sign_in(engine, "alice", f"guess number {n}", address=f"10.0.1.{n}")
    # The right password no longer opens the account, from any address, until the window passes.
    with pytest.raises(SignInRefused, match="too many"):
        sign_in(engine, "Alice", PASSWORD, address="10.9.9.9")
    assert sign_in(engine, "bob", PASSWORD, address="10.9.9.9")
    for n in range(sessions.MAX_FAILURES_PER_ADDRESS):
        with pytest.raises(SignInRefused):
            sign_in(engine, f"someone{n}", "guess guess guess", address="10.0.2.1")
    with pytest.raises(SignInRefused, match="too many"):
        sign_in(engine, "bob", PASSWORD, address="10.0.2.1")


def test_expired_sessions_and_disabled_users_are_signed_out(
    engine: sqlalchemy.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(engine, "alice", "clerk", PASSWORD)
    add_user(engine, "bob", "clerk", PASSWORD)
    monkeypatch.setattr(sessions, "lifetime", lambda: timedelta(seconds=-1))
    expired = sign_in(engine, "alice", PASSWORD, address="10.0.0.1")
    assert signed_in(engine, expired.token) is None
    monkeypatch.undo()
    live = sign_in(engine, "bob", PASSWORD, address="10.0.0.1")
    set_disabled(engine, "bob", True)
    assert signed_in(engine, live.token) is None
    with pytest.raises(SignInRefused):
        sign_in(engine, "bob", PASSWORD, address="10.0.0.1")


def test_a_new_password_ends_old_sessions(engine: sqlalchemy.Engine) -> None:
    add_user(engine, "alice", "clerk", PASSWORD)
    old = sign_in(engine, "alice", PASSWORD, address="10.0.0.1")
    set_password(engine, "alice", "another long password")
    assert signed_in(engine, old.token) is None
    assert sign_in(engine, "alice", "another long password", address="10.0.0.1")


def test_api_tokens_are_stored_hashed_and_can_be_revoked(engine: sqlalchemy.Engine) -> None:
    token = create_token(engine, "planning-feed", "clerk")
    who = token_identity(engine, token)
    assert who is not None and (who.actor, who.may("clerk"), who.may("admin")) == (
        "token:planning-feed",
        True,
        False,
    )
    with engine.connect() as connection:
        dump = str(connection.exec_driver_sql("SELECT * FROM api_tokens").all())
    assert token not in dump
    revoke_token(engine, "planning-feed")
    assert token_identity(engine, token) is None
    assert list_tokens(engine)[0].revoked_at is not None
    with pytest.raises(MinutebookError, match="no such live token"):
        revoke_token(engine, "planning-feed")


def test_every_account_change_is_in_the_audit_log(engine: sqlalchemy.Engine) -> None:
    add_user(engine, "alice", "clerk", PASSWORD, actor="user:root")
    set_password(engine, "alice", "another long password")
    set_disabled(engine, "alice", True)
    create_token(engine, "feed", "clerk")
    logged = [(e.actor, e.action, e.subject) for e in audit.entries(engine)]
    assert logged == [
        ("cli", "tokens.create", "feed"),
        ("cli", "users.disable", "alice"),
        ("cli", "users.passwd", "alice"),
        ("user:root", "users.add", "alice"),
    ]
    assert audit.entries(engine)[1].before == {"disabled": False}
    assert [e.action for e in audit.entries(engine, limit=2, before_id=audit.entries(engine)[1].id)] == [
        "users.passwd",
        "users.add",
    ]
