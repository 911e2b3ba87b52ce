"""Who is asking: a signed-in user or the holder of an API token, with what they may do."""

from __future__ import annotations

from dataclasses import dataclass

RANK = {"clerk": 1, "admin": 2}


@dataclass(frozen=True)
class Identity:
    name: str
    role: str
    via: str  # "user" (a sign-in session) or "token" (an API token)
    csrf_token: str | None = None  # a session's forms carry it; token requests need none

    @property
    def actor(self) -> str:
        """How the audit log names them."""
        return f"{self.via}:{self.name}"

    def may(self, role: str) -> bool:
        """Whether this identity may do what `role` may (an admin may do a clerk's work)."""
        return RANK.get(self.role, 0) >= RANK[role]
