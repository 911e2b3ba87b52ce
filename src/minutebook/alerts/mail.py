"""Writing and sending the alerts' messages: confirmation requests and digests, each as plain
text with an HTML alternative, through the SMTP server MINUTEBOOK_SMTP_URL names.

    smtp://[user:password@]host[:port]       plain SMTP (port 25), STARTTLS if `?starttls=yes`
    smtp+starttls://user:password@host:587    STARTTLS required (also `starttls://`)
    smtps://user:password@host:465            TLS from the first byte

MINUTEBOOK_MAIL_FROM is the sender (default `minutebook <alerts@localhost>`) and MINUTEBOOK_SITE_URL
the site's address that links in messages start with (default http://localhost:8000).
One connection is kept open for a whole run; a message the server refuses raises `SendFailed`,
and a dropped connection is opened again once before giving up on the message.
"""

from __future__ import annotations

import html
import os
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from minutebook.errors import MinutebookError

DEFAULT_FROM = "minutebook <alerts@localhost>"
DEFAULT_SITE = "http://localhost:8000"
TIMEOUT = 30.0  # seconds for any one exchange with the server
# Long headers (List-Unsubscribe's signed URL) left on one line, as RFC 5322 allows up to 998
# characters: some clients read a folded URL wrongly.
_HEADERS = compat32.clone(max_line_length=998)
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP  # readable in the raw message, and safe over any server


class SendFailed(MinutebookError):
    """The server did not accept a message (refused, or could not be reached)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # none | starttls | tls | starttls-if-offered
    user: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        parts = urlsplit(url)
        options = parse_qs(parts.query)
        scheme = parts.scheme.lower()
        if scheme in ("smtps",):
            security, port = "tls", 465
        elif scheme in ("smtp+starttls", "starttls"):
            security, port = "starttls", 587
        elif scheme == "smtp":
            wanted = options.get("starttls", ["no"])[0].lower() in ("yes", "true", "1")
            security, port = ("starttls" if wanted else "none"), 25
        else:
            raise MinutebookError(
                f"MINUTEBOOK_SMTP_URL: scheme {scheme!r} is not smtp, smtps or smtp+starttls"
            )
        if not parts.hostname:
            raise MinutebookError("MINUTEBOOK_SMTP_URL names no host (smtp://user:password@host:port)")
        user = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password else None
        return cls(parts.hostname, parts.port or port, security, user, password)


class Mailer:
    """Sends messages over one SMTP connection, opened on first use; `close()` ends it."""

    def __init__(self, settings: SmtpSettings, sender: str = DEFAULT_FROM, site: str = DEFAULT_SITE) -> None:
        self.settings = settings
        self.sender = sender
        self.site = site.rstrip("/")
        self._smtp: smtplib.SMTP | None = None

    def send(self, message: Message) -> None:
        """Hand `message` to the server; returns only once the server accepted it for every
        recipient, else raises SendFailed."""
        for attempt in (1, 2):
            try:
                refused = self._connection().send_message(message)
            except smtplib.SMTPServerDisconnected as error:
                self.close()
                if attempt == 2:
                    raise SendFailed(f"the mail server closed the connection: {error}") from None
                continue
            except (smtplib.SMTPException, OSError) as error:
                self.close()  # the conversation may be out of step: start afresh next time
                raise SendFailed(_describe(error)) from None
            if refused:
                raise SendFailed(f"the mail server refused {', '.join(refused)}")
            return

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        s = self.settings
        try:
            if s.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=TIMEOUT, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT)
                if s.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password or "")
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailed(_describe(error)) from None
        self._smtp = smtp
        return smtp

    def close(self) -> None:
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (smtplib.SMTPException, OSError):
            self._smtp.close()
        self._smtp = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def mailer_from_env(site: str | None = None) -> Mailer:
    """The Mailer the environment configures; a MinutebookError naming what to set when it does not."""
    url = os.environ.get("MINUTEBOOK_SMTP_URL")
    if not url:
        raise MinutebookError(
            "set MINUTEBOOK_SMTP_URL (e.g. smtp+starttls://user:password@mail.example.org:587)"
        )
    return Mailer(
        SmtpSettings.from_url(url),
        sender=os.environ.get("MINUTEBOOK_MAIL_FROM", DEFAULT_FROM),
        site=site or os.environ.get("MINUTEBOOK_SITE_URL", DEFAULT_SITE),
    )


def message(
    mailer: Mailer, to: str, subject: str, text: str, body_html: str, unsubscribe: str | None
) -> Message:
    """A message with a plain-text part and its HTML alternative; with `unsubscribe` (a URL), the
    List-Unsubscribe headers of RFC 2369 and RFC 8058 (one click, by POST). Built with the
    `email.mime` classes: `EmailMessage`'s header objects cost five times as much, which a run
    of ten thousand digests feels."""
    # A boundary of our own spares the generator its search of the text for a safe one: "=_"
    # cannot occur in quoted-printable text, where "=" is followed by hex digits or a line end.
    mail = MIMEMultipart("alternative", boundary=f"=_{uuid.uuid4().hex}", policy=_HEADERS)
    mail["From"] = mailer.sender
    mail["To"] = to
    subject = " ".join(subject.split())  # one line, whatever a label holds
    # The stubs type a message's headers as str, but email takes a Header for an encoded one.
    mail["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")  # type: ignore[assignment]
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=_domain(mailer.sender))
    mail["MIME-Version"] = "1.0"
    mail["Auto-Submitted"] = "auto-generated"
    if unsubscribe:
        mail["List-Unsubscribe"] = f"<{unsubscribe}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # A Charset object, which MIMEText takes though its stubs say str, is built once, not per part.
    mail.attach(MIMEText(text, "plain", _UTF8))  # type: ignore[arg-type]
    mail.attach(MIMEText(_page(subject, body_html), "html", _UTF8))  # type: ignore[arg-type]
    return mail


def _page(title: str, body_html: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"</head><body>{body_html}</body></html>"
    )


def _domain(sender: str) -> str:
    return sender.rpartition("@")[2].strip(" >") or "localhost"


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = (
            error.smtp_error.decode(errors="replace")
            if isinstance(error.smtp_error, bytes)
            else error.smtp_error
        )
        return f"the mail server answered {error.smtp_code} {text}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "the mail server refused " + ", ".join(error.recipients)
    return f"the mail server could not be reached: {error}"
