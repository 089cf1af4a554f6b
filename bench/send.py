"""The send benchmark: Lumbung's sending paths (the subscriber store, the CSV list) against a
connection-per-message sender.

A frozen issue is built (offline) from generated feeds in a temporary copy of the site and its 8
editions rendered. A generated subscriber CSV lives in a temporary folder outside the repository.
Lumbung sends with ``send_all`` (one reused SMTP connection, a journal fsynced per message,
keyed tokens; rate limit off) and, the same subscribers imported into a subscriber store, with
``outbox.send_from_store`` (:mod:`bench.sendstore`); the baseline builds the same messages and
sends each over a new ``smtplib.SMTP`` connection, with no journal. A counting aiosmtpd server in
a child process receives all three; after each of Lumbung's runs it must hold every subscriber
exactly once. The report is :mod:`bench.sendreport`.
"""

from __future__ import annotations

import smtplib
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr
from pathlib import Path
from typing import Any

from bench import feedgen, tables
from bench.newsletter import topic_ids, week_and_now
from bench.smtpsink import SmtpSink
from lumbung.config import Site
from lumbung.errors import LumbungError
from lumbung.newsletter import issuefile, outbox
from lumbung.newsletter.build import build_issue
from lumbung.newsletter.deliver import Mailer, Outcome, SmtpSettings
from lumbung.newsletter.journal import Journal
from lumbung.newsletter.message import build
from lumbung.newsletter.model import Issue
from lumbung.newsletter.render import Edition
from lumbung.newsletter.sending import SendConfig, Summary, headers, send_all
from lumbung.newsletter.subscribers import Subscriber, Suppression, load
from lumbung.newsletter.tokens import Tokens

SECRET = "bench-fixed-test-secret-of-lumbung-0123456"  # keys tokens; not a real secret
TARGET = (3200, 60.0)  # messages, seconds
DOMAIN = "mail.example.invalid"


@dataclass(frozen=True)
class Options:
    repo: Path
    subscribers: int = 3200
    feeds: int = 100  # generated feeds the issue is built from
    seed: int = 1


