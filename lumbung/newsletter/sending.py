"""Send an issue's editions to every recipient once, resumably, printing no address.

Recipients come from the subscriber store (``outbox.send_from_store``) or from the private CSV
(``send_all``); either way the loop is :func:`deliver_all`, and its journal skips whoever already
has a final status (sent, or refused for good) for this issue.
"""

from __future__ import annotations

import hashlib
import smtplib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import formataddr, formatdate, make_msgid
from typing import Protocol
from urllib.parse import quote

from lumbung.newsletter.deliver import Delivery, Outcome, SendStopped
from lumbung.newsletter.message import build
from lumbung.newsletter.render import Edition
from lumbung.newsletter.subscribers import Subscriber, Suppression, clean_name
from lumbung.newsletter.tokens import Tokens
from lumbung.subscribers.addresses import valid

FINAL = (Delivery.SENT, Delivery.FAILED)


@dataclass(frozen=True)
class SendConfig:
    sender: str  # "Lumbung <newsletter@lumbung.example.org>"
    list_id: str  # "Lumbung weekly <weekly.lumbung.example.org>"
    unsubscribe_mailto: str  # an address an editor (or the list's mailbox reader) reads
    unsubscribe_url: str = ""  # CSV lists only: an https endpoint taking ?token=...
    list_url: str = ""  # the list service (store tokens): /unsubscribe/TOKEN, /preferences/TOKEN


@dataclass(frozen=True)
class Recipient:
    key: str  # the journal's key: a subscriber id, or a keyed hash of the address
    label: str  # how reports name it: "subscriber 12", "row 12"; never the address
    address: str
    language: str
    token: str  # unsubscribe token
    name: str = ""

    def __repr__(self) -> str:  # never show an address in logs or tracebacks
        return f"Recipient({self.label}, language={self.language!r})"


class Journal(Protocol):
    """Where each outcome is recorded as it happens (a file, or the store's send run)."""

    @property
    def done(self) -> Mapping[str, Delivery]: ...  # key -> final status recorded


    def record(self, key: str, status: Delivery, code: str = "") -> None: ...


class Sender(Protocol):
    def send(self, sender: str, recipient: str, message: bytes) -> Outcome: ...


@dataclass
class Summary:
    subscribers: int = 0
    sent: int = 0  # in this run
    sent_before: int = 0  # journaled as sent by an earlier run
    failed: int = 0  # refused permanently (recipient-level), now or before
    deferred: int = 0  # transient failures that outlasted the retries; a rerun tries again
    suppressed: int = 0  # unsubscribed
    invalid: int = 0  # bad data (a control character, a bad address): skipped, reported
    not_reached: int = 0  # left when the run stopped; a rerun sends to them
    stopped: str = ""  # why the run stopped early ('' when it went through the whole list)
    problems: list[str] = field(default_factory=list)  # "subscriber 12: ...; skipped"
    per_language: Counter[str] = field(default_factory=Counter)

    @property
    def skipped(self) -> int:
        return self.suppressed + self.invalid

    @property
    def accounted(self) -> int:
        return (self.sent + self.sent_before + self.failed + self.deferred + self.skipped
                + self.not_reached)

    def balanced(self) -> bool:
        return self.accounted == self.subscribers

    @property
    def complete(self) -> bool:
        """Everyone has a final status (or was skipped): nothing is left for a rerun."""
        return not self.stopped and not self.deferred and not self.not_reached

    def lines(self) -> list[str]:
        lines = [
            f"subscribers: {self.subscribers}",
            f"sent: {self.sent + self.sent_before} ({self.sent} now, {self.sent_before} in "
            "earlier runs)",
            f"failed: {self.failed + self.deferred} ({self.failed} refused permanently, "
            f"{self.deferred} deferred after retries; a rerun tries these again)",
            f"skipped: {self.skipped} (unsubscribed"
            + (f"; {self.invalid} with bad data, listed above)" if self.invalid else ")"),
        ]
        if self.stopped:
            lines.append(f"not reached: {self.not_reached} (the run stopped)")
        lines += [
            "per language: " + ", ".join(f"{k} {v}" for k, v in sorted(self.per_language.items())),
            f"sent + failed + skipped{' + not reached' if self.stopped else ''} = "
            f"{self.accounted}; subscribers = {self.subscribers}"
            + ("" if self.balanced() else "  <- MISMATCH"),
        ]
        return lines


def message_id(domain: str, key: str) -> str:
    """A Message-ID stable across reruns: a resend after a crash is the same message, which
    receiving systems recognise. It names no address."""
    return f"<{key}@{domain}>"


