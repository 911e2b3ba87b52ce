"""Users: a name, a role (clerk or admin), an argon2id password hash, and whether they are disabled.

A clerk keeps the record (uploads, corrections, actions); an admin also manages users and tokens.
Every change here is written to the audit log in the same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, delete, insert, select, update

from minutebook.accounts import audit
from minutebook.accounts.clock import now, stamp
from minutebook.errors import MinutebookError
from minutebook.store.schema import user_sessions, users

ROLES = ("clerk", "admin")
MIN_PASSWORD = 10
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile (64 MiB, 3 passes).
_hasher = PasswordHasher()
# Verifying against this when the name is unknown costs the same as a real check, so the time a
# failed sign-in takes does not tell whether the account exists.
_DUMMY_HASH = _hasher.hash("minutebook: no such user")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    disabled: bool
    created_at: str


def add_user(engine: Engine, name: str, role: str, password: str, *, actor: str = "cli") -> User:
    _check_name(name)
    _check_role(role)
    _check_password(password)
    with engine.begin() as connection:
        if _find(connection, name):
            raise MinutebookError(f"user {name!r}: already exists")
        created = stamp(now())
        connection.execute(
            insert(users).values(
                name=name, role=role, password_hash=_hasher.hash(password), disabled=False, created_at=created
            )
        )
        audit.record(connection, actor, "users.add", name, None, {"role": role})
        found = _find(connection, name)
    assert found is not None
    return found


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as connection:
        rows = connection.execute(select(*_COLUMNS).order_by(users.c.name)).all()
    return [User(*row) for row in rows]


def set_disabled(engine: Engine, name: str, disabled: bool, *, actor: str = "cli") -> None:
    """Disable (or enable) a user; disabling also ends every session they have."""
    with engine.begin() as connection:
        user = _existing(connection, name)
        connection.execute(update(users).where(users.c.id == user.id).values(disabled=disabled))
        if disabled:
            connection.execute(delete(user_sessions).where(user_sessions.c.user_id == user.id))
        audit.record(
            connection,
            actor,
            "users.disable" if disabled else "users.enable",
            name,
            {"disabled": user.disabled},
            {"disabled": disabled},
        )


def set_password(engine: Engine, name: str, password: str, *, actor: str = "cli") -> None:
    """A new password ends every session signed in with the old one."""
    _check_password(password)
    with engine.begin() as connection:
        user = _existing(connection, name)
        new_hash = _hasher.hash(password)
        connection.execute(update(users).where(users.c.id == user.id).values(password_hash=new_hash))
        connection.execute(delete(user_sessions).where(user_sessions.c.user_id == user.id))
        audit.record(connection, actor, "users.passwd", name, None, None)


def check_password(connection: Connection, name: str, password: str) -> User | None:
    """The user if `password` is theirs and they are not disabled; None otherwise, taking as long."""
    row = connection.execute(select(*_COLUMNS, users.c.password_hash).where(users.c.name == name)).first()
    try:
        _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row.disabled:
        return None
    return User(*row[:5])


_COLUMNS = (users.c.id, users.c.name, users.c.role, users.c.disabled, users.c.created_at)


def _find(connection: Connection, name: str) -> User | None:
    row = connection.execute(select(*_COLUMNS).where(users.c.name == name)).first()
    return User(*row) if row else None


def _existing(connection: Connection, name: str) -> User:
    user = _find(connection, name)
    if user is None:
        raise MinutebookError(f"user {name!r}: no such user")
    return user


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise MinutebookError(
            f"user name {name!r}: use 1-64 letters, digits and . _ @ -, starting with a letter or digit"
        )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise MinutebookError(f"role {role!r}: must be one of {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise MinutebookError(f"password: must be at least {MIN_PASSWORD} characters")
