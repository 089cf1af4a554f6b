"""The subscriber store: sign-up with double opt-in, tokens, suppression, import and export,
and the send journal (``runs.py``). SQLite in one file by default; see ``db.py``.

Addresses go in and come out (``export``, ``recipients``), but never into an error message or
a log line: those name row numbers, subscriber ids and issues.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

from lumbung.subscribers import runs, schema
from lumbung.subscribers.addresses import key, normalise, valid
from lumbung.subscribers.db import (
    Database,
    Row,
    StoreError,
    Transaction,
    parse_stamp,
    private_file,
    stamp,
)
from lumbung.subscribers.importing import ImportReport, import_rows
from lumbung.subscribers.runs import RunInProgress, SendRun
from lumbung.subscribers.statuses import SUPPRESSED, Consent, Status
from lumbung.subscribers.tokens import hashed, new_token, well_formed

__all__ = ["ImportReport", "Requested", "RunInProgress", "SendRun", "Store", "StoreError",
           "Subscriber"]

CONFIRM_DAYS = 7
COLUMNS = ("id, address, language, status, token, consent, consent_text, requested_at, "
           "confirmed_at")
PAGE = 500


@dataclass(frozen=True)
class Subscriber:
    id: int
    address: str
    language: str
    status: Status
    token: str  # preferences and unsubscribe token
    consent: Consent
    consent_text: str
    requested_at: datetime
    confirmed_at: datetime | None

    def __repr__(self) -> str:  # never show the address (or the token) in logs or tracebacks
        return f"Subscriber(id={self.id}, language={self.language!r}, status={self.status!s})"


@dataclass(frozen=True)
class Requested:
    """What a sign-up request produced."""

    confirm_token: str | None  # None: send no email (limit reached, or already active)
    language: str

    def __repr__(self) -> str:  # the token is a secret: not for logs
        return f"Requested(mail={self.confirm_token is not None}, language={self.language!r})"


def _subscriber(row: Row) -> Subscriber:
    requested = parse_stamp(row["requested_at"])
    assert requested is not None
    return Subscriber(id=int(row["id"]), address=row["address"], language=row["language"],
                      status=Status(row["status"]), token=row["token"],
                      consent=Consent(row["consent"]), consent_text=row["consent_text"],
                      requested_at=requested, confirmed_at=parse_stamp(row["confirmed_at"]))


class Store:
    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def open(cls, target: str | Path) -> Store:
        """A file path, sqlite:///path, or a postgresql:// URL; migrated to the current schema."""
        db = Database.open(target)
        try:
            schema.migrate(db)
        except BaseException:
            db.close()
            raise
        return cls(db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    # sign-up (double opt-in) ------------------------------------------------------------

    def request(self, address: str, language: str, *, how: Consent, text: str, now: datetime,
                per_day: int = 3) -> Requested:
        """Record a request to join; a confirmation token unless the address is active or has
        had ``per_day`` confirmation mails in the last 24 hours."""
        if not valid(address):
            raise StoreError("sign-up: not a valid email address")
        token, at = new_token(), stamp(now)
        with self.db.write() as tx:
            # insert-or-keep, then lock the row: two sign-ups of one new address at once
            # (possible in PostgreSQL) end up on the same row instead of failing
            tx.run("INSERT INTO subscribers (address, address_key, language, status, token, "
                   "consent, consent_text, requested_at, changed_at) VALUES (:address, :key, "
                   ":language, :status, :token, :how, :text, :at, :at) "
                   "ON CONFLICT (address_key) DO NOTHING",
                   address=normalise(address), key=key(address), language=language,
                   status=Status.PENDING.value, token=new_token(), how=Consent(how).value,
                   text=text, at=at)
            row = tx.one("SELECT id, status FROM subscribers WHERE address_key = :key"
                         + self.db.for_update, key=key(address))
            assert row is not None
            if row["status"] == Status.ACTIVE:
                return Requested(None, language)
            subscriber_id = int(row["id"])
            recent = tx.one("SELECT COUNT(*) AS n FROM confirmations WHERE subscriber_id = "
                            ":sid AND created_at > :since", sid=subscriber_id,
                            since=stamp(now - timedelta(days=1)))
            if recent is not None and int(recent["n"]) >= per_day:
                return Requested(None, language)
            tx.run("INSERT INTO confirmations (token_hash, subscriber_id, language, consent, "
                   "consent_text, created_at, expires_at) VALUES (:hash, :sid, :language, :how, "
                   ":text, :at, :expires)", hash=hashed(token), sid=subscriber_id,
                   language=language, how=Consent(how).value, text=text, at=at,
                   expires=stamp(now + timedelta(days=CONFIRM_DAYS)))
        return Requested(token, language)

    def _confirmation(self, tx: Transaction, confirm_token: str, now: datetime) -> Row | None:
        if not well_formed(confirm_token):
            return None
        return tx.one(
            "SELECT subscriber_id, language, consent, consent_text, created_at "
            "FROM confirmations WHERE token_hash = :hash AND used_at IS NULL "
            "AND expires_at > :now", hash=hashed(confirm_token), now=stamp(now))

    def confirm(self, confirm_token: str, now: datetime) -> Subscriber | None:
        """Activate the subscriber behind an unused, unexpired token; None otherwise."""
        with self.db.write() as tx:
            found = self._confirmation(tx, confirm_token, now)
            if found is None:
                return None
            at = stamp(now)
            tx.run("UPDATE confirmations SET used_at = :at WHERE subscriber_id = :sid "
                   "AND used_at IS NULL", at=at, sid=found["subscriber_id"])
            tx.run("UPDATE subscribers SET status = :status, language = :language, consent = "
                   ":how, consent_text = :text, requested_at = :requested, confirmed_at = :at, "
                   "changed_at = :at, soft_bounces = 0, status_detail = '' WHERE id = :sid",
                   status=Status.ACTIVE.value, language=found["language"],
                   how=found["consent"], text=found["consent_text"],
                   requested=found["created_at"], at=at, sid=found["subscriber_id"])
            row = tx.one(f"SELECT {COLUMNS} FROM subscribers WHERE id = :sid",
                         sid=found["subscriber_id"])
        return None if row is None else _subscriber(row)

    def pending_by_token(self, confirm_token: str, now: datetime) -> Subscriber | None:
        """Who a confirmation link is for (for the page that asks to confirm); changes nothing."""
        with self.db.read() as tx:
            found = self._confirmation(tx, confirm_token, now)
            if found is None:
                return None
            row = tx.one(f"SELECT {COLUMNS} FROM subscribers WHERE id = :sid",
                         sid=found["subscriber_id"])
        return None if row is None else replace(_subscriber(row), language=found["language"])

    # the subscriber's own token -----------------------------------------------------------

    def by_token(self, token: str) -> Subscriber | None:
        if not well_formed(token):
            return None
        with self.db.read() as tx:
            row = tx.one(f"SELECT {COLUMNS} FROM subscribers WHERE token = :token", token=token)
        return None if row is None else _subscriber(row)

    def by_address(self, address: str) -> Subscriber | None:
        if not valid(address):
            return None
        with self.db.read() as tx:
            row = tx.one(f"SELECT {COLUMNS} FROM subscribers WHERE address_key = :key",
                         key=key(address))
        return None if row is None else _subscriber(row)

    def _by_token_changing(self, token: str, sql: str, **params: object) -> Subscriber | None:
        if not well_formed(token):
            return None
        with self.db.write() as tx:
            tx.run(sql, token=token, **params)
            row = tx.one(f"SELECT {COLUMNS} FROM subscribers WHERE token = :token", token=token)
        return None if row is None else _subscriber(row)

    def unsubscribe(self, token: str, now: datetime) -> Subscriber | None:
        """Leave the list (a bounced or complained status stays as it is)."""
        return self._by_token_changing(
            token, "UPDATE subscribers SET status = :status, changed_at = :at "
            "WHERE token = :token AND status IN (:active, :pending)",
            status=Status.UNSUBSCRIBED.value, at=stamp(now), active=Status.ACTIVE.value,
            pending=Status.PENDING.value)

    def set_language(self, token: str, language: str, now: datetime) -> Subscriber | None:
        return self._by_token_changing(
            token, "UPDATE subscribers SET language = :language, changed_at = :at "
            "WHERE token = :token", language=language, at=stamp(now))

    def expire_pending(self, now: datetime, days: int = 7) -> int:
        """Forget requests never confirmed within ``days``; how many subscribers went."""
        at = stamp(now)
        with self.db.write() as tx:
            gone = tx.run("DELETE FROM subscribers WHERE status = :pending AND requested_at < "
                          ":cutoff AND NOT EXISTS (SELECT 1 FROM confirmations c WHERE "
                          "c.subscriber_id = subscribers.id AND c.used_at IS NULL AND "
                          "c.expires_at > :at)", pending=Status.PENDING.value,
                          cutoff=stamp(now - timedelta(days=days)), at=at)
            tx.run("DELETE FROM confirmations WHERE expires_at <= :at", at=at)
        return gone

    # bounces, complaints, mailto requests -----------------------------------------------

    def suppress(self, address: str, status: Status, now: datetime, detail: str = "") -> bool:
        """Stop mail to an address at once; True when its status changed."""
        status = Status(status)
        if status not in SUPPRESSED:
            raise ValueError(f"suppress: {status} is not a suppressed status")
        with self.db.write() as tx:
            changed = tx.run("UPDATE subscribers SET status = :status, status_detail = :detail, "
                             "changed_at = :at WHERE address_key = :key AND status IN "
                             "(:active, :pending)", status=status.value, detail=detail[:200],
                             at=stamp(now), key=key(address), active=Status.ACTIVE.value,
                             pending=Status.PENDING.value)
            if changed:
                tx.run("UPDATE confirmations SET used_at = :at WHERE used_at IS NULL AND "
                       "subscriber_id IN (SELECT id FROM subscribers WHERE address_key = :key)",
                       at=stamp(now), key=key(address))
        return changed > 0

    def soft_bounce(self, address: str, now: datetime, limit: int = 3) -> bool:
        """Count a temporary failure; the ``limit``-th in a row suppresses (True)."""
        with self.db.write() as tx:
            row = tx.one("SELECT id, soft_bounces FROM subscribers WHERE address_key = :key "
                         "AND status = :active" + self.db.for_update, key=key(address),
                         active=Status.ACTIVE.value)
            if row is None:
                return False
            count = int(row["soft_bounces"]) + 1
            bounced = count >= limit
            tx.run("UPDATE subscribers SET soft_bounces = :count, status = :status, "
                   "status_detail = :detail, changed_at = :at WHERE id = :sid", count=count,
                   status=(Status.BOUNCED if bounced else Status.ACTIVE).value,
                   detail=f"{count} soft bounces in a row" if bounced else "",
                   at=stamp(now), sid=row["id"])
        return bounced

    # staff ------------------------------------------------------------------------------

    def import_rows(self, rows: Iterable[tuple[str, str]], *, consent_text: str, now: datetime,
                    languages: Collection[str] | None = None) -> ImportReport:
        """Add rows as ACTIVE subscribers (consent: import); problems by 1-based row number."""
        return import_rows(self.db, rows, consent_text=consent_text, now=now,
                           languages=languages)

    def _pages(self, where: str, **params: object) -> Iterator[Subscriber]:
        last = 0
        while True:
            with self.db.read() as tx:
                rows = tx.all(f"SELECT {COLUMNS} FROM subscribers WHERE id > :last {where} "
                              f"ORDER BY id LIMIT {PAGE}", last=last, **params)
            yield from (_subscriber(r) for r in rows)
            if len(rows) < PAGE:
                return
            last = int(rows[-1]["id"])

    def export(self) -> Iterator[Subscriber]:
        """Everyone in the store, in id order."""
        return self._pages("")

    def recipients(self) -> Iterator[Subscriber]:
        """ACTIVE subscribers only, in id order."""
        return self._pages("AND status = :active", active=Status.ACTIVE.value)

    def stats(self) -> dict[tuple[str, Status], int]:
        with self.db.read() as tx:
            rows = tx.all("SELECT language, status, COUNT(*) AS n FROM subscribers "
                          "GROUP BY language, status")
        return {(r["language"], Status(r["status"])): int(r["n"]) for r in rows}

    def backup(self, path: Path) -> None:
        """A consistent copy of an SQLite store, even while others write to it."""
        if self.db.dialect != "sqlite":
            raise StoreError("backup: this store is in PostgreSQL; back it up with pg_dump")
        path = Path(path)
        if path.exists() and path.resolve() == Path(self.db.where).resolve():
            raise StoreError("backup: that is the store itself; choose another file")
        if not path.parent.is_dir():
            raise StoreError(f"backup: the folder {path.parent} does not exist")
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        private_file(partial)
        target = sqlite3.connect(partial)
        try:
            self.db.sqlite.backup(target)
        finally:
            target.close()
        partial.replace(path)

    # sending ----------------------------------------------------------------------------

    def begin_run(self, issue: str, now: datetime) -> SendRun:
        """Take the run lock of an issue; raises RunInProgress while another run holds it."""
        return runs.begin(self.db, issue, now)
