"""Secrets a holder keeps and the database never does: random tokens, stored as their SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    """256 random bits, URL-safe: a session cookie, an API token or a CSRF token."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What the database stores for `token`: a random 256-bit value needs no salt or slow hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    """Compare in constant time, so a guessed token can't be found a character at a time."""
    return hmac.compare_digest(a.encode(), b.encode())
