"""E-mail alerts end to end, on SQLite and PostgreSQL, against a real SMTP server on 127.0.0.1:
double opt-in, digests of only what is new, nothing sent twice, retry after a refusal,
unsubscribing, and signed links that cannot be forged or reused for another purpose."""

from __future__ import annotations

import hashlib
import re
from email.message import EmailMessage

import pytest
import sqlalchemy

from minutebook.alerts import (
    BadLink,
    confirm,
    send_all,
    subscribe,
    subscriptions,
    unsubscribe,
)
from minutebook.alerts.digest import digest_for, new_meetings
from minutebook.alerts.run import run_lock
from minutebook.alerts.subscriptions import Target, search_target
from minutebook.alerts.tokens import confirm_token, unsubscribe_token
from minutebook.errors import MinutebookError
from minutebook.record import MeetingRecord
from minutebook.registers import refresh
from minutebook.search.index import database_stamp
from minutebook.store import save
from minutebook.store.schema import alert_subscriptions

from .conftest import Inbox
from .conftest import later_meeting as _later

Seeds = list[tuple[MeetingRecord, bytes]]
OLD, NEW = (
    "improving-lives-select-commission/2013-07-10",
    "commissioners-public-meeting-with-councillors/2016-03-16",
)


def _seed(seeds: Seeds, meeting_id: str) -> tuple[MeetingRecord, bytes]:
    return next((r, data) for r, data in seeds if r.id == meeting_id)


def _link(message: EmailMessage, path: str) -> str:
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    found = re.search(rf"https://minutes\.example\.org(/alerts/{path}/[\w.\-]+)", text)
    assert found, text
    return found.group(1).rsplit("/", 1)[1]


