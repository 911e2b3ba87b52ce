"""API tokens for integrations: a bearer token with a role, stored as its SHA-256, revocable."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update

from minutebook.accounts import audit
from minutebook.accounts.clock import now, stamp
from minutebook.accounts.identity import Identity
from minutebook.accounts.keys import digest, new_token
from minutebook.accounts.users import ROLES
from minutebook.errors import MinutebookError
from minutebook.store.schema import api_tokens


@dataclass(frozen=True)
class Token:
    name: str
    role: str
    created_at: str
    revoked_at: str | None


def create_token(engine: Engine, name: str, role: str, *, actor: str = "cli") -> str:
    """A new token (shown once: only its digest is kept)."""
    if role not in ROLES:
        raise MinutebookError(f"role {role!r}: must be one of {', '.join(ROLES)}")
    if not name.strip():
        raise MinutebookError("token name: must not be empty")
    token = "mbt_" + new_token()
    with engine.begin() as connection:
        if connection.execute(select(api_tokens.c.id).where(api_tokens.c.name == name)).first():
            raise MinutebookError(f"token {name!r}: already exists (revoke it, or choose another name)")
        connection.execute(
            insert(api_tokens).values(name=name, role=role, token_hash=digest(token), created_at=stamp(now()))
        )
        audit.record(connection, actor, "tokens.create", name, None, {"role": role})
    return token


def revoke_token(engine: Engine, name: str, *, actor: str = "cli") -> None:
    with engine.begin() as connection:
        done = connection.execute(
            update(api_tokens)
            .where(api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=stamp(now()))
        )
        if not done.rowcount:
            raise MinutebookError(f"token {name!r}: no such live token")
        audit.record(connection, actor, "tokens.revoke", name, None, None)


def list_tokens(engine: Engine) -> list[Token]:
    query = select(api_tokens.c.name, api_tokens.c.role, api_tokens.c.created_at, api_tokens.c.revoked_at)
    with engine.connect() as connection:
        return [Token(*row) for row in connection.execute(query.order_by(api_tokens.c.name))]


def token_identity(engine: Engine, token: str | None) -> Identity | None:
    if not token:
        return None
    query = select(api_tokens.c.name, api_tokens.c.role).where(
        api_tokens.c.token_hash == digest(token), api_tokens.c.revoked_at.is_(None)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return Identity(row.name, row.role, "token") if row else None
