"""Sending to the subscriber store's list: its active subscribers as recipients (their store
tokens in every unsubscribe link), its per-issue send run as the journal.

Each outcome is one committed transaction in the store, so a crash loses at most the message in
flight; the run lock keeps a second run of the same issue from starting meanwhile. A refusal at
send time produces no bounce message for the mailbox reader to find, so the journal acts on it
here: an unknown address (5.1.x, or 550/551/553 without an enhanced code) is marked bounced at
once, a mailbox problem (5.2.x, such as a full mailbox) counts as a soft bounce.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime

from lumbung.newsletter.deliver import Delivery
from lumbung.newsletter.sending import FINAL, Recipient
from lumbung.subscribers.db import parse_stamp
from lumbung.subscribers.runs import SendRun
from lumbung.subscribers.statuses import Status
from lumbung.subscribers.store import Store


def recipients(store: Store) -> Iterator[Recipient]:
    """The store's active subscribers in id order, named by id in every report."""
    for subscriber in store.recipients():
        yield Recipient(str(subscriber.id), f"subscriber {subscriber.id}", subscriber.address,
                        subscriber.language, subscriber.token)


def active(store: Store) -> dict[str, int]:
    """Active subscribers per language (no addresses)."""
    counts: dict[str, int] = {}
    for (language, status), count in store.stats().items():
        if status is Status.ACTIVE:
            counts[language] = counts.get(language, 0) + count
    return counts


def finished_at(store: Store, issue: str) -> datetime | None:
    """When a run of ``issue`` went through the whole list (None: never, or not yet).

    Reads the store's ``runs`` table directly: the store has no call for it yet (the one
    place that should move into lumbung/subscribers/runs.py).
    """
    with store.db.read() as tx:
        row = tx.one("SELECT finished_at FROM runs WHERE issue = :issue", issue=issue)
    return parse_stamp(row["finished_at"]) if row else None


HARD = re.compile(r"^5\d\d 5\.1\.\d+$|^55[013]$")
SOFT = re.compile(r"^5\d\d 5\.2\.\d+$")


class RunJournal:
    """The send run of one issue as a journal: keys are subscriber ids."""

    def __init__(self, store: Store, run: SendRun, clock: Callable[[], datetime]):
        self.store = store
        self.run = run
        self.clock = clock
        self.done: dict[str, Delivery] = {str(k): Delivery(v) for k, v in run.done().items()
                                          if v in FINAL}
        self._addresses: dict[str, str] = {}  # key -> address, of recipients handed out
        self.bounced = 0  # subscribers marked bounced or soft-bounced by this run

    def recipients(self) -> Iterator[Recipient]:
        """The store's recipients, remembered so that a refusal can be acted upon."""
        for recipient in recipients(self.store):
            self._addresses[recipient.key] = recipient.address
            yield recipient

    def record(self, key: str, status: Delivery, code: str = "") -> None:
        now = self.clock()
        self.run.record(int(key), Delivery(status), code, now)
        if status in FINAL:
            self.done[key] = status
        address = self._addresses.pop(key, "")
        if status == Delivery.FAILED and address:
            if HARD.match(code):
                self.bounced += self.store.suppress(address, Status.BOUNCED, now,
                                                    f"refused when sent: {code}")
            elif SOFT.match(code):
                self.store.soft_bounce(address, now)
                self.bounced += 1
