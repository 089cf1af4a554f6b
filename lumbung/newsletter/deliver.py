"""SMTP delivery: one reused connection, a rate limit, retries with backoff and reconnection for
transient failures (4xx replies, dropped connections), none for permanent ones (5xx).

Exceptions from smtplib can quote recipient addresses; nothing here ever prints one.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from lumbung.newsletter.model import NewsletterError

SECURITY = ("starttls", "tls", "none")


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


class Delivery(StrEnum):
    """What became of one message (also the status words of the send journal)."""

    SENT = "sent"
    FAILED = "failed"  # refused permanently (5xx)
    DEFERRED = "deferred"  # transient failures that outlasted the retries; a rerun tries again


@dataclass(frozen=True)
class Outcome:
    status: Delivery
    code: str = ""  # SMTP reply code or a short reason


class Mailer:
    """Sends messages one by one over a single SMTP connection, reconnecting when needed."""

    def __init__(self, settings: SmtpSettings, per_minute: float = 0, retries: int = 5,
                 backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
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
        except smtplib.SMTPAuthenticationError:
            raise NewsletterError("SMTP: the server refused LUMBUNG_SMTP_USER / "
                                  "LUMBUNG_SMTP_PASSWORD") from None
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

    def send(self, sender: str, recipient: str, message: bytes) -> Outcome:
        last = "deferred"
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(min(self.backoff * 2 ** (attempt - 1), 60.0))
            try:
                if self._smtp is None:
                    self._smtp = self._connect()
                self._pace()
                self._smtp.sendmail(sender, [recipient], message)
                return Outcome(Delivery.SENT, "250")
            except smtplib.SMTPRecipientsRefused as exc:
                code = next(iter(exc.recipients.values()))[0]
            except smtplib.SMTPResponseException as exc:
                code = exc.smtp_code
                if code == 421:
                    self._drop()
            except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError,
                    OSError) as exc:
                self._drop()
                last = type(exc).__name__
                continue
            if 500 <= code < 600:
                self._reset()
                return Outcome(Delivery.FAILED, str(code))
            self._reset()
            last = str(code)
        return Outcome(Delivery.DEFERRED, last)

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
