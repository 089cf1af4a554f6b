"""The send benchmark's report: the store path, the CSV path and the baseline side by side."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bench import tables
from bench.send import TARGET, Delivery
from bench.sendstore import StoreRun
from lumbung.newsletter.message import encoded_size
from lumbung.newsletter.render import Edition
from lumbung.newsletter.sending import Summary

PACKAGES = ("aiosmtpd",)
HEADER = ("metric", "Lumbung, store", "Lumbung, CSV", "baseline", "store/CSV", "store/baseline",
          "target")
METHOD = """\
How each number is measured:

- issue: built with `build_issue --offline` from generated feeds (local files) in a temporary copy
  of the site, then `render_edition` for every language; every message of an edition is about
  as large as its encoded size below.
- subscribers: a generated CSV (`readerNNNN@mail.example.invalid`, the languages in turn) in a
  temporary folder outside the repository, read with Lumbung's own loader; the same addresses
  imported into a subscriber store (SQLite) with `Store.import_rows`.
- server: aiosmtpd in a child process (so it never competes with the sender for the interpreter
  lock), accepting everything and counting messages, bytes, sessions and messages per recipient;
  its counts are zeroed between the three runs.
- Lumbung, store: `outbox.send_from_store` (what `newsletter.py send --db` runs) on the issue
  saved as approved: it loads and renders the issue, takes the store's run lock, builds each
  message with the subscriber's store token (List-Unsubscribe links to the list service; a
  placeholder `https://lists.example.invalid` when the site sets no list_url) and records each
  outcome in the store's journal, one committed transaction per message, over one reused
  `Mailer` connection, rate limit off. Send wall time: from its `total` callback (called once
  the editions are rendered and the list counted) to its return; the whole call is in a note.
  Its time in SMTP is not separable (the function makes its own mailer).
- Lumbung, CSV: wall time of `send_all` (message building, keyed tokens, the journal file
  written and fsynced per message, one `Mailer` connection reused, rate limit off) and closing
  the mailer. Time in SMTP: the time spent inside `Mailer.send` (timed by a wrapper handed to
  `send_all` as its mailer, which changes nothing else); the rest is building messages, tokens
  and the journal.
- baseline: for each subscriber the same message as the CSV path (same headers and unsubscribe
  link, built the same way) sent with `smtplib.SMTP(host, port).sendmail(...)` and QUIT: one new
  connection per message, no journal, no suppression list. Time in SMTP: from opening the
  connection to QUIT.
