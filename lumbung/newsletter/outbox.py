"""What the preview, send and unsubscribe commands do, as plain functions returning plain
results: scripts/newsletter.py only parses arguments and prints what these return."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lumbung.config import Site, list_url
from lumbung.newsletter import fromstore, issuefile
from lumbung.newsletter.deliver import Delivery, Mailer, SmtpSettings
from lumbung.newsletter.journal import Journal
from lumbung.newsletter.message import build
from lumbung.newsletter.model import Issue, NewsletterError
from lumbung.newsletter.render import Edition, render_edition
from lumbung.newsletter.sending import SendConfig, Summary, deliver_all, headers, send_all
from lumbung.newsletter.subscribers import RowProblem, Subscriber, Suppression, load
from lumbung.newsletter.tokens import Tokens
from lumbung.subscribers.store import Store

PREVIEW_TO = "Subscriber <subscriber@example.invalid>"
TEST_TOKEN = "test-send-not-a-subscriber"
SETTINGS = "mkdocs.yml: extra: newsletter"


def send_config(site: Site) -> SendConfig:
    """The sender, List-Id and unsubscribe addresses, from mkdocs.yml's ``extra: newsletter:``."""
    raw = site.extra.get("newsletter") or {}
    if not isinstance(raw, dict):
        raise NewsletterError(f"{SETTINGS}: expected sender, list_id and unsubscribe_mailto")
    missing = [k for k in ("sender", "list_id", "unsubscribe_mailto") if not raw.get(k)]
    if missing:
        raise NewsletterError(f"{SETTINGS}: {', '.join(missing)} missing")
    url = str(raw.get("unsubscribe_url") or "")
    if url and not url.startswith("https://"):
        raise NewsletterError(f"{SETTINGS}: unsubscribe_url: expected an https:// address, got "
                              f"'{url}'")
    mailto = str(raw["unsubscribe_mailto"]).strip()
    if not mailto.isascii() or "@" not in mailto or any(c in mailto for c in " <>,?"):
        raise NewsletterError(f"{SETTINGS}: unsubscribe_mailto: expected a plain ASCII "
                              "address like unsubscribe@example.org")
    service = list_url(site, required=False)
    if not service.isascii():  # it goes into a header that is never encoded
        raise NewsletterError(f"{SETTINGS}: list_url: expected an ASCII address (an "
                              f"international domain in its xn-- form), got '{service}'")
    return SendConfig(str(raw["sender"]), str(raw["list_id"]), mailto, url, service)


def load_issue(site: Site, week: str) -> Issue:
    return issuefile.load(issuefile.issue_path(site.issues_dir, week))


def shown(path: Path, site: Site) -> str:
    try:
        return str(path.relative_to(site.root))
    except ValueError:
        return str(path)


def approved_issue(site: Site, week: str) -> Issue:
    """The issue, if it may be sent: approved by an editor, and not an empty week."""
    path = issuefile.issue_path(site.issues_dir, week)
    issue = issuefile.load(path)
    refusal = issuefile.not_approved(issue, path, shown(path, site))
    if refusal:
        raise NewsletterError(refusal)
    if issuefile.nothing_to_send(issue, site.codes):
        raise NewsletterError(f"{shown(path, site)}: {week} has no items, so it is not sent; "
                              "to send it anyway, an editor writes an intro for it")
    return issue


def render_all(issue: Issue, site: Site) -> dict[str, Edition]:
    return {lang: render_edition(issue, lang, site) for lang in site.codes}


