"""SMTP delivery: one reused connection, a rate limit, and SMTP replies sorted by class.

* A recipient-level permanent refusal (5.1.x bad address, 5.2.x mailbox; 550/551/553 to RCPT
  without an enhanced code) is final for that recipient only: ``Outcome(FAILED)``.
* A sender- or message-level permanent refusal (any 5xx to MAIL FROM, 5.7.x policy, 5.4.5
  sending limit, 552 5.3.4 too big, 554 to DATA ...) would refuse every other message too: the
  run stops (:class:`SendStopped`, quoting the server's reply).
* A transient failure (4xx, a dropped or refused connection) is retried a few times with a short
  backoff, reconnecting; ``breaker`` of them in a row, across messages, stop the run as well.

Exceptions from smtplib can quote addresses; nothing here ever prints one.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from lumbung.newsletter.model import NewsletterError
from lumbung.subscribers.statuses import SendStatus

SECURITY = ("starttls", "tls", "none")
REPLY_CODE = re.compile(r"^\d{3}[ -]")  # a reply's own code, when ``text`` starts with it
ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})\b")
ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")

# What became of one message (also the status words of the send journals): the store's own enum,
# defined once there.
Delivery = SendStatus


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str = ""
    password: str = ""
    security: str = "starttls"
    timeout: float = 30.0

    def __repr__(self) -> str:
        return f"SmtpSettings(host={self.host!r}, port={self.port}, security={self.security!r})"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpSettings:
        host = env.get("LUMBUNG_SMTP_HOST", "").strip()
        if not host:
            raise NewsletterError("LUMBUNG_SMTP_HOST: not set; it names the SMTP server")
        security = env.get("LUMBUNG_SMTP_SECURITY", "starttls").strip().lower()
        if security not in SECURITY:
            raise NewsletterError(f"LUMBUNG_SMTP_SECURITY: expected one of "
                                  f"{', '.join(SECURITY)}, got '{security}'")
        default_port = {"starttls": 587, "tls": 465, "none": 25}[security]
        port_text = env.get("LUMBUNG_SMTP_PORT", "").strip() or str(default_port)
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise NewsletterError(f"LUMBUNG_SMTP_PORT: expected a port number, got "
                                  f"'{port_text}'")
        return cls(host, int(port_text), env.get("LUMBUNG_SMTP_USER", ""),
                   env.get("LUMBUNG_SMTP_PASSWORD", ""), security)


class Stage(StrEnum):
    """The SMTP command a reply answered."""

    CONNECT = "connection"
    MAIL = "MAIL FROM"
    RCPT = "RCPT TO"
    DATA = "DATA"


class Verdict(StrEnum):
    """What a reply means for the run."""

    TRANSIENT = "transient"  # retry this message later
    RECIPIENT = "recipient"  # this recipient refused for good; go on with the others
    STOP = "stop"  # every other message would be refused too: stop the run


def classify(stage: Stage, code: int, text: str) -> Verdict:
    """Sort a refusal by RFC 5321 reply code and RFC 3463 enhanced status code."""
    if code < 500:
        return Verdict.TRANSIENT
    if stage in (Stage.CONNECT, Stage.MAIL):
        return Verdict.STOP
    enhanced = ENHANCED.match(REPLY_CODE.sub("", text.strip(), count=1))
    if enhanced:
        subject, detail = int(enhanced.group(2)), int(enhanced.group(3))
        if subject == 1 and detail not in (7, 8):  # 5.1.7/5.1.8: the sender's address is bad
            return Verdict.RECIPIENT
        if subject == 2 and detail != 3:  # 5.2.3: the message is too long for the server
            return Verdict.RECIPIENT
        return Verdict.STOP
    if stage is Stage.RCPT and code in (550, 551, 553):
        return Verdict.RECIPIENT
    return Verdict.STOP


def quoted(code: int, text: bytes | str) -> str:
    """A server reply as it can be shown: one line, addresses masked, at most 200 characters."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    line = " ".join(f"{code} {text}".split())
    return ADDRESS.sub("[address]", line)[:200]


@dataclass(frozen=True)
class Outcome:
    status: Delivery
    code: str = ""  # SMTP reply code (and enhanced code), or a short reason


class SendStopped(NewsletterError):
    """The server refuses the sender or the message, or keeps failing: stop the whole run."""

    def __init__(self, reason: str, reply: str):
        super().__init__(f"{reason}: '{reply}'")
        self.reason = reason
        self.reply = reply  # the server's reply, quoted (addresses masked)