def headers(config: SendConfig, edition: Edition, token: str,
            message_key: str = "") -> tuple[dict[str, str], str]:
    """Per-recipient headers, and the unsubscribe link to put in the body.

    With the list service (``list_url``, store tokens): ``List-Unsubscribe: <https://…/
    unsubscribe/TOKEN>, <mailto:…>`` and, the URL being https, RFC 8058's
    ``List-Unsubscribe-Post``. Without it: the mailto alone, and the body links to it too.
    """
    domain = config.sender.rpartition("@")[2].rstrip(">") or "localhost"
    mailto = f"mailto:{config.unsubscribe_mailto}?subject={quote('unsubscribe ' + token)}"
    values = {
        "Message-ID": message_id(domain, message_key) if message_key
        else make_msgid(domain=domain),
        "Date": formatdate(usegmt=True),
        "List-Id": config.list_id,
        "List-Archive": f"<{edition.archive_url}>",
    }
    if config.list_url:
        web = f"{config.list_url}/unsubscribe/{quote(token)}"
    elif config.unsubscribe_url:
        web = f"{config.unsubscribe_url}?token={quote(token)}"
    else:
        values["List-Unsubscribe"] = f"<{mailto}>"
        return values, mailto
    values["List-Unsubscribe"] = f"<{web}>, <{mailto}>"
    if web.startswith("https://"):
        values["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return values, web


def bad_data(recipient: Recipient, languages: Iterable[str]) -> str | None:
    """Why a recipient cannot be sent to (never quoting the address), or None."""
    if not valid(recipient.address) or not recipient.address.isascii():
        return "not a valid email address"
    if recipient.language not in languages:
        return f"no edition in its language '{recipient.language[:8]}'"
    if clean_name(recipient.name) is None:
        return "the name contains a line break or another control character"
    if not recipient.token or not recipient.token.isascii() or not recipient.token.isprintable():
        return "no usable unsubscribe token"
    return None


def deliver_all(issue: str, editions: Mapping[str, Edition], recipients: Iterable[Recipient],
                journal: Journal, mailer: Sender, config: SendConfig,
                progress: Callable[[int], None] = lambda n: None,
                summary: Summary | None = None) -> Summary:
    """Send to every recipient without a final status in ``journal``; stop at a
    sender/message-level refusal or a run of transient failures (``summary.stopped``)."""
    summary = summary or Summary()
    for recipient in recipients:
        summary.subscribers += 1
        summary.per_language[recipient.language] += 1
        if summary.stopped:
            summary.not_reached += 1
            continue
        before = journal.done.get(recipient.key)
        if before == Delivery.SENT:
            summary.sent_before += 1
            continue
        if before == Delivery.FAILED:
            summary.failed += 1
            continue
        problem = bad_data(recipient, editions)
        if problem is None:
            try:
                data = _message(issue, editions[recipient.language], recipient, config)
            except (ValueError, UnicodeError) as exc:
                problem = f"the message could not be built ({type(exc).__name__})"
        if problem is not None:
            summary.invalid += 1
            summary.problems.append(f"{recipient.label}: {problem}; skipped")
            progress(1)
            continue
        try:
            outcome = mailer.send(config.sender, recipient.address, data)
        except SendStopped as exc:
            summary.stopped = f"{exc} (at {recipient.label})"
            summary.not_reached += 1
            continue
        except (smtplib.SMTPNotSupportedError, UnicodeError) as exc:
            summary.invalid += 1
            summary.problems.append(f"{recipient.label}: the server cannot take this address "
                                    f"({type(exc).__name__}); skipped")
            continue
        journal.record(recipient.key, outcome.status, outcome.code)
        if outcome.status == Delivery.SENT:
            summary.sent += 1
        elif outcome.status == Delivery.FAILED:
            summary.failed += 1
        else:
            summary.deferred += 1
        progress(1)
    return summary


def _message(issue: str, edition: Edition, recipient: Recipient, config: SendConfig) -> bytes:
    key = hashlib.sha256(f"{issue}:{recipient.key}:{recipient.token}".encode()).hexdigest()[:32]
    extra, unsubscribe = headers(config, edition, recipient.token, f"{issue}.{key}")
    to = formataddr((recipient.name, recipient.address))
    return build(edition, config.sender, to, extra, unsubscribe).as_bytes()


def csv_recipients(week: str, subscribers: Iterable[Subscriber], tokens: Tokens
                   ) -> Iterable[Recipient]:
    for subscriber in subscribers:
        yield Recipient(tokens.journal_key(subscriber.email, week, subscriber.language),
                        f"row {subscriber.row}" if subscriber.row else "a row",
                        subscriber.email, subscriber.language, tokens.token(subscriber.email),
                        subscriber.name)


def send_all(week: str, editions: dict[str, Edition], subscribers: Iterable[Subscriber],
             suppression: Suppression, journal: Journal, mailer: Sender, tokens: Tokens,
             config: SendConfig, progress: Callable[[int], None] = lambda n: None) -> Summary:
    """The CSV list: unsubscribed readers (the suppression file) skipped, the rest delivered
    with keyed-hash tokens (the list service does not know them: no list_url links)."""
    summary = Summary()
    kept = []
    for subscriber in subscribers:
        if subscriber in suppression:
            summary.subscribers += 1
            summary.per_language[subscriber.language] += 1
            summary.suppressed += 1
        else:
            kept.append(subscriber)
    config = SendConfig(config.sender, config.list_id, config.unsubscribe_mailto,
                        config.unsubscribe_url)
    return deliver_all(week, editions, csv_recipients(week, kept, tokens), journal, mailer,
                       config, progress, summary)
