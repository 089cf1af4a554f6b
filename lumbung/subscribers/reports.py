"""What an incoming message says: a delivery report (RFC 3464), a complaint (RFC 5965 ARF),
an unsubscribe request by email, or nothing this module understands.

Messages come from the internet: parsing is defensive and nothing here touches the store.
A finding lists who it is about in order of trust; ``mailbox.py`` looks them up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message
from email.parser import HeaderParser
from email.utils import getaddresses
from enum import StrEnum

from lumbung.subscribers.addresses import valid

ENHANCED = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
BASIC = re.compile(r"(?<!\d)([245])\d\d(?!\d)")
# permanent failures that say nothing about the address itself: counted like soft bounces
SOFT_PERMANENT = frozenset({"5.2.2", "5.2.3", "5.3.4", "5.4.7"})  # full, too big, expired
SUBSCRIBER_TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])")
LINK_TOKEN = re.compile(r"(?:/unsubscribe/|[?&]token=|subject=unsubscribe(?:%20|\+|\s))"
                        r"([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])", re.IGNORECASE)
COMPLAINT_TYPES = frozenset({"abuse", "fraud", "virus", "other"})
AUTOMATIC_SENDERS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mdaemon)@", re.I)
BODY_LIMIT = 20_000
REPLY_SUBJECT = re.compile(r"^\s*(re|aw|sv|fw|fwd|tr|rv|wg)\s*:", re.IGNORECASE)


class Kind(StrEnum):
    HARD = "hard bounce"
    SOFT = "soft bounce"
    COMPLAINT = "complaint"
    UNSUBSCRIBE = "unsubscribe request"
    NOTICE = "notice"  # a delay warning, a delivery notice, a not-spam report: nothing to do


@dataclass(frozen=True)
class Finding:
    kind: Kind
    code: str = ""                  # enhanced status code or feedback type; never an address
    addresses: tuple[str, ...] = ()  # the recipient as the report states it
    tokens: tuple[str, ...] = ()     # subscriber tokens from the returned message or request
    returned: tuple[str, ...] = ()   # recipients named in the returned message's own headers

    def __repr__(self) -> str:  # no addresses in logs
        return f"Finding({self.kind!s}, {self.code!r})"


@dataclass(frozen=True)
class Reading:
    report: str  # "delivery-status", "feedback-report", "unsubscribe", or "" (unrecognised)
    findings: tuple[Finding, ...] = ()


def _text(value: object) -> str:
    return " ".join(str(value or "").split())


def _typed_address(value: object) -> str:
    """'rfc822; a@example.org' -> 'a@example.org' ('' for another address type)."""
    kind, _, address = _text(value).partition(";")
    if not address:
        kind, address = "rfc822", kind
    address = address.strip().strip("<>").strip()
    return address if kind.strip().lower() == "rfc822" and valid(address) else ""


def _plain_addresses(*values: object) -> tuple[str, ...]:
    found = [a for _, a in getaddresses([_text(v) for v in values if v]) if valid(a)]
    return tuple(dict.fromkeys(found))


def _blocks(part: Message) -> list[Message]:
    """The field blocks of a message/delivery-status or message/feedback-report part."""
    payload = part.get_payload()
    if isinstance(payload, list) and all(isinstance(p, Message) for p in payload):
        return [p for p in payload if isinstance(p, Message)]
    raw = part.get_payload(decode=True)
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(payload or "")
    chunks = re.split(r"\r?\n[ \t]*\r?\n", text.replace("\r\n", "\n"))
    return [HeaderParser().parsestr(chunk.strip("\n") + "\n") for chunk in chunks
            if chunk.strip()]


def _returned_headers(message: Message) -> Message | None:
    """The headers of the message that bounced or was reported, when it came back."""
    for part in message.walk():
        kind = part.get_content_type()
        if kind in ("message/rfc822", "message/global"):
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                return inner[0]
        if kind in ("text/rfc822-headers", "text/global-headers"):
            raw = part.get_payload(decode=True)
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
            return HeaderParser().parsestr(text)
    return None


def _identity(returned: Message | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Subscriber tokens and recipient addresses carried by a returned message's headers."""
    if returned is None:
        return (), ()
    links = " ".join(_text(v) for v in returned.get_all("List-Unsubscribe") or [])
    tokens = tuple(dict.fromkeys(LINK_TOKEN.findall(links)))
    named = _plain_addresses(returned.get("X-HmXmrOriginalRecipient"), returned.get("To"))
    return tokens, named


