"""The weekly newsletter, from partners' feeds to a frozen issue.

    python scripts/newsletter.py build [--week 2026-W47] [--feeds FILE] [--offline] [--refresh]
    python scripts/newsletter.py preview --week 2026-W47 --out FOLDER
    python scripts/newsletter.py send --week 2026-W47 [--db PATH | --subscribers CSV]
                                      [--test-to ADDR] [--send]
    python scripts/newsletter.py send --approved --db PATH [--send]
    python scripts/newsletter.py unsubscribe TOKEN

Every path is taken from the site's mkdocs.yml (the repository's, or --config), never from the
current directory. Each sub-command is one function that adds its parser and sets ``handler``,
called as ``handler(args, site, console)`` and returning the exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from newsletter_cli import FetchProgress, health_table
from rich.console import Console
from rich.progress import Progress
from rich.text import Text

from lumbung.config import Site, load_site
from lumbung.errors import LumbungError
from lumbung.newsletter import issuefile, outbox
from lumbung.newsletter.build import build_issue, default_week
from lumbung.newsletter.fetch import Limits
from lumbung.newsletter.model import FeedStatus, ItemKind
from lumbung.newsletter.render import Edition
from lumbung.newsletter.sending import SendConfig, Summary
from lumbung.site import clock

ROOT = Path(__file__).resolve().parent.parent
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
Subparsers = Any  # argparse's sub-parser action (argparse._SubParsersAction, a private name)


def add_build(sub: Subparsers) -> None:
    build = sub.add_parser("build", help="collect a week's issue from the partners' feeds and "
                           "freeze it in newsletters/issues/")
    build.add_argument("--week", help="ISO week, e.g. 2026-W47 (default: the current week)")
    build.add_argument("--feeds", type=Path, help="the partner list (default: "
                       "newsletters/feeds.yml next to mkdocs.yml)")
    build.add_argument("--offline", action="store_true", help="no network: read local feeds; "
                       "http(s) feeds use the copy kept from the last run")
    build.add_argument("--refresh", action="store_true", help="collect a frozen week again "
                       "(the intros editors wrote are kept)")
    build.add_argument("--deadline", type=float, default=Limits.deadline, metavar="SECONDS",
                       help=f"time allowed for each feed (default {Limits.deadline:g})")
    build.add_argument("--concurrency", type=int, default=Limits.concurrency, metavar="N",
                       help=f"feeds fetched at once (default {Limits.concurrency})")
    build.set_defaults(handler=build_command)


def _shown(path: Path, site: Site) -> str:
    try:
        return str(path.relative_to(site.root))
    except ValueError:
        return str(path)


def build_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    week = args.week or default_week()
    limits = Limits(deadline=args.deadline, concurrency=args.concurrency,
                    read=min(Limits.read, args.deadline), connect=min(Limits.connect,
                                                                      args.deadline))
    outcome = build_issue(site, week, feeds=args.feeds.resolve() if args.feeds else None,
                          offline=args.offline, refresh=args.refresh, limits=limits,
                          listener=FetchProgress(console))
    issue, where = outcome.issue, _shown(outcome.path, site)
    if not outcome.built:
        console.print(Text(f"{week} is already frozen in {where} ({len(issue.items)} items); "
                           "nothing changed. Add --refresh to collect it again."))
        return 0
    console.print(health_table(issue.health, f"Feed health, {week}"))
    own = sum(1 for item in issue.items if item.kind != ItemKind.NEWS)
    languages = Counter(item.language for item in issue.items)
    per_language = ", ".join(f"{lang} {languages[lang]}" for lang in site.codes
                             if languages[lang])
    console.print(Text(f"Froze {week} ({issue.start} to {issue.end}) in {where}: "
                       f"{len(issue.items)} items, {own} of them the site's own resources and "
                       f"webinars" + (f" ({per_language})" if per_language else "") + "."))
    if issuefile.nothing_to_send(issue, site.codes):
        console.print(Text(f"{week} has no items, so it will not be sent. To send it anyway, an "
                           f"editor writes an intro in {where} and approves it.",
                           style="yellow"))
    else:
        console.print(Text(f"It is a draft: once reviewed, an editor approves it by changing "
                           f"line {issuefile.status_line(outcome.path)} of {where} to "
                           "'status: approved'."))
    healthy = (FeedStatus.OK, FeedStatus.NOT_MODIFIED)
    failing = [h.partner for h in issue.health if h.status not in healthy]
    if failing:
        console.print(Text(f"{len(failing)} feeds need attention: {', '.join(failing)}",
                           style="yellow"))
    return 0


def add_issue(sub: Subparsers) -> None:
    """preview, send and unsubscribe: what is done with a frozen issue."""
    preview = sub.add_parser("preview", help="render every edition of a frozen issue")
    preview.add_argument("--week", required=True, help="ISO week, e.g. 2026-W47")
    preview.add_argument("--out", type=Path, required=True, help="folder for .html/.txt/.eml")
    preview.set_defaults(handler=preview_command)

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

    unsubscribe = sub.add_parser("unsubscribe", help="add the subscriber behind a token to "
                                 "the suppression list")
    unsubscribe.add_argument("token", help="the token from an unsubscribe email or link")
    unsubscribe.add_argument("--subscribers", help="the subscriber CSV (or LUMBUNG_SUBSCRIBERS)")
    unsubscribe.set_defaults(handler=unsubscribe_command)


def preview_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    result = outbox.preview(site, args.week, args.out)
    for lang, edition in result.editions.items():
        note = f", {edition.dropped} items left out to fit the size budget" \
            if edition.dropped else ""
        console.print(f"{lang}: {len(edition.items)} items{note}")
    console.print(f"wrote {len(result.written)} files to {args.out}")
    return 0


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
    return report(result.summary, console)


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
        return 3
    return 0 if summary.balanced() and not summary.deferred else 1


def send_approved(args: argparse.Namespace, site: Site, console: Console) -> int:
    if args.test_to or args.subscribers:
        console.print("--approved sends to the subscriber store only (--db or LUMBUNG_DB)")
        return 1
    ready, notes = outbox.approved_weeks(site, datetime.combine(clock.today(), time(12),
                                                                tzinfo=UTC))
    for note in notes:
        console.print(Text(note))
    if not args.send:
        console.print(Text(f"dry run: would send {', '.join(ready) or 'nothing'}. Add --send "
                           "to deliver."))
        return 0
    code = 0
    for week in ready:
        code = max(code, send_store(week, args, site, console))
        if code == 3:
            break
    if not ready:
        console.print("no approved issue of the last 2 weeks to send")
    return code


def unsubscribe_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    added, path = outbox.unsubscribe(site, args.subscribers, args.token)
    console.print(f"unsubscribed; commit {path.relative_to(site.root)}" if added
                  else "already unsubscribed")
    return 0


# Sub-command groups: each function adds its parsers (setting ``handler``); a new group is one
# more line here.
COMMANDS: list[Callable[[Subparsers], None]] = [
    add_build,  # build
    add_issue,  # preview, send, unsubscribe
    # newsletter_lists.add_lists,  # serve, subscribers, mailbox (scripts/newsletter_lists.py)
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    args = parser.parse_args(argv)
    console = Console()
    try:
        site = load_site(args.config)
        return int(args.handler(args, site, console))
    except LumbungError as exc:
        print(exc, file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"{exc.filename}: no such file", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
