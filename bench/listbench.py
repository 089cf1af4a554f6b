"""The list benchmark: sign-ups to Lumbung's list service against a naive sign-up handler.

Both servers (:mod:`bench.listserver`) run in turn, in a child process, under uvicorn on
127.0.0.1 with a fresh SQLite file, and send their confirmation mails to one counting SMTP sink
(another child process). The same bounded load (:mod:`bench.listload`) is posted to each.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import tables
from bench.configs import repo_site
from bench.listload import DOMAIN, REQUEST_TIMEOUT, Load, SignupServer, address, load
from bench.smtpsink import SmtpSink
from lumbung.errors import LumbungError
from lumbung.subscribers.statuses import Status
from lumbung.subscribers.store import Store

PACKAGES = ("uvicorn", "starlette", "httpx", "aiosmtpd")
DRAIN_SECONDS = 120.0  # at most, for the last confirmation mails after the load
QUIET_SECONDS = 15.0  # no new mail for this long: the rest is not coming
METHOD = """\
How each number is measured:

- load: one httpx async client in the benchmark's process posts `POST /subscribe` (email,
  language, empty honeypot) for generated addresses (`signupNNNNN@mail.example.invalid`, the
  site's languages in turn), a different client address in X-Forwarded-For for each, so no
  per-network limit is reached; C requests at once over kept-alive connections; it stops after
  N sign-ups or S seconds, whichever comes first. Sign-ups per second: sign-ups answered 200,
  divided by the time from the first request to the last answer. Latency: from sending a
  request to its answer, for the sign-ups answered 200 (nearest rank).
- Lumbung: the list service (`create_app`: the form parsed and checked, the per-network limit,
  a double opt-in request in the SQLite store in WAL mode with a hashed confirmation token, the
  confirmation mail queued to the outbox thread, which renders it with MJML and sends it over
  one reused SMTP connection) under uvicorn with the service's own `server_config`, in a child
  process. Its abuse limits are the stock ones except the service-wide burst of confirmation
  mails (stock: 200 at once, then 300 an hour), raised to N so that every sign-up of the run is a
  full one.
- baseline: a minimal Starlette app under the same uvicorn settings, in a child process: per
  request, in Starlette's thread pool, a new SQLite connection (default rollback journal, no
  WAL), an INSERT of the address and a random token, commit and close, then a plain-text
  confirmation mail over a new SMTP connection, and only then the answer. No limits and no
  checks; its page is one line of English.
- before the load, one sign-up warms each server up (its mail awaited, then left out of every
  count).
- sink: aiosmtpd in a child process counting messages per recipient; after the load the
  benchmark waits (at most 120 s) until it holds a mail for every accepted sign-up. Time to the
  last confirmation mail: from the first request until the sink held the last one.
- sign-ups stored: rows waiting for confirmation in the server's SQLite file afterwards.
"""


@dataclass(frozen=True)
class Options:
    repo: Path
    signups: int = 1000
    concurrency: int = 20
    seconds: float = 30.0


@dataclass(frozen=True)
class Run:
    load: Load
    mails: int  # confirmation mails the sink received
    duplicates: int  # mails beyond the first to one address
    missing: int  # accepted sign-ups without a mail
    unexpected: int  # mails to addresses whose sign-up was not accepted
    last_mail: float | None  # seconds from the first request to the last mail received
    stored: int  # sign-ups waiting for confirmation in the SQLite file
    address_in_log: bool  # a generated address appeared in the server's log


def wait_for_mails(sink: SmtpSink, expected: int, started: float) -> float | None:
    """Seconds from ``started`` until the sink held ``expected`` mails (or its last one)."""
    deadline = time.perf_counter() + DRAIN_SECONDS
    seen, last = -1, None
    quiet_since = time.perf_counter()
    while time.perf_counter() < deadline:
        count = int(sink.stats()["messages"])
        now = time.perf_counter()
        if count != seen:
            seen, quiet_since = count, now
            last = now - started if count else None
        if count >= expected or now - quiet_since > QUIET_SECONDS:
            break
        time.sleep(0.05)
    return last


def warm_up(kind: str, base: str, sink: SmtpSink) -> None:
    """One sign-up before the load (first-request costs: templates, the SMTP connection),
    its mail awaited, then forgotten by the sink and left out of every count."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        answer = client.post("/subscribe", data={"email": f"warm-up@{DOMAIN}",
                                                 "language": "en", "website": ""})
    if answer.status_code != 200:
        raise LumbungError(f"the {kind} sign-up server answered the warm-up sign-up with "
                           f"HTTP {answer.status_code}")
    wait_for_mails(sink, 1, time.perf_counter())
    sink.reset()


def stored(kind: str, db: Path) -> int:
    if kind == "lumbung":
        with Store.open(db) as store:
            pending = sum(n for (_, status), n in store.stats().items()
                          if status is Status.PENDING)
        return pending - 1  # the warm-up sign-up
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute("SELECT COUNT(*) FROM subscribers").fetchone()[0]) - 1
    finally:
        connection.close()


