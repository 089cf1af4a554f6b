"""The send command of scripts/newsletter.py: dry run, test send, send to everyone, and
``send --approved`` for the list host's timer. What it does is in lumbung.newsletter.outbox."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.text import Text

from lumbung.config import Site
from lumbung.errors import LumbungError
from lumbung.newsletter import issuefile, outbox
from lumbung.newsletter.render import Edition
from lumbung.newsletter.sending import SendConfig, Summary
from lumbung.site import clock

Subparsers = Any  # argparse's sub-parser action (argparse._SubParsersAction, a private name)
STOPPED = 3  # the exit code of a run that stopped early

SEND_HELP = """\
Without --send, a dry run: counts who would receive the issue and writes one .eml per edition.
With --send, delivers an approved issue (its file says 'status: approved') to every active
subscriber of the store (--db PATH or LUMBUNG_DB), or of a CSV (--subscribers). SMTP settings
come from LUMBUNG_SMTP_HOST, _PORT, _SECURITY (starttls, tls, none), _USER and _PASSWORD.

Every outcome is journaled as it happens: a run that stops (crash, kill, the server refusing
the sender or the message, 10 temporary failures in a row) is resumed by running the same
command again; nobody gets the issue twice, except at most the one message in flight. A second
run of an issue while one is running is refused. An issue already sent to everyone is not sent
again (the command says so and exits 0).

For the list host's timer (e.g. hourly):
    newsletter.py send --approved --db /srv/lumbung/subscribers.db --send
