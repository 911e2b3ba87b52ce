"""The SMTP settings MINUTEBOOK_SMTP_URL names, and sending over STARTTLS and TLS with a login,
to aiosmtpd on 127.0.0.1 with a certificate made here by openssl (trusted through SSL_CERT_FILE,
as a server's own CA would be)."""

from __future__ import annotations

import socket
import ssl
import subprocess
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from minutebook.alerts.mail import Mailer, SendFailed, SmtpSettings, message
from minutebook.errors import MinutebookError

from .conftest import Inbox

OPENSSL_REQ = [
    "openssl",
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=127.0.0.1",
]
OPENSSL_REQ += ["-addext", "subjectAltName=IP:127.0.0.1"]


def test_settings_from_the_url() -> None:
    assert SmtpSettings.from_url("smtp://mail.example.org") == SmtpSettings(
        "mail.example.org", 25, "none", None, None
    )
    assert SmtpSettings.from_url("smtp://mail.example.org?starttls=yes").security == "starttls"
    starttls = SmtpSettings.from_url("smtp+starttls://alerts:p%40ss%3Aword@mail.example.org")
    assert (starttls.port, starttls.security, starttls.user, starttls.password) == (
        587,
        "starttls",
        "alerts",
        "p@ss:word",
    )
    assert SmtpSettings.from_url("smtps://u:p@mail.example.org:2465") == SmtpSettings(
        "mail.example.org", 2465, "tls", "u", "p"
    )
    for bad in ("http://mail.example.org", "smtp://", "mail.example.org"):
        with pytest.raises(MinutebookError):
            SmtpSettings.from_url(bad)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [*OPENSSL_REQ, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def _login(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"alerts",
        b"s3cret",
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["starttls", "tls"])
def secure_server(
    request: pytest.FixtureRequest, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Inbox, str]]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # the client trusts this server's certificate
    inbox, port = Inbox(), _port()
    common = {
        "hostname": "127.0.0.1",
        "port": port,
        "authenticator": _login,
        "auth_exclude_mechanism": ["LOGIN"],
    }
    if request.param == "starttls":
        controller = Controller(
            inbox, tls_context=context, require_starttls=True, auth_require_tls=True, **common
        )
        scheme = "smtp+starttls"
    else:  # TLS from the first byte, which aiosmtpd's AUTH-only-over-TLS check does not see
        controller = Controller(inbox, ssl_context=context, auth_require_tls=False, **common)
        scheme = "smtps"
    controller.start()
    try:
        yield inbox, f"{scheme}://alerts:s3cret@127.0.0.1:{port}"
    finally:
        controller.stop()


def test_sends_over_tls_with_a_login(secure_server: tuple[Inbox, str]) -> None:
    inbox, url = secure_server
    with Mailer(SmtpSettings.from_url(url), sender="minutebook <alerts@example.org>") as mailer:
        mailer.send(message(mailer, "reader@example.org", "Ünïcode subject", "plain", "<p>rich</p>", None))
    [received] = inbox.messages
    assert isinstance(received, EmailMessage) and received["Subject"] == "Ünïcode subject"
    assert received.get_body(("plain",)).get_content().strip() == "plain"  # type: ignore[union-attr]


def test_a_wrong_password_is_a_send_failure(secure_server: tuple[Inbox, str]) -> None:
    inbox, url = secure_server
    with (
        Mailer(SmtpSettings.from_url(url.replace("s3cret", "wrong"))) as mailer,
        pytest.raises(SendFailed, match="535"),
    ):
        mailer.send(message(mailer, "reader@example.org", "x", "plain", "<p>rich</p>", None))
    assert not inbox.messages


def test_an_absent_server_is_a_send_failure() -> None:
    absent = SmtpSettings.from_url(f"smtp://127.0.0.1:{_port()}")
    with Mailer(absent) as mailer, pytest.raises(SendFailed, match="could not be reached"):
        mailer.send(message(mailer, "reader@example.org", "x", "plain", "<p>rich</p>", None))
