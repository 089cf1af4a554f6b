"""The send journal: append-only, flushed and fsynced per message, holding no addresses.

Each line is ``KEY STATUS TIMESTAMP [CODE]`` where KEY is HMAC(address, week, edition). A rerun
after a crash skips every key already recorded as sent or permanently failed.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from lumbung.newsletter.deliver import Delivery

FINAL = (Delivery.SENT, Delivery.FAILED)


class Journal:
    def __init__(self, path: Path):
        self.path = path
        self.done: dict[str, Delivery] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                parts = line.split()
                if len(parts) >= 2 and parts[1] in FINAL:  # a torn last line is ignored
                    self.done[parts[0]] = Delivery(parts[1])
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = path.open("a", encoding="utf-8")

    def record(self, key: str, status: Delivery, code: str = "") -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._handle.write(f"{key} {status} {stamp} {code}".rstrip() + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())
        if status in FINAL:
            self.done[key] = status

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