def run_kind(kind: str, options: Options, sink: SmtpSink, tmp: Path,
             languages: tuple[str, ...]) -> Run:
    db, log = tmp / f"{kind}.sqlite", tmp / f"{kind}.log"
    with SignupServer(kind, db, sink.port, options.repo, options.signups + 1, log) as server:
        warm_up(kind, server.base, sink)
        result = load(server.base, options.signups, options.concurrency, options.seconds,
                      languages)
        last = wait_for_mails(sink, result.ok, result.started)
    counts: dict[str, int] = sink.stats()["recipients"]
    sink.reset()
    expected = {address(n) for n in result.accepted}
    return Run(result, sum(counts.values()), sum(n - 1 for n in counts.values() if n > 1),
               len(expected - counts.keys()), len(counts.keys() - expected), last,
               stored(kind, db), DOMAIN in log.read_text(encoding="utf-8", errors="replace"))


def run_list(options: Options, progress: Callable[[str], None] = lambda line: None
             ) -> tables.Report:
    if options.signups < 1 or options.concurrency < 1 or not options.seconds > 0:
        raise LumbungError("--signups and --concurrency must be at least 1, --seconds more "
                           "than 0")
    started = time.perf_counter()
    site = repo_site(options.repo)
    runs: dict[str, Run] = {}
    with tempfile.TemporaryDirectory(prefix="bench-list-") as folder:
        tmp = Path(folder)
        with SmtpSink(tmp / "smtp.log") as sink:
            for kind in ("lumbung", "naive"):
                run = runs[kind] = run_kind(kind, options, sink, tmp, site.codes)
                progress(f"{kind}: {run.load.ok} of {run.load.attempted} sign-ups accepted in "
                         f"{run.load.seconds:.1f} s; {run.mails} confirmation mails")
    return _report(options, runs["lumbung"], runs["naive"], time.perf_counter() - started)


def _ms(value: float | None) -> float | None:
    return None if value is None else 1000 * value


def _report(options: Options, ours: Run, theirs: Run, seconds: float) -> tables.Report:
    row, verdict = tables.row, tables.verdict
    a, b = ours.load, theirs.load
    exact = ours.mails == a.ok and not (ours.duplicates or ours.missing or ours.unexpected)
    rows = (
        row("sign-ups sent", "n", a.attempted, b.attempted, f"<= {options.signups}"),
        row("sign-ups accepted (HTTP 200)", "n", a.ok, b.ok),
        row("sign-ups per second", "/s", a.rate, b.rate),
        row("sign-up latency p50", "ms", _ms(a.percentile(0.5)), _ms(b.percentile(0.5))),
        row("sign-up latency p99", "ms", _ms(a.percentile(0.99)), _ms(b.percentile(0.99))),
        row("errors (other answers, or none)", "n", a.errors, b.errors, "0"),
        row("confirmation mails received", "n", ours.mails, theirs.mails,
            f"= accepted ({a.ok})"),
        row("duplicate confirmation mails", "n", ours.duplicates, theirs.duplicates, "0"),
        row("accepted sign-ups without a mail", "n", ours.missing, theirs.missing, "0"),
        row("time to the last confirmation mail", "s", ours.last_mail, theirs.last_mail),
        row("sign-ups stored, awaiting confirmation", "n", ours.stored, theirs.stored,
            f"= accepted ({a.ok})"),
    )
    answers = ", ".join(f"{k}: {v}" for k, v in sorted(a.statuses.items()))
    notes = (
        "Lumbung/baseline: above 1 for sign-ups per second means Lumbung served more; below 1 "
        "for latency means Lumbung answered sooner.",
        f"Answers: Lumbung {answers}; baseline "
        + ", ".join(f"{k}: {v}" for k, v in sorted(b.statuses.items())) + ".",
        "Lumbung answers before its confirmation mail is sent (the outbox sends it); the "
        "baseline answers after.",
    )
    summary = (f"Up to {options.signups:,} sign-ups, {options.concurrency} at once, for at most "
               f"{options.seconds:g} s, to each server on 127.0.0.1; whole run {seconds:.0f} s. "
               "Lumbung and the baseline were loaded the same way, in turn, in the same run, "
               "with one SMTP sink.")
    verdicts = (
        f"Lumbung: every accepted sign-up got exactly one confirmation mail ({ours.mails} for "
        f"{a.ok}): {verdict(exact)}",
        f"Lumbung: no errors under the load ({a.errors} of {a.attempted}): "
        f"{verdict(a.errors == 0)}",
        f"Lumbung: no address in the service's log: {verdict(not ours.address_in_log)}",
    )
    problems = []
    if not exact:
        problems.append(f"Lumbung: {ours.mails} confirmation mails for {a.ok} accepted sign-ups "
                        f"({ours.duplicates} duplicates, {ours.missing} missing, "
                        f"{ours.unexpected} to sign-ups not accepted)")
    if ours.stored != a.ok:
        problems.append(f"Lumbung: {ours.stored} sign-ups stored for {a.ok} accepted")
    if a.ok == 0:
        problems.append(f"Lumbung: no sign-up was accepted ({answers})")
    if ours.address_in_log:
        problems.append("Lumbung: a subscriber address appeared in the service's log")
    return tables.Report(
        "Lumbung list service benchmark", summary,
        tables.machine(PACKAGES), METHOD,
        (tables.Section("Sign-ups", tables.COMPARISON, rows, notes),), verdicts, tuple(problems))
