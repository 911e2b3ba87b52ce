"""Subscriptions: what an address follows, and the life of its row from request to unsubscribing.

    subscribe  -> a row, unconfirmed; its confirmation request is sent (by the site at once, or by
                  the next `alerts send`), and sent again on asking again, at most once an hour
    confirm    -> confirmed, `seen_version` set to now: the first digest holds what comes after
    unsubscribe-> the row is deleted; so is a row left unconfirmed for CONFIRM_DAYS

What can be followed (`Target`): a search (its query string: q and the search page's filters
body, since, until, person), a body (its slug) or a person (their key on the people pages).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from minutebook.alerts.tokens import BadLink, address_hash, read_confirm, read_unsubscribe
from minutebook.errors import MinutebookError
from minutebook.registers.people import person as find_person
from minutebook.search.index import database_stamp
from minutebook.search.query import parse_query
from minutebook.store import schema as t

KINDS = ("search", "body", "person")
SEARCH_FIELDS = ("q", "body", "since", "until", "person")
CONFIRM_DAYS = 7  # an unconfirmed address is forgotten after this
RESEND_AFTER = dt.timedelta(hours=1)  # asking again sends the request again, at most this often
MAX_UNCONFIRMED = 5  # per address: what one stranger can make the site send to another
# One @, no spaces or characters that end an address in a header; a dot in the domain.
ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"\\]{1,64}@[^@\s<>()\[\],;:\"\\]+\.[^@\s<>()\[\],;:\"\\]+")
s = t.alert_subscriptions


@dataclass(frozen=True)
class Target:
    kind: str  # search | body | person
    key: str  # search: its canonical query string; body: slug; person: key


@dataclass(frozen=True)
class Subscription:
    id: int
    email: str
    kind: str
    target: str
    label: str
    created_at: str
    confirm_sent_at: str | None
    confirmed_at: str | None
    seen_version: int | None
    sent_at: str | None
    error: str | None

    @property
    def search_params(self) -> dict[str, str]:
        return dict(parse_qsl(self.target)) if self.kind == "search" else {}


def search_target(params: dict[str, str | None]) -> Target:
    """A search as a target: its non-empty fields in a fixed order, so the same search is one key."""
    given = {name: " ".join((params.get(name) or "").split()) for name in SEARCH_FIELDS}  # one line
    return Target("search", urlencode({k: v for k, v in given.items() if v}))


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def normal_address(email: str) -> str:
    """The address as stored: trimmed, its domain lower-cased; a MinutebookError if it is not one."""
    email = email.strip()
    if len(email) > 254 or not ADDRESS.fullmatch(email):
        raise MinutebookError("That is not an e-mail address.")
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def subscribe(engine: Engine, email: str, target: Target) -> tuple[Subscription, bool]:
    """Ask for `email` to follow `target`. Returns the subscription and whether a confirmation
    request is now due (False when it is already confirmed, or one was sent within the hour)."""
    email = normal_address(email)
    with engine.begin() as conn:
        label = _label(conn, target)
        found = _one(conn, (s.c.email == email) & (s.c.kind == target.kind) & (s.c.target == target.key))
        if found is None:
            unconfirmed = conn.execute(
                select(func.count()).where(s.c.email == email, s.c.confirmed_at.is_(None))
            ).scalar_one()
            if unconfirmed >= MAX_UNCONFIRMED:
                raise MinutebookError("This address has too many subscriptions waiting: confirm those first.")
            try:
                with conn.begin_nested():
                    values = {"email": email, "kind": target.kind, "target": target.key, "label": label}
                    conn.execute(insert(s).values(**values, created_at=now()))
            except IntegrityError:  # asked twice at once: the other request made the row
                pass
            found = _one(conn, (s.c.email == email) & (s.c.kind == target.kind) & (s.c.target == target.key))
            assert found is not None
            return found, True
        if found.confirmed_at:
            return found, False
        sent = found.confirm_sent_at
        if sent and dt.datetime.fromisoformat(sent) > dt.datetime.now(dt.UTC) - RESEND_AFTER:
            return found, False
        conn.execute(update(s).where(s.c.id == found.id).values(confirm_sent_at=None))
        return _one(conn, s.c.id == found.id) or found, True


def _label(conn: Connection, target: Target) -> str:
    """What the subscriber reads the subscription as; a MinutebookError for what cannot be followed."""
    if target.kind == "search":
        params = dict(parse_qsl(target.key))
        if not params.get("q") and not params.get("person"):
            raise MinutebookError("A search to follow needs words to look for.")
        if params.get("q"):
            parse_query(params["q"])  # a QueryError for a search that cannot be read
        label = f"Search: {params['q']}" if params.get("q") else f"Mentions of {params['person']}"
        if params.get("q") and params.get("person"):
            label += f", naming {params['person']}"
        if params.get("body"):
            label += f", in {_body_name(conn, params['body']) or params['body']}"
        return label
    if target.kind == "body":
        name = _body_name(conn, target.key)
        if name is None:
            raise MinutebookError(f"There is no body '{target.key}'.")
        return f"Meetings of {name}"
    if target.kind == "person":
        found = find_person(conn, target.key, limit=1)
        if found is None:
            raise MinutebookError(f"There is no person '{target.key}'.")
        return f"Mentions of {found.name}"
    raise MinutebookError(f"One can follow a {', a '.join(KINDS)}; not a '{target.kind}'.")


def _body_name(conn: Connection, slug: str) -> str | None:
    return conn.execute(select(t.bodies.c.name).where(t.bodies.c.slug == slug)).scalar()


def confirm(engine: Engine, token: str) -> Subscription:
    """Follow a confirmation link: the subscription is confirmed from the data as it is now."""
    link = read_confirm(engine, token)
    with engine.begin() as conn:
        found = _one(conn, s.c.id == link.subscription_ids[0])
        if found is None or address_hash(found.email) != link.address_hash:
            raise BadLink("This subscription is no longer waiting: please subscribe again.")
        if found.confirmed_at:
            return found
        version = database_stamp(conn).version
        conn.execute(update(s).where(s.c.id == found.id).values(confirmed_at=now(), seen_version=version))
        return _one(conn, s.c.id == found.id) or found


def unsubscribe(engine: Engine, token: str) -> list[Subscription]:
    """Follow an unsubscribe link: its subscriptions' rows, and with them the address, are deleted.
    Returns those deleted: none when they were already gone (following a link twice is no error)."""
    link = read_unsubscribe(engine, token)
    with engine.begin() as conn:
        rows = conn.execute(select(s).where(s.c.id.in_(link.subscription_ids))).mappings()
        found = [Subscription(**row) for row in rows if address_hash(row["email"]) == link.address_hash]
        if found:
            conn.execute(delete(s).where(s.c.id.in_([f.id for f in found])))
        return found


def subscriptions(engine: Engine, email: str | None = None) -> list[Subscription]:
    """Every subscription (or one address's), oldest first."""
    query = select(s).order_by(s.c.id)
    if email:
        query = query.where(s.c.email == normal_address(email))
    with engine.connect() as conn:
        return [Subscription(**row) for row in conn.execute(query).mappings()]


def pending(engine: Engine) -> list[Subscription]:
    """Unconfirmed subscriptions whose confirmation request is due."""
    query = select(s).where(s.c.confirmed_at.is_(None), s.c.confirm_sent_at.is_(None)).order_by(s.c.id)
    with engine.connect() as conn:
        return [Subscription(**row) for row in conn.execute(query).mappings()]


def forget_unconfirmed(engine: Engine) -> int:
    """Delete subscriptions left unconfirmed for CONFIRM_DAYS: their addresses were never ours to keep."""
    cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(days=CONFIRM_DAYS)).isoformat(timespec="seconds")
    with engine.begin() as conn:
        done = conn.execute(delete(s).where(s.c.confirmed_at.is_(None), s.c.created_at < cutoff))
        return done.rowcount


def _one(conn: Connection, where: object) -> Subscription | None:
    row = conn.execute(select(s).where(where)).mappings().first()  # type: ignore[arg-type]
    return Subscription(**row) if row else None
