"""`minutebook alerts send`: one run of the cron job.

1. take the alerts lock (a second run at the same time finds it held and does nothing);
2. forget subscriptions left unconfirmed for a week;
3. send the confirmation requests that are due;
4. read the search index's data version `upto`, and send each address one digest of what its
   confirmed subscriptions have that is new between their `seen_version` and `upto`.

A subscription moves to `upto` only after the server accepted the message reporting it (or when
there was nothing new for it), each in its own transaction; a message refused or unsent leaves
its subscriptions where they were, with the error noted, and the next run tries again. Digests
are computed once per distinct (what is followed, seen version), so ten thousand people following
the same search cost one search.
"""

from __future__ import annotations

import contextlib
import fcntl
import html
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from sqlalchemy import Engine, select, text, update

from minutebook.alerts.digest import Digest, NewMeeting, digest_for, new_meetings, plain_snippet
from minutebook.alerts.mail import Mailer, SendFailed, message
from minutebook.alerts.subscriptions import Subscription, forget_unconfirmed, now, pending
from minutebook.alerts.tokens import confirm_token, unsubscribe_token
from minutebook.errors import MinutebookError
from minutebook.search import MARK_END, MARK_START
from minutebook.search.index import database_stamp
from minutebook.store import schema as t

ADVISORY_KEY = 0x616C657274  # "alert": pg_try_advisory_lock's key for the run
GIVE_UP_AFTER = 3  # failures in a row that end the run early (the server is down): next run retries
_IN_PROCESS = threading.Lock()
s = t.alert_subscriptions


@dataclass
class SendReport:
    ran: bool = True  # False: another run held the lock
    forgotten: int = 0  # unconfirmed subscriptions deleted
    confirmations: int = 0  # confirmation requests accepted by the server
    digests: int = 0  # digests accepted (one per address)
    subscriptions: int = 0  # subscriptions those digests reported on
    quiet: int = 0  # subscriptions with nothing new
    failed: list[str] = field(default_factory=list)  # "address: why", to retry next run
    streak: int = 0  # failures since the last message accepted


def send_all(engine: Engine, mailer: Mailer) -> SendReport:
    """One run (see the module's docstring)."""
    with run_lock(engine) as held:
        if not held:
            return SendReport(ran=False)
        report = SendReport(forgotten=forget_unconfirmed(engine))
        _send_confirmations(engine, mailer, report)
        if not _gave_up(report):
            _send_digests(engine, mailer, report)
        return report


def _send_confirmations(engine: Engine, mailer: Mailer, report: SendReport) -> None:
    for sub in pending(engine):
        if _gave_up(report):
            return
        try:
            sent = send_confirmation(engine, mailer, sub)
        except SendFailed as error:
            _failed(engine, [sub], str(error), report)
            continue
        report.confirmations += sent
        report.streak = 0


def send_confirmation(engine: Engine, mailer: Mailer, sub: Subscription) -> bool:
    """Send `sub`'s confirmation request unless another process (the site, at subscribing) has
    claimed it: the claim is the row's `confirm_sent_at`, set before sending and cleared again
    if the server refuses (SendFailed is raised), so the next run retries."""
    with engine.begin() as conn:
        claimed = conn.execute(
            update(s).where(s.c.id == sub.id, s.c.confirm_sent_at.is_(None)).values(confirm_sent_at=now())
        ).rowcount
    if not claimed:
        return False
    try:
        mailer.send(confirmation_message(engine, mailer, sub))
    except SendFailed:
        with engine.begin() as conn:
            conn.execute(update(s).where(s.c.id == sub.id).values(confirm_sent_at=None))
        raise
    with engine.begin() as conn:
        conn.execute(update(s).where(s.c.id == sub.id).values(confirm_sent_at=now(), error=None))
    return True


def _send_digests(engine: Engine, mailer: Mailer, report: SendReport) -> None:
    with engine.connect() as conn:
        upto = database_stamp(conn).version
        rows = conn.execute(
            select(s)
            .where(s.c.confirmed_at.is_not(None), s.c.seen_version < upto)
            .order_by(s.c.email, s.c.id)
        ).mappings()
        waiting = [Subscription(**row) for row in rows]
    news: dict[int, list[NewMeeting]] = {}
    digests: dict[tuple[str, str, int], Digest] = {}
    by_address: dict[str, list[Digest]] = defaultdict(list)
    quiet: list[Subscription] = []
    for sub in waiting:
        seen = sub.seen_version or 0
        if seen not in news:
            with engine.connect() as conn:
                news[seen] = new_meetings(conn, seen, upto)
        key = (sub.kind, sub.target, seen)
        if key not in digests:
            try:
                digests[key] = digest_for(engine, sub, news[seen]) if news[seen] else Digest(sub)
            except MinutebookError as error:  # a search that no longer reads: say so, keep the others going
                digests[key] = Digest(sub, error=str(error))
        found = digests[key]
        if found.error:
            _failed(engine, [sub], found.error, report, streak=False)
            continue
        if found.hits:
            by_address[sub.email].append(Digest(sub, found.hits, found.more, found.see_all))
        else:
            quiet.append(sub)
    _advance(engine, quiet, upto)
    report.quiet += len(quiet)
    for email, parts in by_address.items():
        if _gave_up(report):
            return
        subs = [d.subscription for d in parts]
        try:
            mailer.send(digest_message(engine, mailer, email, parts))
        except SendFailed as error:
            _failed(engine, subs, str(error), report)
            continue
        _advance(engine, subs, upto, sent=True)
        report.digests += 1
        report.streak = 0
        report.subscriptions += len(subs)


