"""A real SMTP server on loopback (aiosmtpd) that records deliveries and can misbehave.

Besides the parsed messages, ``raw`` keeps the bytes received (what the tests assert on), and
the server can answer MAIL FROM, RCPT TO or DATA with any reply, for a while or for good.
"""

from __future__ import annotations

import asyncio
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
        self.raw: dict[str, list[bytes]] = defaultdict(list)  # recipient -> bytes received
        self.attempts: Counter = Counter()  # recipient -> RCPT TO commands seen
        self.rcpt_reply: dict[str, str] = {}  # recipient -> reply to its RCPT TO, every time
        # Replies to every MAIL FROM / RCPT TO / DATA while the count is above 0 (-1: for good):
        self.mail_reply: tuple[str, int] | None = None
        self.every_rcpt_reply: tuple[str, int] | None = None
        self.data_reply: tuple[str, int] | None = None
        self.delay = 0.0  # seconds to wait before answering DATA (a slow server)

    def _fault(self, name: str) -> str | None:
        """The reply of an active fault (counting it down), or None."""
        fault = getattr(self, name)
        if fault is None or fault[1] == 0:
            return None
        reply, left = fault
        setattr(self, name, (reply, left - 1 if left > 0 else left))
        return reply

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        with self.lock:
            reply = self._fault("mail_reply")
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

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
            self.attempts[address] += 1
            reply = self._fault("every_rcpt_reply") or self.rcpt_reply.get(address)
            if reply:
                return reply
            if address in self.permanent:
                return "550 5.1.1 mailbox unavailable"
            if self.temporary[address] > 0:
                self.temporary[address] -= 1
                return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            reply = self._fault("data_reply")
            if reply:
                return reply
            if self.drop_after is not None and self.accepted == self.drop_after:
                self.drop_after = None
                self.dropped += 1
                server.transport.close()
                return "421 4.4.2 closing"
            message = message_from_bytes(envelope.content, policy=policy.default)
            for rcpt in envelope.rcpt_tos:
                self.messages[rcpt].append(message)
                self.raw[rcpt].append(bytes(envelope.original_content or envelope.content))
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
