"""alerts: e-mail subscriptions to a search, a body or a person, and the digests sent to them.

This package owns the `alert_subscriptions` table (migration 0008) and everything about it:

    subscribe(engine, email, Target.search({"q": "housing"}))   -> a pending subscription
    confirm(engine, token) / unsubscribe(engine, token)          -> the signed links' effects
    send_all(engine, mailer, site)                               -> `minutebook alerts send`

Double opt-in: subscribing stores the address and sends a confirmation request; nothing else is
ever sent until its signed link is followed. Every digest carries a signed unsubscribe link that
deletes the row (addresses are stored only for this). `send_all` is safe to run from cron: a lock
keeps two runs apart, a subscription is marked sent only after the mail server accepted its
message (a refused one is retried next run), and "new" is measured by the search index's data
version, so no hit is sent twice. `tokens` signs the links, `digest` finds what is new (through
`minutebook.search`), `mail` writes and sends the messages, `run` is the cron command's loop.
"""

from minutebook.alerts.digest import Digest, Hit, digest_for
from minutebook.alerts.mail import Mailer, mailer_from_env
from minutebook.alerts.run import SendReport, send_all
from minutebook.alerts.subscriptions import (
    KINDS,
    Subscription,
    Target,
    confirm,
    pending,
    subscribe,
    subscriptions,
    unsubscribe,
)
from minutebook.alerts.tokens import BadLink, confirm_token, unsubscribe_token

__all__ = [
    "KINDS",
    "BadLink",
    "Digest",
    "Hit",
    "Mailer",
    "SendReport",
    "Subscription",
    "Target",
    "confirm",
    "confirm_token",
    "digest_for",
    "mailer_from_env",
    "pending",
    "send_all",
    "subscribe",
    "subscriptions",
    "unsubscribe",
    "unsubscribe_token",
]
