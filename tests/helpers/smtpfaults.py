"""More faults for the tests' SMTP server (tests.helpers.smtp): any reply to MAIL FROM, RCPT TO
or DATA, for a while or for good; the raw bytes received (what assertions on the wire read); RCPT
TO attempts per recipient; a slow DATA.

:class:`Faults` wraps whichever recorder the server uses and hands everything else to it (its
counts, its messages, its own faults), so it works on top of that recorder wherever it lives.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter, defaultdict
from typing import Any

from tests.helpers.smtp import SmtpServer

Fault = tuple[str, int]  # (reply, how many more times; -1: for good)


class Faults:
    OWN = frozenset({"base", "guard", "raw", "attempts", "rcpt_reply", "mail_reply",
                     "every_rcpt_reply", "data_reply", "faults_after", "delay"})

    def __init__(self, base: Any) -> None:
        object.__setattr__(self, "base", base)
        self.guard = threading.Lock()
        self.raw: dict[str, list[bytes]] = defaultdict(list)  # recipient -> bytes received
        self.attempts: Counter[str] = Counter()  # recipient -> RCPT TO commands seen
        self.rcpt_reply: dict[str, str] = {}  # recipient -> reply to its RCPT TO, every time
        # Replies to every MAIL FROM / RCPT TO / DATA while active:
        self.mail_reply: Fault | None = None
        self.every_rcpt_reply: Fault | None = None
        self.data_reply: Fault | None = None
        self.faults_after = 0  # the three faults above start once this many were accepted
        self.delay = 0.0  # seconds to wait before answering DATA (a slow server)

    def __getattr__(self, name: str) -> Any:  # the recorder's counts, messages and faults
        return getattr(self.base, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.OWN:
            object.__setattr__(self, name, value)
        else:
            setattr(self.base, name, value)

    def __dir__(self) -> list[str]:  # aiosmtpd finds the handle_* hooks by dir()
        return sorted(set(object.__dir__(self)) | set(dir(self.base)))

    def _fault(self, name: str) -> str | None:
        """The reply of an active fault (counting it down), or None."""
        with self.guard:
            fault = getattr(self, name)
            if fault is None or fault[1] == 0 or self.base.accepted < self.faults_after:
                return None
            reply, left = fault
            object.__setattr__(self, name, (reply, left - 1 if left > 0 else left))
            return str(reply)

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          mail_options: list[str]) -> str:
        reply = self._fault("mail_reply")
        if reply:
            return reply
        hook = getattr(self.base, "handle_MAIL", None)
        if hook is not None:
            return str(await hook(server, session, envelope, address, mail_options))
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          rcpt_options: list[str]) -> str:
        with self.guard:
            self.attempts[address] += 1
        reply = self._fault("every_rcpt_reply") or self.rcpt_reply.get(address)
        if reply:
            return reply
        return str(await self.base.handle_RCPT(server, session, envelope, address, rcpt_options))

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.delay:
            await asyncio.sleep(self.delay)
        reply = self._fault("data_reply")
        if reply:
            return reply
        status = str(await self.base.handle_DATA(server, session, envelope))
        if status.startswith("250"):
            with self.guard:
                for rcpt in envelope.rcpt_tos:
                    self.raw[rcpt].append(bytes(envelope.original_content or envelope.content))
        return status


class FaultyServer(SmtpServer):
    """The tests' SMTP server with :class:`Faults` around its recorder."""

    handler: Any

    def __init__(self) -> None:
        super().__init__()
        self.handler = Faults(self.handler)
        self.controller.handler = self.handler

    def __enter__(self) -> FaultyServer:
        super().__enter__()
        return self
