"""The send journal of the CSV list: append-only, flushed and fsynced per message, holding no
addresses. (A list in the subscriber store journals in the store instead: ``SendRun``.)

Each line is ``KEY STATUS TIMESTAMP [CODE]`` where KEY is HMAC(address, week, edition). A rerun
after a crash skips every key already recorded as sent or permanently failed. Only whole lines
count: a line torn by a crash is ignored, and the next run starts on a fresh line, so its first
record is never glued onto the torn one.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from lumbung.newsletter.deliver import Delivery

FINAL = (Delivery.SENT, Delivery.FAILED)
LINE = re.compile(r"^(?P<key>[0-9a-f]{32}) (?P<status>[a-z]+) "
                  r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ(?: [^\r\n]*)?$")


class Journal:
    def __init__(self, path: Path):
        self.path = path
        self.done: dict[str, Delivery] = {}
        self.torn = 0  # lines that are not whole records (a crash mid-write)
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = path.read_bytes() if path.exists() else b""
        for line in raw.decode("utf-8", "replace").split("\n"):
            match = LINE.match(line)
            if match and match["status"] in FINAL:
                self.done[match["key"]] = Delivery(match["status"])
            elif line and not match:
                self.torn += 1
        self._handle = path.open("a", encoding="utf-8")
        if raw and not raw.endswith(b"\n"):
            self._write("\n")  # end the torn line: the next record starts a line of its own

    def _write(self, text: str) -> None:
        self._handle.write(text)
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def record(self, key: str, status: Delivery, code: str = "") -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        code = " ".join(code.split())[:60]
        self._write(f"{key} {status} {stamp} {code}".rstrip() + "\n")
        if status in FINAL:
            self.done[key] = status

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