"""


@dataclass(frozen=True)
class Context:
    subscribers: int
    feeds: int
    seed: int
    week: str
    editions: dict[str, Edition]
    languages: Counter[str]
    summary: Summary  # the CSV path's
    journal_lines: int  # the CSV path's journal file
    render_seconds: float
    stored: StoreRun


def _row(label: str, unit: str, store: float | None, csv: float | None, naive: float | None,
         target: str = "") -> tables.Row:
    show, ratio = tables.show, tables.ratio
    return (label, show(store, unit), show(csv, unit), show(naive, unit), ratio(store, csv),
            ratio(store, naive), target)


def _rows(c: Context, store: Delivery, csv: Delivery, naive: Delivery) -> tuple[tables.Row, ...]:
    n = c.subscribers
    limit = TARGET[1] * n / TARGET[0]
    paths = (store, csv, naive)
    mean = [d.bytes / d.received if d.received else None for d in paths]

    def each(name: str) -> tuple[float, float, float]:
        return (float(getattr(store, name)), float(getattr(csv, name)),
                float(getattr(naive, name)))

    return (
        _row("messages received by the server", "n", *each("received"), f"{n}"),
        _row("send wall time", "s", *each("seconds"),
             f"<= {limit:.1f} s: {tables.verdict(store.seconds <= limit)}"),
        _row("messages per second", "/s", store.rate, csv.rate, naive.rate,
             f">= {TARGET[0] / TARGET[1]:.1f}/s"),
        _row("of the time: in SMTP (connect, send, reply)", "s", None, csv.smtp_seconds,
             naive.smtp_seconds),
        _row("of the time: building messages, journal", "s", None,
             csv.seconds - csv.smtp_seconds, naive.seconds - naive.smtp_seconds),
        _row("SMTP sessions opened", "n", *each("sessions")),
        _row("refused or failed (sender's count)", "n", *each("failed"), "0"),
        _row("duplicates", "n", *each("duplicates"), "0"),
        _row("subscribers who got nothing", "n", *each("missing"), "0"),
        _row("mean message size", "B", mean[0], mean[1], mean[2]),
        _row("journal records written", "n", c.stored.journal, c.journal_lines, None, f"{n}"),
    )


def report(c: Context, csv: Delivery, store: Delivery, naive: Delivery, seconds: float
           ) -> tables.Report:
    n = c.subscribers
    limit = TARGET[1] * n / TARGET[0]
    verdict = tables.verdict
    notes: tuple[str, ...] = (
        "Ratios below 1 for time (above 1 for messages per second) mean the store path is "
        "faster.",
        f"The store path's whole call, loading and rendering the issue included: "
        f"{c.stored.whole:.2f} s.",
    )
    edition_rows = tuple((lang, str(c.languages[lang]), tables.fmt(encoded_size(e), "B"),
                          str(len(e.items)), str(e.dropped)) for lang, e in c.editions.items())
    summary_line = (f"{n:,} subscribers in {len(c.editions)} languages; issue {c.week} built "
                    f"offline from {c.feeds} generated feeds (seed {c.seed}), editions "
                    f"rendered in {c.render_seconds:.1f} s; whole run {seconds:.0f} s. The store "
                    "path, the CSV path and the baseline sent to the same local server in the "
                    "same run.")
    verdicts = (
        f"Lumbung (store) sends {n:,} messages in {store.seconds:.1f} s ({store.rate:.1f}/s) <= "
        f"{limit:.1f} s: {verdict(store.seconds <= limit)}",
        f"the server received exactly {n:,} messages from the store path ({store.duplicates} "
        f"duplicates, {store.missing} missing): {verdict(store.exact(n))}",
        f"Lumbung (CSV) sends {n:,} messages in {csv.seconds:.1f} s ({csv.rate:.1f}/s) <= "
        f"{limit:.1f} s: {verdict(csv.seconds <= limit)}",
        f"the server received exactly {n:,} messages from the CSV path ({csv.duplicates} "
        f"duplicates, {csv.missing} missing): {verdict(csv.exact(n))}",
    )
    problems = []
    for name, path, summary in (("store", store, c.stored.summary), ("CSV", csv, c.summary)):
        if not path.exact(n):
            problems.append(f"Lumbung's {name} run: the server received {path.received} "
                            f"messages for {n} subscribers ({path.duplicates} duplicates, "
                            f"{path.missing} missing, {path.unexpected} to unknown recipients)")
        if summary.sent != n or not summary.balanced():
            problems.append(f"Lumbung's {name} run: {summary.sent} sent, {summary.failed} "
                            f"failed, {summary.deferred} deferred of {summary.subscribers}")
    if c.stored.journal != n:
        problems.append(f"Lumbung's store run: {c.stored.journal} journal records for {n} "
                        "subscribers")
    if not naive.exact(n):
        notes += (f"The baseline's run did not deliver exactly once: {naive.received} received, "
                  f"{naive.failed} failed.",)
    return tables.Report(
        "Lumbung send benchmark", summary_line, tables.machine(PACKAGES), METHOD,
        (tables.Section("Sending", HEADER, _rows(c, store, csv, naive), notes),
         tables.Section("Editions", ("edition", "subscribers", "encoded size", "items kept",
                                     "items dropped"), edition_rows)),
        verdicts, tuple(problems))