def _plain(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def _html(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()  # type: ignore[union-attr]


def test_double_opt_in_then_one_digest_of_only_what_is_new(
    engine: sqlalchemy.Engine, seed_records: Seeds, inbox: Inbox, mailer
) -> None:
    save(engine, *_seed(seed_records, OLD))
    sub, due = subscribe(engine, "Reader@Example.ORG", search_target({"q": "safeguarding"}))
    assert due and sub.email == "Reader@example.org" and sub.label == "Search: safeguarding"

    # Nothing but the confirmation request until its link is followed.
    report = send_all(engine, mailer)
    assert report.confirmations == 1 and report.digests == 0
    [request] = inbox.messages
    assert request["To"] == "Reader@example.org" and "Confirm" in request["Subject"]
    save(engine, *_seed(seed_records, NEW))
    assert send_all(engine, mailer).digests == 0  # unconfirmed: no digest
    assert len(inbox.messages) == 1  # and the request is not sent again

    confirmed = confirm(engine, _link(request, "confirm"))
    assert confirmed.confirmed_at and confirmed.seen_version == database_stamp_of(engine)
    assert send_all(engine, mailer).digests == 0  # what was there before confirming is not news

    # A third meeting stored after confirming: the digest holds its hits only.
    record, data = _later(seed_records, "2016-04-20")
    save(engine, record, data)
    report = send_all(engine, mailer)
    assert report.digests == 1 and report.subscriptions == 1 and not report.failed
    digest = inbox.messages[-1]
    assert digest["Subject"] == "Search: safeguarding: 1 new" or digest["Subject"].startswith(
        "Search: safeguarding"
    )
    plain, rich = _plain(digest), _html(digest)
    assert "2016-04-20" in plain and "2013-07-10" not in plain and "2016-03-16" not in plain
    assert "*safeguarding*" in plain.lower() and "<mark>" in rich.lower()
    assert (
        "https://minutes.example.org/meetings/commissioners-public-meeting-with-councillors/2016-04-20"
        in plain
    )
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/unsubscribe/" in digest["List-Unsubscribe"]

    # Nothing twice: a second run sends nothing, nor does storing the same meeting again.
    assert send_all(engine, mailer).digests == 0
    record.source.sha256 = hashlib.sha256(data + b"\n").hexdigest()  # re-read from a corrected file
    assert save(engine, record, data + b"\n") == "updated"
    assert send_all(engine, mailer).digests == 0
    assert len(inbox.messages) == 2


def database_stamp_of(engine: sqlalchemy.Engine) -> int:
    with engine.connect() as conn:
        return database_stamp(conn).version


def test_a_refused_digest_is_retried_next_run(
    engine: sqlalchemy.Engine, seed_records: Seeds, inbox: Inbox, mailer
) -> None:
    save(engine, *_seed(seed_records, OLD))
    sub, _ = subscribe(engine, "reader@example.org", search_target({"q": "safeguarding"}))
    sub = confirm(engine, confirm_token(engine, sub.id, sub.email))
    save(engine, *_seed(seed_records, NEW))
    inbox.refuse = True
    report = send_all(engine, mailer)
    assert report.digests == 0 and len(report.failed) == 1 and "452" in report.failed[0]
    [row] = subscriptions(engine)
    assert row.sent_at is None and row.seen_version == sub.seen_version
    assert "452" in (row.error or "")
    inbox.refuse = False
    report = send_all(engine, mailer)
    assert report.digests == 1 and not report.failed
    [row] = subscriptions(engine)
    assert row.error is None and row.sent_at
    assert "2016-03-16" in _plain(inbox.messages[-1])
    assert send_all(engine, mailer).digests == 0 and len(inbox.messages) == 1


def test_one_digest_per_address_and_unsubscribe_links(
    engine: sqlalchemy.Engine, seed_records: Seeds, inbox: Inbox, mailer
) -> None:
    save(engine, *_seed(seed_records, OLD))
    save(engine, *_seed(seed_records, NEW))
    body = NEW.rsplit("/", 1)[0]
    subs = [
        subscribe(engine, "reader@example.org", search_target({"q": "safeguarding"}))[0],
        subscribe(engine, "reader@example.org", Target("body", body))[0],
        subscribe(engine, "other@example.org", search_target({"q": "safeguarding", "body": body}))[0],
    ]
    for sub in subs:
        confirm(engine, confirm_token(engine, sub.id, sub.email))
    save(engine, *_later(seed_records, "2016-04-20"))
    send_all(engine, mailer)
    [mine] = [m for m in inbox.to("reader@example.org") if "Confirm" not in m["Subject"]]
    assert re.fullmatch(r"Your alerts: \d+ new", mine["Subject"])
    assert "Meetings of Commissioners" in _plain(mine) and "Search: safeguarding" in _plain(mine)
    assert len(inbox.to("other@example.org")) == 1

    # The one-click link in the header ends every alert in that message; a second use is no error.
    token = mine["List-Unsubscribe"].strip("<>").rsplit("/", 1)[1]
    assert {s.id for s in unsubscribe(engine, token)} == {subs[0].id, subs[1].id}
    assert unsubscribe(engine, token) == []
    assert [s.email for s in subscriptions(engine)] == ["other@example.org"]


def test_bad_links_are_refused(engine: sqlalchemy.Engine, seed_records: Seeds) -> None:
    save(engine, *_seed(seed_records, OLD))
    sub, _ = subscribe(engine, "reader@example.org", search_target({"q": "safeguarding"}))
    good = confirm_token(engine, sub.id, sub.email)
    for bad in (
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),  # damaged signature
        confirm_token(engine, sub.id, "someone@example.org"),  # another address
        unsubscribe_token(engine, sub.id, sub.email),  # signed for the other purpose
        "not-a-token",
    ):
        with pytest.raises(BadLink):
            confirm(engine, bad)
    with pytest.raises(BadLink):
        unsubscribe(engine, good)
    assert unsubscribe(engine, unsubscribe_token(engine, sub.id, "someone@example.org")) == []
    assert subscriptions(engine)[0].confirmed_at is None
    assert confirm(engine, good).confirmed_at


def test_what_cannot_be_followed(engine: sqlalchemy.Engine, seed_records: Seeds) -> None:
    save(engine, *_seed(seed_records, OLD))
    for email, target in (
        ("not an address", search_target({"q": "safeguarding"})),
        ("a@example.org", search_target({"q": ""})),
        ("a@example.org", search_target({"q": '"unclosed'})),
        ("a@example.org", Target("body", "no-such-body")),
        ("a@example.org", Target("person", "nobody-at-all")),
    ):
        with pytest.raises(MinutebookError):
            subscribe(engine, email, target)
    # Asking again within the hour sends nothing more; a stranger can queue only a few requests.
    _, due = subscribe(engine, "b@example.org", search_target({"q": "budget"}))
    assert due


def test_asking_again_and_the_cap_on_waiting_requests(
    engine: sqlalchemy.Engine, mailer, inbox: Inbox
) -> None:
    subscribe(engine, "b@example.org", search_target({"q": "budget"}))
    send_all(engine, mailer)
    assert subscribe(engine, "b@example.org", search_target({"q": "budget"}))[1] is False
    for word in ("one", "two", "three", "four"):
        subscribe(engine, "b@example.org", search_target({"q": word}))
    with pytest.raises(MinutebookError, match="waiting"):
        subscribe(engine, "b@example.org", search_target({"q": "five"}))


def test_a_person_digest_finds_their_name_forms(engine: sqlalchemy.Engine, seed_records: Seeds) -> None:
    for record, data in seed_records:
        save(engine, record, data)
    refresh(engine)
    sub, _ = subscribe(engine, "p@example.org", Target("person", "Mary Ney"))
    assert sub.label == "Mentions of Mary Ney"
    with engine.connect() as conn:
        new = new_meetings(conn, 0, database_stamp(conn).version)
    assert {m.id for m in new} == {OLD, NEW}
    hits = digest_for(engine, sub, new).hits
    assert hits and {h.meeting_id for h in hits} == {NEW}
    assert all(h.url.startswith(f"/meetings/{NEW}") for h in hits)


def test_two_runs_never_overlap(engine: sqlalchemy.Engine, mailer) -> None:
    with run_lock(engine) as held:
        assert held
        assert send_all(engine, mailer).ran is False
    assert send_all(engine, mailer).ran is True


def test_a_search_that_no_longer_reads_does_not_stop_the_others(
    engine: sqlalchemy.Engine, seed_records: Seeds, inbox: Inbox, mailer
) -> None:
    save(engine, *_seed(seed_records, OLD))
    good, _ = subscribe(engine, "good@example.org", search_target({"q": "safeguarding"}))
    bad, _ = subscribe(engine, "bad@example.org", search_target({"q": "safeguarding OR minutes"}))
    for sub in (good, bad):
        confirm(engine, confirm_token(engine, sub.id, sub.email))
    with engine.begin() as conn:  # as if the query language had changed under a stored search
        conn.execute(
            sqlalchemy.update(alert_subscriptions)
            .where(alert_subscriptions.c.id == bad.id)
            .values(target="q=%22unclosed")
        )
    save(engine, *_seed(seed_records, NEW))
    report = send_all(engine, mailer)
    assert report.digests == 1 and [m["To"] for m in inbox.messages] == ["good@example.org"]
    assert len(report.failed) == 1 and report.failed[0].startswith("bad@example.org")
    assert next(s for s in subscriptions(engine) if s.id == bad.id).error
