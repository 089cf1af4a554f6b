"""The weekly newsletter, from partners' feeds to a frozen issue.

    python scripts/newsletter.py build [--week 2026-W47] [--feeds FILE] [--offline] [--refresh]
    python scripts/newsletter.py preview --week 2026-W47 --out FOLDER
    python scripts/newsletter.py send --week 2026-W47 [--db PATH | --subscribers CSV]
                                      [--test-to ADDR] [--send]
    python scripts/newsletter.py send --approved --db PATH [--send]
    python scripts/newsletter.py unsubscribe TOKEN
    python scripts/newsletter.py serve | subscribers | expire | mailbox ...  (newsletter_lists.py)

Every path is taken from the site's mkdocs.yml (the repository's, or --config), never from the
current directory. Each sub-command is one function that adds its parser and sets ``handler``,
called as ``handler(args, site, console)`` and returning the exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _venv

_venv.ensure()  # run as written: python3 scripts/...; re-runs under .venv if needed

import newsletter_lists  # noqa: E402
import newsletter_send  # noqa: E402
from newsletter_cli import FetchProgress, health_table  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.text import Text  # noqa: E402

from lumbung.config import Site, load_site  # noqa: E402
from lumbung.errors import LumbungError  # noqa: E402
from lumbung.newsletter import issuefile, outbox  # noqa: E402
from lumbung.newsletter.build import build_issue, default_week  # noqa: E402
from lumbung.newsletter.fetch import Limits  # noqa: E402
from lumbung.newsletter.model import FeedStatus, ItemKind  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
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
    """preview, send (newsletter_send.py) and unsubscribe: what is done with a frozen issue."""
    preview = sub.add_parser("preview", help="render every edition of a frozen issue")
    preview.add_argument("--week", required=True, help="ISO week, e.g. 2026-W47")
    preview.add_argument("--out", type=Path, required=True, help="folder for .html/.txt/.eml")
    preview.set_defaults(handler=preview_command)
    newsletter_send.add_send(sub)

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
    newsletter_lists.add_arguments,  # serve, subscribers, mailbox (scripts/newsletter_lists.py)
]


def command_line() -> argparse.ArgumentParser:
    """Every command and option (deploy/'s units and scripts call them: tests check them)."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = command_line().parse_args(argv)
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
