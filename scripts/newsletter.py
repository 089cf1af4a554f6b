"""The weekly newsletter, from partners' feeds to a frozen issue.

    python scripts/newsletter.py build [--week 2026-W47] [--feeds FILE] [--offline] [--refresh]
    python scripts/newsletter.py preview --week 2026-W47 --out FOLDER
    python scripts/newsletter.py send --week 2026-W47 [--subscribers CSV] [--test-to ADDR] [--send]
    python scripts/newsletter.py unsubscribe TOKEN

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

from rich.console import Console
from rich.text import Text

from lumbung.config import Site, load_site
from lumbung.errors import LumbungError
from lumbung.newsletter import commands
from lumbung.newsletter.build import build_issue, default_week
from lumbung.newsletter.fetch import Limits
from lumbung.newsletter.report import FetchProgress, health_table

ROOT = Path(__file__).resolve().parent.parent


def add_build(sub: argparse._SubParsersAction) -> None:
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
    own = sum(1 for item in issue.items if item.kind != "news")
    languages = Counter(item.language for item in issue.items)
    per_language = ", ".join(f"{lang} {languages[lang]}" for lang in site.codes
                             if languages[lang])
    console.print(Text(f"Froze {week} ({issue.start} to {issue.end}) in {where}: "
                       f"{len(issue.items)} items, {own} of them the site's own resources and "
                       f"webinars" + (f" ({per_language})" if per_language else "") + "."))
    failing = [h.partner for h in issue.health if h.status not in ("ok", "not modified")]
    if failing:
        console.print(Text(f"{len(failing)} feeds need attention: {', '.join(failing)}",
                           style="yellow"))
    return 0


# Sub-commands: each function adds its parsers and sets ``handler``; a new one joins this list.
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_build,
    commands.add_arguments,  # preview, send, unsubscribe
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
        return args.handler(args, site, console)
    except LumbungError as exc:
        print(exc, file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"{exc.filename}: no such file", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
