"""Collect a week's issue: fetch, parse, clean, select, freeze. The stages meet here only.

Every path comes from the site's configuration (mkdocs.yml's folder), never the working directory.
One partner's failure, whatever it is, is reported in its health line and stops nothing else.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from lumbung.config import Site
from lumbung.content.library import build_library
from lumbung.content.vocabulary import load_topics
from lumbung.errors import ContentError
from lumbung.newsletter import issuefile
from lumbung.newsletter.dates import NEWSLETTER_TZ, effective
from lumbung.newsletter.digest import Digested, digest_all
from lumbung.newsletter.feeds import is_local, load_partners
from lumbung.newsletter.fetch import Limits, fetch_feeds
from lumbung.newsletter.intro import default_intros
from lumbung.newsletter.model import (
    FeedStatus,
    Fetched,
    Health,
    Issue,
    Item,
    NewsletterError,
    Partner,
)
from lumbung.newsletter.parse import Parsed
from lumbung.newsletter.select import PER_PARTNER, Selection, select_news, site_items
from lumbung.newsletter.state import State
from lumbung.site import clock


class Listener(Protocol):
    def started(self, total: int) -> None: ...
    def fetched(self, result: Fetched) -> None: ...
    def finished(self) -> None: ...


class Quiet:
    """A listener that shows nothing (library use, tests)."""

    def started(self, total: int) -> None:
        pass

    def fetched(self, result: Fetched) -> None:
        pass

    def finished(self) -> None:
        pass


@dataclass(frozen=True)
class Paths:
    feeds: Path
    issues: Path
    state: Path

    @classmethod
    def of(cls, site: Site, feeds: Path | None = None) -> Paths:
        base = site.root / "newsletters"
        return cls(feeds=feeds or base / "feeds.yml", issues=base / "issues",
                   state=base / "state")


@dataclass(frozen=True)
class Outcome:
    path: Path
    issue: Issue
    built: bool  # False: the week was already frozen and nothing changed


@dataclass
class _Feed:
    """One partner's way through the stages, for its health line."""

    partner: Partner
    fetched: Fetched
    parsed: Parsed | None = None
    items: list[Item] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)


def default_week(now: datetime | None = None) -> str:
    """The ISO week of ``now`` in the newsletter's zone; without ``now``, of today there
    (:func:`lumbung.site.clock.today`: LUMBUNG_TODAY=YYYY-MM-DD or SOURCE_DATE_EPOCH override)."""
    if now is None:
        return issuefile.week_of(clock.today(NEWSLETTER_TZ))
    return issuefile.week_of(now.astimezone(NEWSLETTER_TZ).date())


def _partners(site: Site, path: Path) -> tuple[Partner, ...]:
    try:
        vocabulary = load_topics(site.docs_dir, site.codes)
    except ContentError as exc:
        raise NewsletterError(str(exc)) from None
    try:
        shown = str(path.relative_to(site.root))
    except ValueError:
        shown = str(path)
    return load_partners(path, site.codes, vocabulary, shown)


def _prepare(feed: _Feed, state: State, offline: bool) -> tuple[Fetched, bytes | None] | None:
    """What to read for this feed (the cached copy after a 304); None when there is none."""
    fetched, partner = feed.fetched, feed.partner
    body = None
    if fetched.status == FeedStatus.NOT_MODIFIED:
        body = state.cached(partner.url)
        if body is None:
            detail = "no copy from an earlier run" if offline else "no cached copy to read"
            feed.parsed = Parsed(partner, FeedStatus.ERROR if offline else FeedStatus.NOT_MODIFIED,
                                 detail="; ".join(d for d in (fetched.detail, detail) if d))
            return None
        if offline:
            fetched = Fetched(partner, FeedStatus.NOT_MODIFIED, detail="not fetched "
                              "(--offline); the copy from "
                              f"{state.fetched_at(partner.url)[:16] or 'before'}")
    return fetched, body


