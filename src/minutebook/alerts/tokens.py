"""The signed links of alerts: confirm a subscription (valid for a week) and unsubscribe (for ever).

A link carries the subscription's id and a short hash of its address, signed with the site's
secret (itsdangerous, HMAC-SHA1 over the payload and a purpose-specific salt), so only the
holder of the e-mail can confirm or end a subscription, and a link for one purpose is refused
for the other. The address itself is not in the link, so it does not leak into server logs.

The secret: MINUTEBOOK_SECRET, else a random one generated once into a file beside the database
(`minutebook.db.secret` for SQLite; beside the search index's folder for PostgreSQL), readable
by its owner only, so the web server and the cron job on one machine share it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import Engine

from minutebook.errors import MinutebookError
from minutebook.search.index import index_location

CONFIRM_MAX_AGE = 7 * 24 * 3600  # seconds a confirmation link stays good
_CONFIRM, _UNSUBSCRIBE = "minutebook-alerts-confirm", "minutebook-alerts-unsubscribe"
_IN_MEMORY = secrets.token_hex(32)  # an in-memory database lives and dies with this process
_LOCK = threading.Lock()


class BadLink(MinutebookError):
    """A confirmation or unsubscribe link that is forged, damaged, expired or no longer current."""


@dataclass(frozen=True)
class LinkFor:
    subscription_ids: tuple[int, ...]  # an unsubscribe link in a digest ends all it reports on
    address_hash: str


def address_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def confirm_token(engine: Engine, subscription_id: int, email: str) -> str:
    return URLSafeTimedSerializer(secret(engine), salt=_CONFIRM).dumps([subscription_id, address_hash(email)])


def unsubscribe_token(engine: Engine, subscription_ids: int | list[int], email: str) -> str:
    ids = [subscription_ids] if isinstance(subscription_ids, int) else sorted(subscription_ids)
    return URLSafeSerializer(secret(engine), salt=_UNSUBSCRIBE).dumps([ids, address_hash(email)])


def read_confirm(engine: Engine, token: str) -> LinkFor:
    try:
        payload = URLSafeTimedSerializer(secret(engine), salt=_CONFIRM).loads(token, max_age=CONFIRM_MAX_AGE)
    except SignatureExpired:
        raise BadLink("This confirmation link has expired: please subscribe again.") from None
    except BadSignature:
        raise BadLink("This link is not valid.") from None
    return _link(payload)


def read_unsubscribe(engine: Engine, token: str) -> LinkFor:
    try:
        payload = URLSafeSerializer(secret(engine), salt=_UNSUBSCRIBE).loads(token)
    except BadSignature:
        raise BadLink("This link is not valid.") from None
    return _link(payload)


def _link(payload: object) -> LinkFor:
    if not (isinstance(payload, list) and len(payload) == 2):
        raise BadLink("This link is not valid.")
    ids = payload[0] if isinstance(payload[0], list) else [payload[0]]
    if not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise BadLink("This link is not valid.")
    return LinkFor(tuple(ids), str(payload[1]))


def secret(engine: Engine) -> str:
    """The site's signing secret (see the module's docstring)."""
    given = os.environ.get("MINUTEBOOK_SECRET")
    if given:
        return given
    path = secret_path(engine)
    if path is None:
        return _IN_MEMORY
    with _LOCK:
        if not path.exists():
            _create(path)
        return path.read_text(encoding="ascii").strip()


def secret_path(engine: Engine) -> Path | None:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:") or url.query.get("uri"):
            return None
        return Path(f"{url.database}.secret")
    folder = index_location(engine)
    return None if folder is None else folder.with_name(folder.name + ".secret")


def _create(path: Path) -> None:
    """Write a new secret, readable by its owner only; a second process racing to do the same
    loses the O_EXCL and reads the winner's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32) + "\n")