def _status_code(status: str, diagnostic: str) -> str:
    stated = ENHANCED.search(status)
    said = ENHANCED.search(diagnostic)
    if stated and said and stated.group(1) == said.group(1) and stated.group(0)[1:] == ".0.0":
        return said.group(0)  # Exim and others say 5.0.0 and give the detail in the diagnostic
    if stated:
        return stated.group(0)
    if said:
        return said.group(0)
    basic = BASIC.search(diagnostic)
    return f"{basic.group(1)}.0.0" if basic else ""


def classify(action: str, status: str, diagnostic: str) -> tuple[Kind, str]:
    """A per-recipient DSN block as (kind, code)."""
    action = action.strip().lower()
    code = _status_code(status, diagnostic)
    if action != "failed" or code.startswith("2"):
        return Kind.NOTICE, code or action
    if code.startswith("5") and code not in SOFT_PERMANENT and not code.startswith("5.7."):
        return Kind.HARD, code
    return Kind.SOFT, code or "failed"  # 4.x.x, mailbox full, policy, or no code at all


def _delivery_status(message: Message, part: Message) -> Reading:
    blocks = _blocks(part)
    tokens, named = _identity(_returned_headers(message))
    per_recipient = [b for b in blocks[1:] if b.get("Action") or b.get("Final-Recipient")]
    findings = []
    for block in per_recipient:
        kind, code = classify(_text(block.get("Action")), _text(block.get("Status")),
                              _text(block.get("Diagnostic-Code")))
        stated = tuple(dict.fromkeys(a for a in (_typed_address(block.get("Original-Recipient")),
                                                 _typed_address(block.get("Final-Recipient")))
                                     if a))
        alone = len(per_recipient) == 1  # the returned message's identity is this recipient's
        findings.append(Finding(kind, code, stated, tokens if alone else (),
                                named if alone else ()))
    return Reading("delivery-status", tuple(findings))


def _feedback(message: Message, part: Message) -> Reading:
    fields = _blocks(part)
    report = fields[0] if fields else Message()
    feedback_type = _text(report.get("Feedback-Type")).lower()
    stated = tuple(dict.fromkeys(
        a for value in [*(report.get_all("Original-Rcpt-To") or []),
                        *(report.get_all("Removal-Recipient") or [])]
        if (a := _typed_address(value))))
    tokens, named = _identity(_returned_headers(message))
    kind = Kind.COMPLAINT if feedback_type in COMPLAINT_TYPES else Kind.NOTICE
    return Reading("feedback-report", (Finding(kind, feedback_type or "abuse", stated, tokens,
                                               named),))


def _body_text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain" and \
                part.get_content_disposition() != "attachment":
            raw = part.get_payload(decode=True)
            if isinstance(raw, bytes):
                charset = part.get_content_charset() or "utf-8"
                try:
                    return raw[:BODY_LIMIT].decode(charset, "replace")
                except LookupError:
                    return raw[:BODY_LIMIT].decode("utf-8", "replace")
    return ""


def _unsubscribe_request(message: Message) -> Reading:
    sender = _plain_addresses(message.get("From"))
    automatic = _text(message.get("Auto-Submitted")).lower() not in ("", "no") or \
        any(AUTOMATIC_SENDERS.match(a) for a in sender) or \
        message.get_content_type() == "multipart/report"
    if automatic:
        return Reading("")
    subject = _text(message.get("Subject"))
    recipients = " ".join(a.partition("@")[0] for a in _plain_addresses(
        message.get("To"), message.get("Cc"), message.get("Delivered-To")))
    found = [*SUBSCRIBER_TOKEN.findall(subject), *SUBSCRIBER_TOKEN.findall(recipients)]
    # A reply quotes the newsletter, unsubscribe link and all: the body counts only in a
    # message that is not a reply, and only in its own (unquoted) lines.
    reply = message.get("In-Reply-To") or message.get("References") or \
        REPLY_SUBJECT.match(subject)
    if not reply:
        own = "\n".join(line for line in _body_text(message).splitlines()
                        if not line.lstrip().startswith(">"))
        found += SUBSCRIBER_TOKEN.findall(own)
    if not found:
        return Reading("")
    return Reading("unsubscribe", (Finding(Kind.UNSUBSCRIBE, "mailto",
                                           tokens=tuple(dict.fromkeys(found))),))


def read(raw: bytes) -> Reading:
    """Classify one raw message; Reading('') when it is none of the three."""
    message = message_from_bytes(raw, policy=policy.compat32)
    if message.get_content_type() == "multipart/report":
        wanted = message.get_param("report-type")
        wanted = wanted.lower() if isinstance(wanted, str) else ""
        for part in message.walk():
            kind = part.get_content_type()
            if kind == "message/delivery-status" and wanted in ("", "delivery-status"):
                return _delivery_status(message, part)
            if kind == "message/feedback-report" and wanted in ("", "feedback-report"):
                return _feedback(message, part)
        return Reading("")
    return _unsubscribe_request(message)

