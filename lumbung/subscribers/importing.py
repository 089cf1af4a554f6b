"""Importing an earlier list: every row checked, problems reported by row number, never by
address; addresses already in the store are left exactly as they are."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from lumbung.subscribers.addresses import key, normalise, valid
from lumbung.subscribers.db import Database, StoreError, stamp
from lumbung.subscribers.statuses import Consent, Status
from lumbung.subscribers.tokens import new_token

BATCH = 200  # rows per transaction: short transactions, few commits


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based data row (a header is row 0)
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}; skipped"


@dataclass(frozen=True)
class ImportReport:
    added: int
    existing: tuple[int, ...]    # rows whose address is already in the store (left unchanged)
    duplicates: tuple[int, ...]  # rows repeating the address of an earlier row
    problems: tuple[RowProblem, ...]


def _insert(db: Database, batch: list[tuple[int, str, str]], consent_text: str,
            now: datetime, existing: list[int]) -> int:
    added = 0
    at = stamp(now)
    with db.write() as tx:
        for number, address, language in batch:
            changed = tx.run(
                "INSERT INTO subscribers (address, address_key, language, status, token, "
                "consent, consent_text, requested_at, changed_at) VALUES (:address, :key, "
                ":language, :status, :token, :how, :text, :at, :at) "
                "ON CONFLICT (address_key) DO NOTHING", address=normalise(address),
                key=key(address), language=language, status=Status.ACTIVE.value,
                token=new_token(), how=Consent.IMPORT.value, text=consent_text, at=at)
            if changed:
                added += 1
            else:
                existing.append(number)
    return added


def import_rows(db: Database, rows: Iterable[tuple[str, str]], *, consent_text: str,
                now: datetime, languages: Collection[str] | None = None) -> ImportReport:
    if not consent_text.strip():
        raise StoreError("import: say how these people agreed to receive the newsletter "
                         "(the consent text is required)")
    problems: list[RowProblem] = []
    duplicates: list[int] = []
    existing: list[int] = []
    seen: set[str] = set()
    batch: list[tuple[int, str, str]] = []
    added = 0
    for number, (address, language) in enumerate(rows, start=1):
        address, language = (address or "").strip(), (language or "").strip().lower()
        if not valid(address):
            problems.append(RowProblem(number, "not a valid email address"))
            continue
        if languages is not None and language not in languages:
            problems.append(RowProblem(number, f"unknown language '{language[:8]}'; expected "
                                       f"one of {', '.join(languages)}"))
            continue
        if key(address) in seen:
            duplicates.append(number)
            continue
        seen.add(key(address))
        batch.append((number, address, language))
        if len(batch) >= BATCH:
            added += _insert(db, batch, consent_text.strip(), now, existing)
            batch = []
    if batch:
        added += _insert(db, batch, consent_text.strip(), now, existing)
    return ImportReport(added, tuple(existing), tuple(duplicates), tuple(problems))