sends every approved issue of the last 2 weeks that has not yet gone to everyone, and does
nothing otherwise. Exit codes: 0 done (or nothing to do), 1 an error or some messages deferred
(a rerun tries them again), 3 the run stopped (the message quotes the server's reply).
"""


def add_send(sub: Subparsers) -> None:
    send = sub.add_parser(
        "send", help="dry run (default), test send, or send to everyone",
        formatter_class=argparse.RawDescriptionHelpFormatter, description=SEND_HELP)
    which = send.add_mutually_exclusive_group(required=True)
    which.add_argument("--week", help="ISO week, e.g. 2026-W47")
    which.add_argument("--approved", action="store_true", help="every approved issue of the "
                       "last 2 weeks not yet sent to everyone (needs --db; for a timer)")
    send.add_argument("--db", help="the subscriber store (or LUMBUNG_DB): a path outside the "
                      "repository, or sqlite:///PATH")
    send.add_argument("--subscribers", help="instead of the store: a CSV email,language[,name] "
                      "outside the repository (or LUMBUNG_SUBSCRIBERS)")
    send.add_argument("--test-to", metavar="ADDRESS", help="send each edition to this address")
    send.add_argument("--send", action="store_true", help="deliver to every subscriber")
    send.add_argument("--rate", type=float, default=120.0,
                      help="messages per minute (0 = no limit; default 120)")
    send.add_argument("--retry-delay", type=float, default=2.0,
                      help="seconds before the first of 2 retries of a temporary failure; "
                      "doubles for the second (default 2)")
    send.add_argument("--out", type=Path, help="where a dry run writes one .eml per edition "
                      "(default: a folder next to the subscriber file or store)")
    send.set_defaults(handler=send_command)


def _source(args: argparse.Namespace) -> str:
    """'csv' or 'store': --subscribers, then --db, then LUMBUNG_DB, then LUMBUNG_SUBSCRIBERS."""
    if args.subscribers:
        return "csv"
    if args.db or os.environ.get("LUMBUNG_DB") or not os.environ.get("LUMBUNG_SUBSCRIBERS"):
        return "store"
    return "csv"


def send_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    if args.approved:
        return send_approved(args, site, console)
    config = outbox.send_config(site)
    issue = outbox.load_issue(site, args.week)
    editions = outbox.render_all(issue, site)
    for lang, edition in editions.items():
        if edition.dropped:
            console.print(f"{lang}: {edition.dropped} items left out to fit the size budget")
    if args.test_to:
        accepted = outbox.send_to_one(editions, config, args.test_to)
        console.print(f"test send: {accepted} of {len(editions)} editions accepted by the "
                      "server")
        return 0 if accepted == len(editions) else 1
    if not args.send:
        return dry_run(args, site, console, config, editions)
    outbox.approved_issue(site, args.week)  # refuses a draft, or an empty week
    if _source(args) == "store":
        return send_store(args.week, args, site, console)
    found = outbox.recipients(site, args.subscribers)
    for problem in found.problems:
        console.print(Text(f"subscribers: {problem}"))
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("sending", total=len(found.subscribers))
        summary = outbox.send_issue(args.week, editions, config, found, per_minute=args.rate,
                                    backoff=args.retry_delay,
                                    progress=lambda n: bar.advance(task, n))
    code = report(summary, console)
    if found.problems:
        console.print(f"{len(found.problems)} rows of the subscriber file were skipped (see "
                      "above)")
    return code


def dry_run(args: argparse.Namespace, site: Site, console: Console, config: SendConfig,
            editions: dict[str, Edition]) -> int:
    refusal = None
    try:
        outbox.approved_issue(site, args.week)
    except LumbungError as exc:
        refusal = str(exc)
    skipped = ""
    if _source(args) == "store":
        dry = outbox.store_dry_run(editions, config, site, outbox.store_target(args.db),
                                   args.week, args.out)
    else:
        found = outbox.recipients(site, args.subscribers)
        for problem in found.problems:
            console.print(Text(f"subscribers: {problem}"))
        dry = outbox.dry_run(editions, config, found, args.week, args.out)
        skipped = f"{dry.unsubscribed} unsubscribed, {len(found.problems)} rows skipped; "
    for lang in site.codes:
        console.print(f"{lang}: {dry.active[lang]} subscribers")
    console.print(Text(f"dry run: {sum(dry.active.values())} would receive the {args.week} "
                       f"issue; {skipped}one .eml per edition in {dry.out}. Add --send to "
                       "deliver."))
    if refusal:
        console.print(Text(f"not sendable yet: {refusal}", style="yellow"))
    return 0


def send_store(week: str, args: argparse.Namespace, site: Site, console: Console) -> int:
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(f"sending {week}", total=None)
        result = outbox.send_from_store(
            site, week, outbox.store_target(args.db), per_minute=args.rate,
            backoff=args.retry_delay, progress=lambda n: bar.advance(task, n),
            total=lambda n: bar.update(task, total=n))
    if result.took_over:
        console.print(Text(result.took_over, style="yellow"))
    if result.summary is None:
        when = f" on {result.finished:%Y-%m-%d %H:%M} UTC" if result.finished else ""
        console.print(Text(f"{week}: already sent to everyone{when}; nothing to do."))
        return 0
    console.print(Text(f"{week}:"))
    code = report(result.summary, console)
    if result.bounced:
        console.print(Text(f"{result.bounced} refused addresses were marked bounced in the store "
                           "(an unknown address at once, a full mailbox after 3 in a row)"))
    return code


def report(summary: Summary, console: Console) -> int:
    """Print a run's summary; its exit code (0: everyone done, 1: some deferred, 3: stopped)."""
    for problem in summary.problems:
        console.print(Text(f"subscribers: {problem}"))
    for line in summary.lines():
        console.print(Text(line))
    if summary.stopped:
        console.print(Text(f"Sending stopped: {summary.stopped}. {summary.not_reached} "
                           "subscribers were not reached. Once the cause is gone, run the same "
                           "command again: it resumes with everyone not yet sent.", style="red"))
        return STOPPED
    return 0 if summary.balanced() and not summary.deferred else 1


def send_approved(args: argparse.Namespace, site: Site, console: Console) -> int:
    if args.test_to or args.subscribers:
        console.print("--approved sends to the subscriber store only (--db or LUMBUNG_DB)")
        return 1
    ready, notes = issuefile.approved_weeks(site.issues_dir, site.codes, clock.today(),
                                            site.root)
    for note in notes:
        console.print(Text(note))
    if not args.send:
        console.print(Text(f"dry run: would send {', '.join(ready) or 'nothing'}. Add --send "
                           "to deliver."))
        return 0
    code = 0
    for week in ready:
        code = max(code, send_store(week, args, site, console))
        if code == STOPPED:
            break
    if not ready:
        console.print("no approved issue of the last 2 weeks to send")
    return code
