"""An SMTP server that accepts every message and counts them, run as its own process.

    python -m lumbung.bench.smtpsink

It runs in a child process so that it never competes with the sender for the interpreter lock
(the machine may have two cores only). It prints ``port N`` once it listens on 127.0.0.1, then
answers commands read from stdin, one per line: ``stats`` prints one JSON line (messages,
bytes, sessions and the count per recipient), ``reset`` zeroes the counts and prints ``ok``;
end of input stops it. Nothing is stored but counts; nothing is ever printed but to the parent.
"""

from __future__ import annotations

import json
import logging
import socket
import sys
import threading
from collections import Counter
from typing import Any

from aiosmtpd.controller import Controller

HOSTNAME = "bench.invalid"  # fixed: no name lookup per connection on the server side


class Counting:
    """aiosmtpd handler: accepts everything, keeps counts only."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recipients: Counter[str] = Counter()
        self.messages = 0
        self.bytes = 0
        self.sessions = 0

    def connected(self) -> None:
        with self.lock:
            self.sessions += 1

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.messages += 1
            self.bytes += len(envelope.content or b"")
            self.recipients.update(envelope.rcpt_tos)
        return "250 OK"

    def stats(self) -> dict[str, Any]:
        with self.lock:
            return {"messages": self.messages, "bytes": self.bytes, "sessions": self.sessions,
                    "recipients": dict(self.recipients)}

    def reset(self) -> None:
        with self.lock:
            self.recipients.clear()
            self.messages = self.bytes = self.sessions = 0


class _Controller(Controller):
    def factory(self) -> Any:  # called once per connection
        self.handler.connected()
        return super().factory()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)  # no per-session chatter
    handler = Counting()
    controller = _Controller(handler, hostname="127.0.0.1", port=_free_port(),
                             server_hostname=HOSTNAME, data_size_limit=10_000_000)
    controller.start()
    handler.reset()  # forget the connection start() makes to check the server is up
    try:
        print(f"port {controller.port}", flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "stats":
                print(json.dumps(handler.stats()), flush=True)
            elif command == "reset":
                handler.reset()
                print("ok", flush=True)
            elif command == "quit":
                break
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
