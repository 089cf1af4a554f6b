"""The preview, send and unsubscribe sub-commands of scripts/newsletter.py."""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from lumbung.config import Site
from lumbung.newsletter import outbox
from lumbung.newsletter.deliver import Mailer, SmtpSettings
from lumbung.newsletter.journal import Journal
from lumbung.newsletter.message import build
from lumbung.newsletter.model import NewsletterError
from lumbung.newsletter.sending import headers, send_all
from lumbung.newsletter.subscribers import Suppression, load
from lumbung.newsletter.tokens import Tokens


def add_arguments(sub: argparse._SubParsersAction) -> None:  # noqa: SLF001
    preview = sub.add_parser("preview", help="render every edition of a frozen issue")
    preview.add_argument("--week", required=True, help="ISO week, e.g. 2026-W47")
    preview.add_argument("--out", type=Path, required=True, help="folder for .html/.txt/.eml")
    preview.set_defaults(handler=preview_command)

    send = sub.add_parser("send", help="dry run (default), test send, or send to everyone")
    send.add_argument("--week", required=True, help="ISO week, e.g. 2026-W47")
    send.add_argument("--subscribers", help="CSV email,language[,name] outside the repository "
                      "(or LUMBUNG_SUBSCRIBERS)")
    send.add_argument("--test-to", metavar="ADDRESS", help="send each edition to this address")
    send.add_argument("--send", action="store_true", help="deliver to every subscriber")
    send.add_argument("--rate", type=float, default=120.0,
                      help="messages per minute (0 = no limit; default 120)")
    send.add_argument("--retry-delay", type=float, default=2.0,
                      help="seconds before the first retry of a transient failure; doubles "
                      "each time (default 2)")
    send.add_argument("--out", type=Path, help="where a dry run writes one .eml per edition "
                      "(default: a folder next to the subscriber file)")
    send.set_defaults(handler=send_command)

    unsubscribe = sub.add_parser("unsubscribe", help="add the subscriber behind a token to "
                                 "the suppression list")
    unsubscribe.add_argument("token", help="the token from an unsubscribe email or link")
    unsubscribe.add_argument("--subscribers", help="the subscriber CSV (or LUMBUNG_SUBSCRIBERS)")
    unsubscribe.set_defaults(handler=unsubscribe_command)


def preview_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    issue = outbox.load_issue(site, args.week)
    editions = outbox.render_all(issue, site)
    written = outbox.write_preview(editions, args.out, outbox.send_config(site).sender)
    for lang, edition in editions.items():
        note = f", {edition.dropped} items left out to fit the size budget" \
            if edition.dropped else ""
        console.print(f"{lang}: {len(edition.items)} items{note}")
    console.print(f"wrote {len(written)} files to {args.out}")
    return 0


def send_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    config = outbox.send_config(site)
    issue = outbox.load_issue(site, args.week)
    editions = outbox.render_all(issue, site)
    for lang, edition in editions.items():
        if edition.dropped:
            console.print(f"{lang}: {edition.dropped} items left out to fit the size budget")
    if args.test_to:
        mailer = Mailer(SmtpSettings.from_env(os.environ))
        tokens = Tokens(outbox.secret())
        failures = 0
        for edition in editions.values():
            extra, unsubscribe = headers(config, edition, tokens.token(args.test_to))
            message = build(edition, config.sender, args.test_to, extra, unsubscribe)
            outcome = mailer.send(config.sender, args.test_to, message.as_bytes())
            failures += outcome.status != "sent"
        mailer.close()
        console.print(f"test send: {len(editions) - failures} of {len(editions)} editions "
                      "accepted by the server")
        return 1 if failures else 0

    path = outbox.subscribers_path(args.subscribers)
    if not outbox.outside_repository(path, site.root):
        raise NewsletterError("subscribers: the file is inside the repository; keep it "
                              "outside, where it cannot be committed")
    subscribers, problems = load(path, site.codes)
    for problem in problems:
        console.print(f"subscribers: {problem}")
    tokens = Tokens(outbox.secret())
    suppression = Suppression(outbox.suppression_path(site), tokens)
    if not args.send:
        out = args.out or path.resolve().parent / f"preview-{args.week}"
        outbox.write_preview(editions, out, config.sender)
        active = Counter(s.language for s in subscribers if s not in suppression)
        for lang in site.codes:
            console.print(f"{lang}: {active[lang]} subscribers")
        console.print(f"dry run: {sum(active.values())} would receive the {args.week} issue; "
                      f"{len(subscribers) - sum(active.values())} unsubscribed, {len(problems)} "
                      f"rows skipped; one .eml per edition in {out}. Add --send to deliver.")
        return 0
    mailer = Mailer(SmtpSettings.from_env(os.environ), per_minute=args.rate,
                    backoff=args.retry_delay)
    journal_file = outbox.journal_path(path, args.week)
    with Journal(journal_file) as journal, Progress(console=console, transient=True) as bar:
        task = bar.add_task("sending", total=len(subscribers))
        try:
            summary = send_all(args.week, editions, subscribers, suppression, journal, mailer,
                               tokens, config, lambda n: bar.advance(task, n))
        finally:
            mailer.close()
    for line in summary.lines():
        console.print(line)
    if problems:
        console.print(f"{len(problems)} rows of the subscriber file were skipped (see above)")
    return 0 if summary.balanced() and not summary.deferred else 1


def unsubscribe_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    tokens = Tokens(outbox.secret())
    path = outbox.subscribers_path(args.subscribers)
    subscribers, _ = load(path, site.codes)
    if not any(tokens.token(s.email) == args.token for s in subscribers):
        raise NewsletterError("unsubscribe: no subscriber has that token (already removed "
                              "from the list, or a token from another secret)")
    suppression = Suppression(outbox.suppression_path(site), tokens)
    added = suppression.add_token(args.token)
    console.print(f"unsubscribed; commit {suppression.path.relative_to(site.root)}" if added
                  else "already unsubscribed")
    return 0
