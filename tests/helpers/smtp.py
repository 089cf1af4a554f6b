"""A real SMTP server on loopback (aiosmtpd) that records deliveries and can misbehave."""

from __future__ import annotations

import socket
import threading
from collections import Counter, defaultdict
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Recorder:
    """aiosmtpd handler: keeps every accepted message; optional faults for tests."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: dict[str, list] = defaultdict(list)  # recipient -> parsed messages
        self.accepted = 0
        self.drop_after: int | None = None  # close the connection once, after this many
        self.temporary: Counter = Counter()  # recipient -> how many times to answer 451
        self.permanent: set[str] = set()  # recipients answered with 550
        self.dropped = 0
        self.sessions = 0  # EHLO/HELO greetings: one per SMTP connection

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):  # noqa: N802
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return f"250 {server.hostname}"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        with self.lock:
            if address in self.permanent:
                return "550 5.1.1 mailbox unavailable"
            if self.temporary[address] > 0:
                self.temporary[address] -= 1
                return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            if self.drop_after is not None and self.accepted == self.drop_after:
                self.drop_after = None
                self.dropped += 1
                server.transport.close()
                return "421 4.4.2 closing"
            message = message_from_bytes(envelope.content, policy=policy.default)
            for rcpt in envelope.rcpt_tos:
                self.messages[rcpt].append(message)
            self.accepted += 1
        return "250 OK"

    def counts(self) -> Counter:
        with self.lock:
            return Counter({k: len(v) for k, v in self.messages.items()})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self) -> None:
        self.handler = Recorder()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=_free_port())

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    @property
    def port(self) -> int:
        return self.controller.port

    def env(self) -> dict[str, str]:
        return {"LUMBUNG_SMTP_HOST": "127.0.0.1", "LUMBUNG_SMTP_PORT": str(self.port),
                "LUMBUNG_SMTP_SECURITY": "none"}

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