def write_preview(editions: Mapping[str, Edition], out: Path, sender: str) -> list[Path]:
    """HTML, text and .eml of every edition into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lang, edition in editions.items():
        stem = out / f"{edition.week}.{lang}"
        for suffix, data in ((".html", edition.html), (".txt", edition.text)):
            path = stem.with_suffix(stem.suffix + suffix)
            path.write_text(data, encoding="utf-8")
            written.append(path)
        eml = stem.with_suffix(stem.suffix + ".eml")
        eml.write_bytes(build(edition, sender, PREVIEW_TO).as_bytes())
        written.append(eml)
    return written


def subscribers_path(flag: str | None, env: Mapping[str, str] = os.environ) -> Path:
    value = flag or env.get("LUMBUNG_SUBSCRIBERS", "")
    if not value:
        raise NewsletterError("subscribers: give --subscribers PATH or set LUMBUNG_SUBSCRIBERS "
                              "(a CSV outside the repository)")
    return Path(value).expanduser()


def secret(env: Mapping[str, str] = os.environ) -> str:
    value = env.get("LUMBUNG_NEWSLETTER_SECRET", "")
    if not value:
        raise NewsletterError("LUMBUNG_NEWSLETTER_SECRET: not set; it keys unsubscribe tokens "
                              "and the send journal")
    return value


def suppression_path(site: Site) -> Path:
    """Unsubscribed readers, as keyed hashes (no addresses): safe to commit with the site."""
    return site.root / "newsletters" / "suppressed.txt"


def journal_path(subscribers: Path, week: str) -> Path:
    """This week's send journal, next to the private subscriber file."""
    return subscribers.resolve().parent / f"send-journal-{week}.log"


