"""Send an issue's editions to every subscriber exactly once, resumably, printing no address."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formataddr, formatdate, make_msgid
from urllib.parse import quote

from lumbung.newsletter.deliver import Delivery, Mailer, Outcome
from lumbung.newsletter.journal import Journal
from lumbung.newsletter.message import build
from lumbung.newsletter.render import Edition
from lumbung.newsletter.subscribers import Subscriber, Suppression
from lumbung.newsletter.tokens import Tokens


@dataclass(frozen=True)
class SendConfig:
    sender: str  # "Lumbung <newsletter@lumbung.example.org>"
    list_id: str  # "Lumbung weekly <weekly.lumbung.example.org>"
    unsubscribe_mailto: str  # an address an editor reads
    unsubscribe_url: str = ""  # https endpoint taking ?token=...; enables one-click


@dataclass
class Summary:
    subscribers: int = 0
    sent: int = 0  # in this run
    sent_before: int = 0  # journaled as sent by an earlier run
    failed: int = 0  # permanent (5xx), now or before
    deferred: int = 0  # transient failures that outlasted the retries; a rerun tries again
    suppressed: int = 0  # unsubscribed
    per_language: Counter = field(default_factory=Counter)

    @property
    def skipped(self) -> int:
        return self.suppressed

    @property
    def accounted(self) -> int:
        return self.sent + self.sent_before + self.failed + self.deferred + self.skipped

    def balanced(self) -> bool:
        return self.accounted == self.subscribers

    def lines(self) -> list[str]:
        return [
            f"subscribers: {self.subscribers}",
            f"sent: {self.sent + self.sent_before} ({self.sent} now, {self.sent_before} in "
            "earlier runs)",
            f"failed: {self.failed + self.deferred} ({self.failed} refused permanently, "
            f"{self.deferred} deferred after retries; a rerun tries these again)",
            f"skipped: {self.skipped} (unsubscribed)",
            "per language: " + ", ".join(f"{k} {v}" for k, v in sorted(self.per_language.items())),
            f"sent + failed + skipped = {self.accounted}; subscribers = {self.subscribers}"
            + ("" if self.balanced() else "  <- MISMATCH"),
        ]


def headers(config: SendConfig, edition: Edition, token: str,
            message_key: str = "") -> tuple[dict[str, str], str]:
    """Per-recipient headers, and the unsubscribe URL to put in the body.

    ``message_key`` (the journal key) makes the Message-ID stable: if a crash leaves it unknown
    whether the server took a message, the resend is the same message, which receiving systems
    can recognise. Without a key (test sends) the Message-ID is random.
    """
    domain = config.sender.rpartition("@")[2].rstrip(">") or "localhost"
    mailto = f"mailto:{config.unsubscribe_mailto}?subject={quote('unsubscribe ' + token)}"
    values = {
        "Message-ID": f"<{message_key}@{domain}>" if message_key else make_msgid(domain=domain),
        "Date": formatdate(usegmt=True),
        "List-Id": config.list_id,
        "List-Archive": f"<{edition.archive_url}>",
    }
    if config.unsubscribe_url:
        https = f"{config.unsubscribe_url}?token={token}"
        values["List-Unsubscribe"] = f"<{https}>, <{mailto}>"
        values["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        return values, https
    values["List-Unsubscribe"] = f"<{mailto}>"
    return values, mailto


def send_all(week: str, editions: dict[str, Edition], subscribers: Iterable[Subscriber],
             suppression: Suppression, journal: Journal, mailer: Mailer, tokens: Tokens,
             config: SendConfig, progress: Callable[[int], None] = lambda n: None) -> Summary:
    summary = Summary()
    for subscriber in subscribers:
        summary.subscribers += 1
        summary.per_language[subscriber.language] += 1
        if subscriber in suppression:
            summary.suppressed += 1
            continue
        key = tokens.journal_key(subscriber.email, week, subscriber.language)
        before = journal.done.get(key)
        if before == Delivery.SENT:
            summary.sent_before += 1
            continue
        if before == Delivery.FAILED:
            summary.failed += 1
            continue
        edition = editions[subscriber.language]
        token = tokens.token(subscriber.email)
        extra, unsubscribe = headers(config, edition, token, key)
        recipient = formataddr((subscriber.name, subscriber.email))
        message = build(edition, config.sender, recipient, extra, unsubscribe)
        outcome: Outcome = mailer.send(config.sender, subscriber.email, message.as_bytes())
        journal.record(key, outcome.status, outcome.code)
        if outcome.status == Delivery.SENT:
            summary.sent += 1
        elif outcome.status == Delivery.FAILED:
            summary.failed += 1
        else:
            summary.deferred += 1
        progress(1)
    return summary
