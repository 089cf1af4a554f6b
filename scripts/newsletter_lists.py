"""The mailing list's staff commands (sub-commands of scripts/newsletter.py).

    subscribers import CSV --consent "how these people agreed"   email,language[,name] rows
    subscribers export [--out FILE]     the one command that prints addresses, on purpose
    subscribers stats                   counts by language and status
    subscribers backup PATH             a consistent copy, even while the list is in use
    subscribers expire                  forget sign-ups not confirmed within 7 days
    mailbox (--maildir DIR | --imap URL)   bounces, complaints and unsubscribe requests
    serve [--host 127.0.0.1] [--port 8025] the sign-up and unsubscribe web service

Every command takes --db (or the LUMBUNG_DB environment variable): a file, sqlite:///path or
a postgresql:// URL. Each handler is called as ``handler(args, site, console)``.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from urllib.parse import quote, urlsplit, urlunsplit

from rich.console import Console
from rich.table import Table

from lumbung.config import Site
from lumbung.subscribers.db import StoreError
from lumbung.subscribers.mailbox import read_imap, read_maildir
from lumbung.subscribers.statuses import Status
from lumbung.subscribers.store import Store

EXPORT_FIELDS = ("email", "language", "status", "consent", "consent_text", "requested_at",
                 "confirmed_at")
SHOWN_ROWS = 40  # row numbers listed per kind of problem before "and N more"


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="the subscriber store: a file, sqlite:///path or "
                        "postgresql://... (default: the LUMBUNG_DB environment variable)")


def add_arguments(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="run the sign-up, confirmation and unsubscribe web "
                           "service (behind a TLS proxy)")
    _db_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on "
                       "(default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8025, help="port (default 8025)")
    serve.set_defaults(handler=serve_command)

    subscribers = sub.add_parser("subscribers", help="import, export, count or back up the "
                                 "subscriber list")
    actions = subscribers.add_subparsers(dest="action", required=True, metavar="ACTION")
    imported = actions.add_parser("import", help="add people from an earlier list as active "
                                  "subscribers")
    imported.add_argument("csv", type=Path, help="a CSV file with a header row email,language"
                          "[,name]")
    imported.add_argument("--consent", required=True, help="how these people agreed to receive "
                          "the newsletter, in a sentence (kept with each of them)")
    _db_option(imported)
    imported.set_defaults(handler=import_command)
    export = actions.add_parser("export", help="write everyone, with status and consent, as "
                                "CSV (this prints addresses)")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    _db_option(export)
    export.set_defaults(handler=export_command)
    stats = actions.add_parser("stats", help="how many subscribers, by language and status")
    _db_option(stats)
    stats.set_defaults(handler=stats_command)
    backup = actions.add_parser("backup", help="copy the store to a file, safely while in use")
    backup.add_argument("path", type=Path, help="the backup file to write")
    _db_option(backup)
    backup.set_defaults(handler=backup_command)
    expire = actions.add_parser("expire", help="forget sign-ups never confirmed")
    expire.add_argument("--days", type=int, default=7, help="after this many days (default 7)")
    _db_option(expire)
    expire.set_defaults(handler=expire_command)

    mailbox = sub.add_parser("mailbox", help="act on bounces, complaints and unsubscribe "
                             "requests in the list's mailbox")
    source = mailbox.add_mutually_exclusive_group(required=True)
    source.add_argument("--maildir", type=Path, help="a Maildir folder on this machine")
    source.add_argument("--imap", metavar="URL", help="imaps://user@host/INBOX; the password "
                        "from LUMBUNG_IMAP_PASSWORD (or in the URL)")
    _db_option(mailbox)
    mailbox.set_defaults(handler=mailbox_command)


def _target(args: argparse.Namespace) -> str:
    target = getattr(args, "db", None) or os.environ.get("LUMBUNG_DB", "")
    if not target:
        raise StoreError("say where the subscriber store is: --db PATH, or set LUMBUNG_DB")
    return str(target)


def _say(console: Console, text: str, style: str | None = None) -> None:
    console.print(text, style=style, markup=False, highlight=False)


def _rows(numbers: tuple[int, ...]) -> str:
    shown = ", ".join(str(n) for n in numbers[:SHOWN_ROWS])
    more = len(numbers) - SHOWN_ROWS
    return shown + (f" and {more} more" if more > 0 else "")


def _csv_rows(path: Path) -> Iterator[tuple[str, str]]:
    """(email, language) per data row, numbered from 1 by position; a short row gives ''."""
    try:
        handle = path.open(encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        raise StoreError(f"import: cannot read {path} ({exc.strerror})") from None
    with handle:
        reader = csv.reader(handle)
        header = [f.strip().lower() for f in next(reader, [])]
        if "email" not in header or "language" not in header:
            raise StoreError(f"import: {path} needs a header row with email,language[,name]")
        email, language = header.index("email"), header.index("language")
        try:
            for row in reader:
                yield (row[email] if email < len(row) else "",
                       row[language] if language < len(row) else "")
        except csv.Error as exc:
            raise StoreError(f"import: {path} stops being readable CSV after row "
                             f"{reader.line_num - 1} ({type(exc).__name__}); rows before it "
                             "were imported") from None


def import_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    with Store.open(_target(args)) as store:
        report = store.import_rows(_csv_rows(args.csv), consent_text=args.consent,
                                   now=datetime.now(UTC), languages=site.codes)
    _say(console, f"added {report.added} subscribers (active; consent: import, "
         f"\"{args.consent.strip()}\")")
    if report.existing:
        _say(console, f"already on the list, left as they are: rows {_rows(report.existing)}")
    if report.duplicates:
        _say(console, f"same address as an earlier row, skipped: rows "
             f"{_rows(report.duplicates)}")
    for problem in report.problems[:SHOWN_ROWS]:
        _say(console, str(problem), "yellow")
    if len(report.problems) > SHOWN_ROWS:
        _say(console, f"... and {len(report.problems) - SHOWN_ROWS} more rows with problems",
             "yellow")
    return 0


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def export_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    if args.out and _inside(args.out, site.root):
        raise StoreError(f"export: {args.out} is inside the site's repository; addresses must "
                         "never go there: write the file somewhere else")
    with Store.open(_target(args)) as store:
        handle: TextIO
        if args.out:
            descriptor = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            handle = os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        else:
            handle = sys.stdout
        writer = csv.writer(handle)
        writer.writerow(EXPORT_FIELDS)
        count = 0
        for s in store.export():
            writer.writerow((s.address, s.language, s.status, s.consent, s.consent_text,
                             s.requested_at.isoformat(),
                             s.confirmed_at.isoformat() if s.confirmed_at else ""))
            count += 1
        if args.out:
            handle.close()
        else:
            handle.flush()
    where = str(args.out) if args.out else "standard output"
    print(f"exported {count} subscribers to {where}. This output holds email addresses, on "
          "purpose: keep it private, out of the repository, and delete it when done.",
          file=sys.stderr)
    return 0


def stats_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    with Store.open(_target(args)) as store:
        counts = store.stats()
    languages = [c for c in site.codes if any(k[0] == c for k in counts)]
    languages += sorted({k[0] for k in counts} - set(languages))  # codes no longer in the site
    table = Table(title="Subscribers by language and status")
    table.add_column("language")
    for status in Status:
        table.add_column(status.value, justify="right")
    table.add_column("total", justify="right")
    for language in languages:
        row = [counts.get((language, status), 0) for status in Status]
        table.add_row(language, *map(str, row), str(sum(row)))
    totals = [sum(n for (_, s), n in counts.items() if s is status) for status in Status]
    table.add_row("all", *map(str, totals), str(sum(totals)), style="bold")
    console.print(table)
    return 0


def backup_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    with Store.open(_target(args)) as store:
        store.backup(args.path)
        total = sum(store.stats().values())
    _say(console, f"backed up {total} subscribers to {args.path}")
    return 0


def expire_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    with Store.open(_target(args)) as store:
        gone = store.expire_pending(datetime.now(UTC), days=args.days)
    _say(console, f"forgot {gone} sign-ups not confirmed within {args.days} days")
    return 0


def _imap_url(url: str) -> str:
    parts = urlsplit(url)
    password = os.environ.get("LUMBUNG_IMAP_PASSWORD", "")
    if parts.password is not None or not password or not parts.username:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:{quote(password, safe='')}@{host}" + \
        (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def mailbox_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    now = datetime.now(UTC)
    with Store.open(_target(args)) as store:
        if args.maildir:
            tally = read_maildir(store, args.maildir, now)
        else:
            tally = read_imap(store, _imap_url(args.imap), now)
    for line in tally.lines():
        _say(console, line)
    return 0


def serve_command(args: argparse.Namespace, site: Site, console: Console) -> int:
    from lumbung.listservice.app import serve  # the web service's dependencies load only here

    serve(_target(args), site, args.host, args.port, os.environ)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run these commands on their own (scripts/newsletter.py lists them too)."""
    from lumbung.config import load_site
    from lumbung.errors import LumbungError

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path,
                        default=Path(__file__).resolve().parent.parent / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_arguments(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args, load_site(args.config), Console()))
    except LumbungError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
