"""The confirmation email (the newsletter's look: Jinja2 -> MJML -> HTML with CSS inlined, plus
plain text) and the outbox: one worker thread that sends over one reused SMTP connection, so a
page never waits for the mail server and answers the same whether a mail went out or not."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate, make_msgid
from typing import Protocol

import css_inline
import jinja2
import mjml

from lumbung.errors import LumbungError
from lumbung.listservice.pages import CONFIRM_DAYS, TEMPLATES
from lumbung.newsletter.message import build
from lumbung.newsletter.render import FONT, TALL_SCRIPTS
from lumbung.site.strings import Translator

log = logging.getLogger("lumbung.listservice")
IDLE_SECONDS = 30.0  # close the SMTP connection after this long without mail


@dataclass  # not frozen: newsletter.message.build's protocol declares settable attributes
class ConfirmationMail:
    subject: str
    html: str
    text: str
    lang: str


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              autoescape=lambda name: name is not None and ".mjml" in name,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


_ENV = _environment()


def render_confirmation(t: Translator, site_name: str, confirm_url: str) -> ConfirmationMail:
    subject = t("mail.subject", site=site_name)
    context = {
        "lang": t.lang, "t": t, "site_name": site_name, "confirm_url": confirm_url,
        "subject": subject, "days": CONFIRM_DAYS, "font": FONT,
        "line_height": "1.9" if t.lang in TALL_SCRIPTS else "1.6",
    }
    source = _ENV.get_template("confirm.mjml.j2").render(context)
    html = mjml.mjml2html(source, disable_comments=True, fonts={})
    html = css_inline.CSSInliner(keep_style_tags=True).inline(html)
    text = _ENV.get_template("confirm.txt.j2").render(context)
    return ConfirmationMail(subject, html, text, t.lang)


def confirmation_bytes(mail: ConfirmationMail, sender: str, envelope_from: str,
                       recipient: str) -> bytes:
    domain = envelope_from.rpartition("@")[2]
    message = build(mail, sender, recipient, {
        "Date": formatdate(localtime=False, usegmt=True),
        "Message-ID": make_msgid(domain=domain),
        "Auto-Submitted": "auto-generated",  # no vacation replies to the sender
    })
    return message.as_bytes()


class MailerLike(Protocol):
    def send(self, sender: str, recipient: str, message: bytes) -> object: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class Job:
    recipient: str
    compose: Callable[[], bytes]

    def __repr__(self) -> str:  # never show the address
        return "Job()"


class Outbox:
    """A queue of confirmation mails and the one thread that sends them."""

    def __init__(self, mailer_factory: Callable[[], MailerLike], envelope_from: str,
                 size: int = 1000):
        self.factory = mailer_factory
        self.envelope_from = envelope_from
        self.jobs: queue.Queue[Job | None] = queue.Queue(maxsize=size)
        self.thread = threading.Thread(target=self._run, name="listservice-outbox", daemon=True)
        self.sent = 0
        self.failed = 0

    def start(self) -> None:
        self.thread.start()

    def put(self, job: Job) -> bool:
        try:
            self.jobs.put_nowait(job)
        except queue.Full:
            log.warning("outbox: full; a confirmation mail was not queued")
            return False
        return True

    def join(self) -> None:
        """Wait until every queued mail has been handed to the server (or given up on)."""
        self.jobs.join()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join(timeout=30)

    def _run(self) -> None:
        mailer: MailerLike | None = None
        while True:
            try:
                job = self.jobs.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                if mailer is not None:
                    mailer.close()
                    mailer = None
                continue
            try:
                if job is None:
                    break
                if mailer is None:
                    mailer = self.factory()
                outcome = mailer.send(self.envelope_from, job.recipient, job.compose())
                status = str(getattr(outcome, "status", "sent"))
                if status == "sent":
                    self.sent += 1
                else:
                    self.failed += 1
                    log.warning("confirmation mail: %s (%s)", status,
                                getattr(outcome, "code", ""))
            except LumbungError as exc:  # ours say what is wrong and never name an address
                self.failed += 1
                log.error("confirmation mail: not sent: %s", exc)
            except Exception as exc:  # noqa: BLE001  (keep the thread; never log the address)
                self.failed += 1
                log.error("confirmation mail: not sent (%s)", type(exc).__name__)
            finally:
                self.jobs.task_done()
        if mailer is not None:
            mailer.close()