def outside_repository(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    return False


@dataclass(frozen=True)
class Preview:
    editions: dict[str, Edition]
    written: tuple[Path, ...]


def preview(site: Site, week: str, out: Path) -> Preview:
    """Render every edition of a frozen issue into ``out`` (HTML, text and .eml)."""
    editions = render_all(load_issue(site, week), site)
    return Preview(editions, tuple(write_preview(editions, out, send_config(site).sender)))


def send_to_one(editions: Mapping[str, Edition], config: SendConfig, address: str,
              env: Mapping[str, str] = os.environ) -> int:
    """Each edition to one address; how many of them the server accepted. The unsubscribe
    links carry a token no subscriber has (this address may not be on the list at all)."""
    mailer = Mailer(SmtpSettings.from_env(env))
    accepted = 0
    try:
        for edition in editions.values():
            extra, unsubscribe = headers(config, edition, TEST_TOKEN)
            message = build(edition, config.sender, address, extra, unsubscribe)
            outcome = mailer.send(config.sender, address, message.as_bytes())
            accepted += outcome.status == Delivery.SENT
    finally:
        mailer.close()
    return accepted


@dataclass(frozen=True)
class Recipients:
    """The private subscriber file as read: its rows, the rows skipped, who unsubscribed."""

    path: Path
    subscribers: tuple[Subscriber, ...]
    problems: tuple[RowProblem, ...]
    tokens: Tokens
    suppression: Suppression


def recipients(site: Site, flag: str | None,
               env: Mapping[str, str] = os.environ) -> Recipients:
    path = subscribers_path(flag, env)
    if not outside_repository(path, site.root):
        raise NewsletterError("subscribers: the file is inside the repository; keep it "
                              "outside, where it cannot be committed")
    subscribers, problems = load(path, site.codes)
    tokens = Tokens(secret(env))
    return Recipients(path, tuple(subscribers), tuple(problems), tokens,
                      Suppression(suppression_path(site), tokens))


@dataclass(frozen=True)
class DryRun:
    out: Path  # where one .eml per edition was written
    active: Counter[str]  # language -> subscribers who would receive it
    unsubscribed: int


def dry_run(editions: Mapping[str, Edition], config: SendConfig, found: Recipients, week: str,
            out: Path | None = None) -> DryRun:
    """Count who would receive the issue and write one .eml per edition; send nothing."""
    out = out or found.path.resolve().parent / f"preview-{week}"
    write_preview(editions, out, config.sender)
    active = Counter(s.language for s in found.subscribers if s not in found.suppression)
    return DryRun(out, active, len(found.subscribers) - sum(active.values()))


def send_issue(week: str, editions: dict[str, Edition], config: SendConfig, found: Recipients,
               *, per_minute: float, backoff: float, env: Mapping[str, str] = os.environ,
               progress: Callable[[int], None] = lambda n: None) -> Summary:
    """Deliver to every subscriber once, journaled next to the subscriber file (resumable)."""
    mailer = Mailer(SmtpSettings.from_env(env), per_minute=per_minute, backoff=backoff)
    with Journal(journal_path(found.path, week)) as journal:
        try:
            return send_all(week, editions, found.subscribers, found.suppression, journal,
                            mailer, found.tokens, config, progress)
        finally:
            mailer.close()


def unsubscribe(site: Site, flag: str | None, token: str,
                env: Mapping[str, str] = os.environ) -> tuple[bool, Path]:
    """Suppress the subscriber behind ``token``: (False if already suppressed, the list file)."""
    tokens = Tokens(secret(env))
    subscribers, _ = load(subscribers_path(flag, env), site.codes)
    if not any(tokens.token(s.email) == token for s in subscribers):
        raise NewsletterError("unsubscribe: no subscriber has that token (already removed "
                              "from the list, or a token from another secret)")
    suppression = Suppression(suppression_path(site), tokens)
    return suppression.add_token(token), suppression.path


# The subscriber store -------------------------------------------------------------------------

def store_target(flag: str | None, env: Mapping[str, str] = os.environ) -> str:
    value = flag or env.get("LUMBUNG_DB", "")
    if not value:
        raise NewsletterError("subscriber store: give --db PATH or set LUMBUNG_DB")
    return value


def open_store(site: Site, target: str) -> Store:
    """The store at ``target``, which must exist already (a mistyped path is not a new, empty
    list) and lie outside the repository."""
    if "://" not in target or target.startswith("sqlite:///"):
        path = Path(target.removeprefix("sqlite://")).expanduser()
        if not path.is_file():
            raise NewsletterError(f"subscriber store: {path} does not exist (create it with "
                                  "'newsletter.py subscribers import', or check the path)")
        if not outside_repository(path, site.root):
            raise NewsletterError("subscriber store: the file is inside the repository; keep "
                                  "it outside, where it cannot be committed")
    return Store.open(target)


def store_dry_run(editions: Mapping[str, Edition], config: SendConfig, site: Site, target: str,
                  week: str, out: Path | None = None) -> DryRun:
    """Count the store's active subscribers per language and write one .eml per edition."""
    with open_store(site, target) as store:
        counts = fromstore.active(store)
    if out is None:
        if "://" in target and not target.startswith("sqlite:///"):
            raise NewsletterError("dry run: give --out FOLDER for the .eml files")
        where = Path(target.removeprefix("sqlite://")).expanduser().resolve()
        out = where.parent / f"preview-{week}"
    write_preview(editions, out, config.sender)
    return DryRun(out, Counter(counts), 0)


@dataclass(frozen=True)
class StoreSend:
    week: str
    summary: Summary | None  # None: nothing to do (the issue went to everyone already)
    finished: datetime | None = None  # when an earlier run went through the whole list
    took_over: str = ""  # why a stale run lock was taken over
    bounced: int = 0  # subscribers marked (soft-)bounced after a refusal


def send_from_store(site: Site, week: str, target: str, *, per_minute: float, backoff: float,
                    env: Mapping[str, str] = os.environ,
                    progress: Callable[[int], None] = lambda n: None,
                    total: Callable[[int], None] = lambda n: None,
                    clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> StoreSend:
    """Send an approved issue to the store's active subscribers, resuming an earlier run; does
    nothing once a run went through the whole list. Holds the issue's run lock meanwhile."""
    issue = approved_issue(site, week)
    config = send_config(site)
    settings = SmtpSettings.from_env(env)
    with open_store(site, target) as store:
        finished = fromstore.finished_at(store, week)
        if finished is not None:
            return StoreSend(week, None, finished)
        editions = render_all(issue, site)
        total(sum(fromstore.active(store).values()))
        mailer = Mailer(settings, per_minute=per_minute, backoff=backoff)
        with store.begin_run(week, clock()) as run:
            journal = fromstore.RunJournal(store, run, clock)
            try:
                summary = deliver_all(week, editions, journal.recipients(), journal, mailer,
                                      config, progress)
            finally:
                mailer.close()
            if summary.complete:
                run.finish(clock())
            return StoreSend(week, summary, took_over=run.took_over, bounced=journal.bounced)
