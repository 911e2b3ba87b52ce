"""A real SMTP server for the alerts tests: aiosmtpd on 127.0.0.1, keeping what it accepts, and
able to refuse every message (`refuse`) as a full mailbox or a down relay does."""

from __future__ import annotations

import copy
import email
import email.policy
import hashlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from minutebook.alerts.mail import Mailer, SmtpSettings
from minutebook.record import MeetingRecord

NEW_BODY = "commissioners-public-meeting-with-councillors"


@dataclass
class Inbox:
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "452 4.3.1 Insufficient system storage"
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.fixture
def inbox(smtp_server: tuple[Inbox, int]) -> Inbox:
    return smtp_server[0]


@pytest.fixture
def mailer(smtp_server: tuple[Inbox, int]) -> Iterator[Mailer]:
    settings = SmtpSettings.from_url(f"smtp://127.0.0.1:{smtp_server[1]}")
    with Mailer(settings, sender="minutebook <alerts@example.org>", site="https://minutes.example.org") as m:
        yield m


def later_meeting(seeds: list[tuple[MeetingRecord, bytes]], day: str) -> tuple[MeetingRecord, bytes]:
    """The commissioners' meeting again on another day, from a source of its own."""
    record, data = copy.deepcopy(next((r, d) for r, d in seeds if r.id.startswith(NEW_BODY)))
    data = data.replace(b"16 March 2016", day.encode())
    record.id, record.date = f"{NEW_BODY}/{day}", day
    record.source.sha256 = hashlib.sha256(data).hexdigest()
    return record, data