def _read(feed: _Feed, digested: Digested, state: State, now: datetime) -> None:
    fetched, partner = feed.fetched, feed.partner
    feed.parsed = digested.parsed
    if feed.parsed.status == FeedStatus.OK and fetched.status == FeedStatus.OK and \
            not is_local(partner.url):
        state.remember(partner.url, fetched.body, fetched.etag, fetched.last_modified, now)
    for entry, cleaned in zip(feed.parsed.entries, digested.cleaned, strict=True):
        published = entry.published
        if published is None or published > now:
            published = effective(published, state.first_seen(partner.url, entry.guid, now), now)
        if cleaned.note:
            feed.notes[cleaned.note] += 1
        if cleaned.item is not None:
            feed.items.append(replace(cleaned.item, published=published))


def _health(feed: _Feed, selection: Selection, per_partner: int) -> Health:
    parsed = feed.parsed or Parsed(feed.partner, feed.fetched.status, detail=feed.fetched.detail)
    name = feed.partner.name
    notes = [parsed.detail] if parsed.detail else []
    notes += [f"{count} {note}" for note, count in sorted(feed.notes.items())]
    if parsed.entries:
        notes.append(f"{selection.in_week[name]} this week")
    if selection.duplicates[name]:
        notes.append(f"{selection.duplicates[name]} already in another partner's feed")
    if selection.over_cap[name]:
        notes.append(f"{selection.over_cap[name]} over the cap of {per_partner} left out")
    return Health(partner=name, status=parsed.status, items=len(parsed.entries),
                  detail="; ".join(notes), seconds=feed.fetched.seconds)


def build_issue(site: Site, week: str, *, feeds: Path | None = None, offline: bool = False,
                refresh: bool = False, limits: Limits | None = None,
                now: datetime | None = None, listener: Listener | None = None,
                per_partner: int = PER_PARTNER) -> Outcome:
    """Collect and freeze ``week``'s issue, unless it is frozen already and not ``refresh``."""
    monday, sunday = issuefile.week_bounds(week)
    paths = Paths.of(site, feeds)
    target = issuefile.issue_path(paths.issues, week)
    previous = issuefile.load(target) if target.exists() else None
    if previous is not None and not refresh:
        return Outcome(target, previous, built=False)
    now = now or datetime.now(UTC)
    listener = listener or Quiet()
    partners = _partners(site, paths.feeds)
    state = State(paths.state)
    sent = {p.url: state.validators(p.url) for p in partners if not is_local(p.url)}
    listener.started(len(partners))
    try:
        results = fetch_feeds(partners, sent, limits=limits or Limits(),
                              feeds_dir=paths.feeds.parent, site_url=site.site_url,
                              offline=offline, done=listener.fetched)
    finally:
        listener.finished()
    fed = [_Feed(f.partner, f) for f in results]
    prepared = [(feed, _prepare(feed, state, offline)) for feed in fed]
    todo = [(feed, job) for feed, job in prepared if job is not None]
    digested = digest_all([job for _, job in todo], site.codes, (limits or Limits()).digest)
    for (feed, _), result in zip(todo, digested, strict=True):
        try:
            _read(feed, result, state, now)
        except Exception as exc:  # a bug or a surprise in one feed must not stop the others
            feed.parsed = Parsed(feed.partner, FeedStatus.ERROR,
                                 detail=f"{type(exc).__name__}: {exc}")
            feed.items.clear()
    selection = select_news([i for f in fed for i in f.items], monday, per_partner)
    health = [_health(feed, selection, per_partner) for feed in fed]
    try:
        library = build_library(site.docs_dir, site.codes, site.default)
        own = site_items(library, monday, sunday, site)
    except ContentError as exc:
        own = []
        count = len(exc.problems)
        plural = "s" if count != 1 else ""
        health.append(Health(partner=site.site_name, status=FeedStatus.ERROR,
                             detail=f"own resources and webinars left out: {count} content "
                             f"problem{plural} (mkdocs build lists them; first: "
                             f"{exc.problems[0]})"))
    intro = default_intros(site.codes)
    if previous is not None:  # keep what editors wrote
        intro.update({k: v for k, v in previous.intro.items() if k in intro})
    issue = Issue(week=week, start=monday, end=sunday, items=tuple(own + selection.items),
                  intro=intro, health=tuple(health), generated=now)
    path = issuefile.save(issue, paths.issues)
    state.save(now)
    return Outcome(path, issue, built=True)

