"""Sign-in sessions: a random token in the browser's cookie, its SHA-256 in `user_sessions`, with
the session's CSRF token and an expiry. Sign-in is rate-limited per account name and per client
address by counting recent failures, so guessing is slow for one account and for one client."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, Connection, Engine, delete, func, insert, select

from minutebook.accounts import audit
from minutebook.accounts.clock import ago, now, stamp
from minutebook.accounts.identity import Identity
from minutebook.accounts.keys import digest, new_token
from minutebook.accounts.users import check_password
from minutebook.errors import MinutebookError
from minutebook.store.schema import sign_in_failures, user_sessions, users

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


class SignInRefused(MinutebookError):
    """Wrong name or password (never saying which), or too many recent failures."""


@dataclass(frozen=True)
class Session:
    token: str  # goes into the cookie; only its digest is stored
    identity: Identity


def lifetime() -> timedelta:
    """How long a session lasts: MINUTEBOOK_SESSION_HOURS, default 8 (a working day)."""
    return timedelta(hours=float(os.environ.get("MINUTEBOOK_SESSION_HOURS", "8")))


def sign_in(engine: Engine, name: str, password: str, *, address: str) -> Session:
    """A new session for `name` (a new token each time: a session id planted before sign-in is
    never the one after it), or SignInRefused."""
    account = name.strip().lower()
    with engine.begin() as connection:
        if _too_many_failures(connection, account, address):
            raise SignInRefused("too many failed sign-ins: try again in 15 minutes")
        user = check_password(connection, name.strip(), password)
        if user is None:
            # Committed, not rolled back with the refusal: the failure must count.
            failure = {"account": account, "address": address, "at": stamp(now())}
            connection.execute(insert(sign_in_failures).values(failure))
        else:
            token, csrf = new_token(), new_token()
            connection.execute(
                insert(user_sessions).values(
                    token_hash=digest(token),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=stamp(now()),
                    expires_at=stamp(now() + lifetime()),
                )
            )
            connection.execute(delete(sign_in_failures).where(sign_in_failures.c.at < ago(WINDOW * 4)))
            actor = f"user:{user.name}"
            audit.record(connection, actor, "session.sign-in", user.name, None, {"address": address})
    if user is None:
        raise SignInRefused("wrong name or password")
    return Session(token, Identity(user.name, user.role, "user", csrf))


def signed_in(engine: Engine, token: str | None) -> Identity | None:
    """The identity of a live session token, or None (unknown, expired, or the user disabled)."""
    if not token:
        return None
    query = (
        select(users.c.name, users.c.role, user_sessions.c.csrf_token)
        .join(users, users.c.id == user_sessions.c.user_id)
        .where(user_sessions.c.token_hash == digest(token))
        .where(user_sessions.c.expires_at > stamp(now()))
        .where(users.c.disabled.is_(False))
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return Identity(row.name, row.role, "user", row.csrf_token) if row else None


def sign_out(engine: Engine, token: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(user_sessions).where(user_sessions.c.token_hash == digest(token)))
        connection.execute(delete(user_sessions).where(user_sessions.c.expires_at <= stamp(now())))


def _too_many_failures(connection: Connection, account: str, address: str) -> bool:
    since = ago(WINDOW)

    def failures(condition: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(sign_in_failures)
        return connection.execute(query.where(condition, sign_in_failures.c.at > since)).scalar_one()

    return (
        failures(sign_in_failures.c.account == account) >= MAX_FAILURES_PER_ACCOUNT
        or failures(sign_in_failures.c.address == address) >= MAX_FAILURES_PER_ADDRESS
    )