class Mailer:
    """Sends messages one by one over a single SMTP connection, reconnecting when needed."""

    def __init__(self, settings: SmtpSettings, per_minute: float = 0, retries: int = 2,
                 backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep,
                 breaker: int = 10, max_wait: float = 10.0):
        self.settings = settings
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.breaker = breaker
        self.sleep = sleep
        self.in_a_row = 0  # transient failures since the last accepted message
        self._smtp: smtplib.SMTP | None = None
        self._last = 0.0

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        smtp: smtplib.SMTP
        try:
            if s.security == "tls":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise SendStopped("the server refused LUMBUNG_SMTP_USER / LUMBUNG_SMTP_PASSWORD",
                              quoted(exc.smtp_code, exc.smtp_error)) from None
        except smtplib.SMTPNotSupportedError:
            raise SendStopped("the server does not offer what LUMBUNG_SMTP_SECURITY asks",
                              "STARTTLS or AUTH not supported") from None
        return smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError):
                self._smtp.close()
        self._smtp = None

    def _pace(self) -> None:
        if self.interval:
            wait = self._last + self.interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
        self._last = time.monotonic()

    def _attempt(self, sender: str, recipient: str, message: bytes) -> tuple[Stage, int, str]:
        """One try: (stage, code, reply) of a refusal; code 250 when accepted."""
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._pace()
            self._smtp.sendmail(sender, [recipient], message)
            return Stage.DATA, 250, ""
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return Stage.RCPT, code, quoted(code, text)
        except smtplib.SMTPSenderRefused as exc:
            return Stage.MAIL, exc.smtp_code, quoted(exc.smtp_code, exc.smtp_error)
        except smtplib.SMTPDataError as exc:
            return Stage.DATA, exc.smtp_code, quoted(exc.smtp_code, exc.smtp_error)
        except smtplib.SMTPConnectError as exc:
            self._drop()
            return Stage.CONNECT, exc.smtp_code, quoted(exc.smtp_code, exc.smtp_error)
        except smtplib.SMTPResponseException as exc:  # HELO/EHLO and the like
            self._drop()
            return Stage.CONNECT, exc.smtp_code, quoted(exc.smtp_code, exc.smtp_error)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            return Stage.CONNECT, 0, type(exc).__name__

    def send(self, sender: str, recipient: str, message: bytes) -> Outcome:
        """Deliver one message: SENT, FAILED (this recipient, for good) or DEFERRED (transient
        failures outlasted the retries); raises SendStopped when the run must stop."""
        reply = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(min(self.backoff * 2 ** (attempt - 1), self.max_wait))
            stage, code, reply = self._attempt(sender, recipient, message)
            if code == 250:
                self.in_a_row = 0
                return Outcome(Delivery.SENT, "250")
            verdict = classify(stage, code, reply) if code else Verdict.TRANSIENT
            if verdict is Verdict.STOP:
                self._reset()
                raise SendStopped(f"{_what(stage)} (reply to {stage})", reply)
            if verdict is Verdict.RECIPIENT:
                self._reset()
                return Outcome(Delivery.FAILED, _code(code, reply))
            if code == 421:
                self._drop()
            else:
                self._reset()
            self.in_a_row += 1
            if self.breaker and self.in_a_row >= self.breaker:
                raise SendStopped(f"{self.in_a_row} temporary failures in a row; the last "
                                  "reply", reply)
        return Outcome(Delivery.DEFERRED, _code(0, reply) if reply else "deferred")

    def _reset(self) -> None:
        """After a refused transaction, RSET so the connection can be reused."""
        if self._smtp is None:
            return
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
        self._smtp = None


def _what(stage: Stage) -> str:
    return {Stage.RCPT: "the server refused a recipient for a reason that concerns every "
                        "message",
            Stage.MAIL: "the server refused the sender", Stage.DATA: "the server refused the "
            "message", Stage.CONNECT: "the server refused the connection"}[stage]


def _code(code: int, reply: str) -> str:
    """The journal's short code: '550 5.1.1', '451', 'ConnectionRefusedError'."""
    parts = reply.split()
    if code and len(parts) > 1 and ENHANCED.match(parts[1]):
        return f"{parts[0]} {parts[1]}"
    return parts[0] if parts else str(code)