def _advance(engine: Engine, subs: list[Subscription], upto: int, sent: bool = False) -> None:
    """Move subscriptions to `upto`: their digest was accepted (`sent`), or they had nothing new."""
    if not subs:
        return
    values: dict[str, object] = {"seen_version": upto}
    if sent:
        values.update(sent_at=now(), error=None)
    with engine.begin() as conn:
        for start in range(0, len(subs), 500):
            ids = [sub.id for sub in subs[start : start + 500]]
            conn.execute(update(s).where(s.c.id.in_(ids)).values(**values))


def _failed(
    engine: Engine, subs: list[Subscription], why: str, report: SendReport, streak: bool = True
) -> None:
    """Note why on the subscriptions (`alerts list` shows it) and in the report; `streak`: a
    failure to send, which counts towards giving up on an absent server."""
    with engine.begin() as conn:
        conn.execute(update(s).where(s.c.id.in_([sub.id for sub in subs])).values(error=why[:500]))
    report.failed.append(f"{subs[0].email}: {why}")
    report.streak += streak


def _gave_up(report: SendReport) -> bool:
    """Whether the last GIVE_UP_AFTER sends failed: the server is away, so stop for this run."""
    return report.streak >= GIVE_UP_AFTER


# -- the messages ----------------------------------------------------------------------------


def confirmation_message(engine: Engine, mailer: Mailer, sub: Subscription) -> Message:
    link = f"{mailer.site}/alerts/confirm/{confirm_token(engine, sub.id, sub.email)}"
    subject = f"Confirm your alert: {sub.label}"
    plain = (
        f"Someone, we hope you, asked {mailer.site} to send this address e-mail alerts of:\n\n"
        f"    {sub.label}\n\nTo start them, open this link and press Confirm:\n\n{link}\n\n"
        "If it was not you, ignore this message: nothing more will be sent, and the address is\n"
        "forgotten in a week.\n"
    )
    rich = (
        f"<p>Someone, we hope you, asked {html.escape(mailer.site)}"
        " to send this address e-mail alerts of:</p>"
        f"<p><strong>{html.escape(sub.label)}</strong></p>"
        f'<p><a href="{html.escape(link)}">Confirm the alert</a></p>'
        "<p>If it was not you, ignore this message: nothing more will be sent, and the address is"
        " forgotten in a week.</p>"
    )
    return message(mailer, sub.email, subject, plain, rich, unsubscribe=None)


def digest_message(engine: Engine, mailer: Mailer, email: str, parts: list[Digest]) -> Message:
    """One message for an address: a section per subscription, each hit with its meeting, item,
    snippet and link, and an unsubscribe link for each subscription and for them all."""
    count = sum(len(d.hits) for d in parts)
    subject = (parts[0].subscription.label if len(parts) == 1 else "Your alerts") + f": {count} new"
    every_id = [d.subscription.id for d in parts]
    everything = f"{mailer.site}/alerts/unsubscribe/{unsubscribe_token(engine, every_id, email)}"
    plain, rich = [], []
    for part in parts:
        sub = part.subscription
        leave = f"{mailer.site}/alerts/unsubscribe/{unsubscribe_token(engine, sub.id, email)}"
        plain.append(f"{sub.label}\n{'=' * min(len(sub.label), 70)}\n")
        rich.append(f"<h2>{html.escape(sub.label)}</h2><ul>")
        for hit in part.hits:
            where = f"{hit.body}, {hit.date}" + (f" — {hit.item}" if hit.item else "")
            plain.append(f"{where}\n    {plain_snippet(hit.snippet)}\n    {mailer.site}{hit.url}\n")
            rich.append(
                f'<li><a href="{html.escape(mailer.site + hit.url)}">{html.escape(where)}</a>'
                f"<br>{_marked(hit.snippet)}</li>"
            )
        more = " (and more: see them all)" if part.more else ""
        plain.append(f"See everything{more}: {mailer.site}{part.see_all}\nStop this alert: {leave}\n\n")
        rich.append(
            f'</ul><p><a href="{html.escape(mailer.site + part.see_all)}">See everything{more}</a>'
            f' · <a href="{html.escape(leave)}">Stop this alert</a></p>'
        )
    plain.append(f"Stop every alert in this message: {everything}\n")
    rich.append(f'<p><a href="{html.escape(everything)}">Stop every alert in this message</a></p>')
    return message(mailer, email, subject, "\n".join(plain), "".join(rich), unsubscribe=everything)


def _marked(snippet: str) -> str:
    escaped = html.escape(snippet)
    return escaped.replace(html.escape(MARK_START), "<mark>").replace(html.escape(MARK_END), "</mark>")


# -- one run at a time --------------------------------------------------------------------------


@contextlib.contextmanager
def run_lock(engine: Engine) -> Iterator[bool]:
    """Yields whether this process holds the alerts lock (never waits for it): PostgreSQL's
    session advisory lock; for SQLite an flock on `NAME.db.alerts.lock` beside the database."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            held = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar()
            conn.commit()
            try:
                yield bool(held)
            finally:
                if held:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                    conn.commit()
        return
    database = engine.url.database
    if database in (None, "", ":memory:"):
        held = _IN_PROCESS.acquire(blocking=False)
        try:
            yield held
        finally:
            if held:
                _IN_PROCESS.release()
        return
    with open(Path(f"{database}.alerts.lock"), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