@dataclass(frozen=True)
class Delivery:
    seconds: float
    smtp_seconds: float  # of which in SMTP: connecting, sending, waiting for the server
    accepted: int  # messages the client saw accepted
    failed: int  # refused or failed, as the client saw it
    received: int  # messages the server counted
    sessions: int  # SMTP connections the server saw
    bytes: int
    duplicates: int  # messages beyond the first to one recipient
    missing: int  # subscribers who received nothing
    unexpected: int  # recipients who are not subscribers

    @property
    def rate(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0

    def exact(self, expected: int) -> bool:
        return (self.received, self.duplicates, self.missing, self.unexpected) == \
            (expected, 0, 0, 0)


class TimedMailer:
    """Lumbung's ``Mailer`` as it is, wrapped (not subclassed): the time spent in its ``send``
    added up. ``send_all`` gets it through its ``mailer`` parameter and only calls ``send``."""

    def __init__(self, mailer: Mailer) -> None:
        self.mailer = mailer
        self.smtp_seconds = 0.0

    def send(self, sender: str, recipient: str, message: bytes) -> Outcome:
        start = time.perf_counter()
        try:
            return self.mailer.send(sender, recipient, message)
        finally:
            self.smtp_seconds += time.perf_counter() - start


def delivery(seconds: float, smtp_seconds: float, accepted: int, failed: int,
             stats: dict[str, Any], expected: set[str]) -> Delivery:
    counts: dict[str, int] = stats["recipients"]
    return Delivery(seconds, smtp_seconds, accepted, failed, stats["messages"], stats["sessions"],
                    stats["bytes"], sum(n - 1 for n in counts.values() if n > 1),
                    len(expected - counts.keys()), len(counts.keys() - expected))


def frozen_issue(options: Options, site: Site, week: str, now: datetime) -> Issue:
    """Build ``week``'s issue offline from generated feeds written next to feeds.yml."""
    root = site.root
    feeds = feedgen.make_feeds(options.feeds, site.codes, topic_ids(site),
                               issuefile.week_bounds(week)[0], options.seed)
    folder = root / "newsletters" / "bench-feeds"
    folder.mkdir(parents=True, exist_ok=True)
    for feed in feeds:
        (folder / f"{feed.slug}.xml").write_bytes(feed.body)
    urls = {f.slug: f"bench-feeds/{f.slug}.xml" for f in feeds}
    (root / "newsletters" / "feeds.yml").write_text(feedgen.feeds_yaml(feeds, urls),
                                                    encoding="utf-8")
    return build_issue(site, week, offline=True, refresh=True, now=now).issue


def write_subscribers(path: Path, count: int, codes: tuple[str, ...]) -> None:
    rows = ["email,language,name"]
    rows += [f"reader{n:04d}@{DOMAIN},{codes[n % len(codes)]},Reader {n:04d}"
             for n in range(1, count + 1)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def send_lumbung(week: str, editions: dict[str, Edition], subscribers: list[Subscriber],
                 private: Path, csv: Path, port: int, config: SendConfig
                 ) -> tuple[float, float, Summary, int]:
    """Lumbung's send; returns seconds (all, in SMTP), its summary and the journal's lines."""
    tokens = Tokens(SECRET)
    suppression = Suppression(private / "suppressed.txt", tokens)
    mailer = Mailer(SmtpSettings("127.0.0.1", port, security="none"), per_minute=0)
    timed = TimedMailer(mailer)
    journal_file = outbox.journal_path(csv, week)
    with Journal(journal_file) as journal:
        start = time.perf_counter()
        try:
            summary = send_all(week, editions, subscribers, suppression, journal, timed,
                               tokens, config)
        finally:
            mailer.close()
        seconds = time.perf_counter() - start
    lines = len(journal_file.read_text(encoding="utf-8").splitlines())
    return seconds, timed.smtp_seconds, summary, lines


def send_naive(editions: dict[str, Edition], subscribers: Iterable[Subscriber], port: int,
               config: SendConfig) -> tuple[float, float, int, int]:
    """One new SMTP connection per message; returns seconds (all, in SMTP), accepted, failed."""
    tokens = Tokens(SECRET)
    accepted = failed = 0
    smtp_seconds = 0.0
    start = time.perf_counter()
    for subscriber in subscribers:
        edition = editions[subscriber.language]
        extra, unsubscribe = headers(config, edition, tokens.token(subscriber.email))
        message = build(edition, config.sender, formataddr((subscriber.name, subscriber.email)),
                        extra, unsubscribe)
        data = message.as_bytes()
        sending = time.perf_counter()
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
                smtp.sendmail(config.sender, [subscriber.email], data)
            accepted += 1
        except (smtplib.SMTPException, OSError):  # their text may quote the address: not shown
            failed += 1
        smtp_seconds += time.perf_counter() - sending
    return time.perf_counter() - start, smtp_seconds, accepted, failed


def run_send(options: Options, progress: Callable[[str], None] = lambda line: None
             ) -> tables.Report:
    from bench.sendreport import Context, report
    from bench.sendstore import approve, import_subscribers, send_store

    if options.subscribers < 1:
        raise LumbungError(f"--subscribers must be at least 1, got {options.subscribers}")
    started = time.perf_counter()
    week, now = week_and_now()
    with tempfile.TemporaryDirectory(prefix="bench-send-") as tmp:
        private = Path(tmp) / "private"
        private.mkdir()
        if not outbox.outside_repository(private, options.repo):
            raise LumbungError(f"{private}: the temporary folder is inside the repository; set "
                               "TMPDIR to a folder outside it")
        site = feedgen.site_copy(options.repo, Path(tmp) / "site")
        issue = frozen_issue(options, site, week, now)
        approve(issue, site)
        config = outbox.send_config(site)
        start = time.perf_counter()
        editions = outbox.render_all(issue, site)
        render_seconds = time.perf_counter() - start
        progress(f"issue {week}: {len(issue.items)} items; {len(editions)} editions rendered "
                 f"in {render_seconds:.1f} s")
        csv = private / "subscribers.csv"
        write_subscribers(csv, options.subscribers, site.codes)
        subscribers, problems = load(csv, site.codes)
        if problems or len(subscribers) != options.subscribers:
            raise LumbungError(f"subscribers: {len(problems)} generated rows were refused")
        db = private / "subscribers.sqlite"
        import_subscribers(db, subscribers, site.codes, now)
        expected = {s.email for s in subscribers}
        with SmtpSink(private / "smtp.log") as sink:
            seconds, smtp_seconds, summary, journal_lines = send_lumbung(
                week, editions, subscribers, private, csv, sink.port, config)
            ours = delivery(seconds, smtp_seconds, summary.sent, summary.failed + summary.deferred,
                            sink.stats(), expected)
            progress(f"Lumbung, CSV list: {ours.accepted} messages in {ours.seconds:.1f} s")
            sink.reset()
            stored = send_store(site, week, db, sink.port)
            store = delivery(stored.seconds, 0.0, stored.summary.sent,
                             stored.summary.failed + stored.summary.deferred, sink.stats(),
                             expected)
            progress(f"Lumbung, store: {store.accepted} messages in {store.seconds:.1f} s")
            sink.reset()
            theirs = delivery(*send_naive(editions, subscribers, sink.port, config),
                              sink.stats(), expected)
            progress(f"baseline: {theirs.accepted} messages in {theirs.seconds:.1f} s")
    context = Context(options.subscribers, options.feeds, options.seed, week, editions,
                      Counter(s.language for s in subscribers), summary, journal_lines,
                      render_seconds, stored)
    return report(context, ours, store, theirs, time.perf_counter() - started)
