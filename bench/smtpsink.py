"""The local SMTP server (aiosmtpd, 127.0.0.1, a free port) shared by the tests and benchmarks.

One handler, :class:`Sink`, accepts every message and counts messages, bytes, connections and
messages per recipient; for tests it also keeps every message (parsed) and can misbehave on
purpose: refuse a recipient for good (550) or a few times (451), or drop the connection once.

* :class:`SmtpServer` runs it in a thread of this process (the tests).
* :class:`SmtpSink` runs it in a child process, ``python -m bench.smtpsink``, so that it never
  competes with the sender for the interpreter lock (the benchmarks). The child prints
  ``port N`` once it listens, then answers commands read from stdin, one per line: ``stats``
  prints one JSON line (messages, bytes, sessions and the count per recipient), ``reset`` zeroes
  the counts and prints ``ok``; end of input stops it. It keeps counts only, and prints nothing
  but to its parent.
"""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
import threading
from collections import Counter, defaultdict
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from lumbung.errors import LumbungError

HOSTNAME = "sink.invalid"  # fixed: no name lookup per connection on the server side
REPO = Path(__file__).resolve().parent.parent  # holds the bench package


class Sink:
    """aiosmtpd handler: accepts everything and counts; ``keep`` also keeps every message."""

    def __init__(self, keep: bool = False) -> None:
        self.keep = keep
        self.lock = threading.Lock()
        self.messages: dict[str, list[Message]] = defaultdict(list)  # recipient -> messages
        self.recipients: Counter[str] = Counter()
        self.accepted = 0
        self.bytes = 0
        self.sessions = 0  # SMTP connections
        self.dropped = 0
        # Faults, for tests:
        self.drop_after: int | None = None  # close the connection once, after this many
        self.temporary: Counter[str] = Counter()  # recipient -> how many times to answer 451
        self.permanent: set[str] = set()  # recipients answered with 550

    def connected(self) -> None:
        with self.lock:
            self.sessions += 1

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        with self.lock:
            if address in self.permanent:
                return "550 5.1.1 mailbox unavailable"
            if self.temporary[address] > 0:
                self.temporary[address] -= 1
                return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.content or b""
        with self.lock:
            if self.drop_after is not None and self.accepted == self.drop_after:
                self.drop_after = None
                self.dropped += 1
                server.transport.close()
                return "421 4.4.2 closing"
            self.accepted += 1
            self.bytes += len(content)
            self.recipients.update(envelope.rcpt_tos)
            if self.keep:
                message = message_from_bytes(content, policy=policy.default)
                for rcpt in envelope.rcpt_tos:
                    self.messages[rcpt].append(message)
        return "250 OK"

    def counts(self) -> Counter[str]:
        """Messages accepted per recipient."""
        with self.lock:
            return Counter(self.recipients)

    def stats(self) -> dict[str, Any]:
        with self.lock:
            return {"messages": self.accepted, "bytes": self.bytes, "sessions": self.sessions,
                    "recipients": dict(self.recipients)}

    def reset(self) -> None:
        with self.lock:
            self.messages.clear()
            self.recipients.clear()
            self.accepted = self.bytes = self.sessions = self.dropped = 0


class _Controller(Controller):
    handler: Sink

    def factory(self) -> Any:  # called once per connection
        self.handler.connected()
        return super().factory()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _controller(handler: Sink) -> _Controller:
    return _Controller(handler, hostname="127.0.0.1", port=_free_port(),
                       server_hostname=HOSTNAME, data_size_limit=10_000_000)


class SmtpServer:
    """The sink in a thread of this process, keeping every message; ``handler`` is the Sink."""

    def __init__(self, keep: bool = True) -> None:
        self.handler = Sink(keep)
        self.controller = _controller(self.handler)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        self.handler.reset()  # forget the connection start() makes to check the server is up
        return self

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def env(self) -> dict[str, str]:
        """The environment that points Lumbung's sender at this server."""
        return {"LUMBUNG_SMTP_HOST": "127.0.0.1", "LUMBUNG_SMTP_PORT": str(self.port),
                "LUMBUNG_SMTP_SECURITY": "none"}

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


class SmtpSink:
    """The sink in a child process (counts only); ``stats()`` and ``reset()`` ask it."""

    def __init__(self, log: Path):
        self.log = log  # the child's stderr
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0

    def __enter__(self) -> SmtpSink:
        with self.log.open("w", encoding="utf-8") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bench.smtpsink"], cwd=REPO,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
                encoding="utf-8")
        first = self.proc.stdout.readline() if self.proc.stdout else ""
        if not first.startswith("port "):
            self.__exit__()
            tail = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            raise LumbungError("the local SMTP server (aiosmtpd) did not start"
                               + (f": {tail[-1]}" if tail else ""))
        self.port = int(first.split()[1])
        return self

    def _ask(self, command: str) -> str:
        if self.proc is None or self.proc.stdin is None or self.proc.stdout is None:
            raise LumbungError("the local SMTP server is not running")
        try:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline()
        except (BrokenPipeError, OSError):
            answer = ""
        if not answer:
            raise LumbungError("the local SMTP server stopped unexpectedly")
        return answer

    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = json.loads(self._ask("stats"))
        return stats

    def reset(self) -> None:
        self._ask("reset")

    def __exit__(self, *exc: object) -> None:
        if self.proc is None:
            return
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (subprocess.TimeoutExpired, OSError):
            self.proc.kill()
            self.proc.wait()
        finally:
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self.proc = None


def main() -> int:
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)  # no per-session chatter
    handler = Sink()
    controller = _controller(handler)
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
