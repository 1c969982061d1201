"""A real SMTP server on loopback (aiosmtpd), with Django's SMTP backend pointed at it, that refuses
chosen recipients the way mail servers do: for good (5xx) or for now (4xx, e.g. greylisting).

    with smtp_server(refuse={"weg@example.nl": "550 5.1.1 No such mailbox"},
                     fail_once={"grijs@example.nl": "451 4.7.1 Greylisted, try again later"}) as server:
        ...  # send, run the worker
    assert server.delivered_to() == [...]

`server.received` holds every message taken (its envelope recipients and the parsed message);
`server.rcpt_seen` every RCPT TO asked, in order, refused or not.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.test import override_settings

from tests.helpers.servers import free_port


@dataclass
class Received:
    recipients: list[str]
    message: EmailMessage


@dataclass
class SmtpServer:
    refuse: dict[str, str]
    fail_once: dict[str, str]
    port: int = 0
    received: list[Received] = field(default_factory=list)
    rcpt_seen: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def delivered_to(self) -> list[str]:
        """Every envelope recipient of every message taken, sorted (one entry per delivery)."""
        with self.lock:
            return sorted(address for received in self.received for address in received.recipients)

    def messages_to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [received.message for received in self.received if address in received.recipients]

    # aiosmtpd's handler hooks, called in the server's thread.

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        with self.lock:
            self.rcpt_seen.append(address)
            if address in self.refuse:
                return self.refuse[address]
            if address in self.fail_once:
                return self.fail_once.pop(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(
    *, refuse: dict[str, str] | None = None, fail_once: dict[str, str] | None = None
) -> Iterator[SmtpServer]:
    """A loopback SMTP server, and Django's SMTP backend sending to it (no TLS, no login)."""
    server = SmtpServer(refuse=dict(refuse or {}), fail_once=dict(fail_once or {}), port=free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=server.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
        ):
            yield server
    finally:
        controller.stop()
