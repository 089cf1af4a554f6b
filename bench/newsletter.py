"""The newsletter benchmark: fetch -> freeze against a naive sequential fetcher, then rendering.

A local HTTP server serves generated feeds, some of which never answer. In a temporary copy of
the site, Lumbung's ``build_issue`` fetches, parses, cleans, selects and freezes the week's issue;
in the same run the baseline fetches the same URLs one after the other with ``feedparser.parse``
(with a socket timeout equal to the per-feed deadline, or it would wait for ever). Then every
edition of the frozen issue is rendered and its encoded size taken.
"""

from __future__ import annotations

import socket
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import feedparser

from bench import configs, feedgen, tables
from bench.feedcpu import METHOD_CPU, CpuPass, children_cpu, digest_pass
from bench.feedserver import FeedServer, feed_routes
from lumbung.config import Site
from lumbung.content.vocabulary import load_topics
from lumbung.errors import ContentError, LumbungError
from lumbung.newsletter import issuefile
from lumbung.newsletter.build import build_issue
from lumbung.newsletter.dates import NEWSLETTER_TZ
from lumbung.newsletter.fetch import Limits
from lumbung.newsletter.message import encoded_size
from lumbung.newsletter.model import FeedStatus, Fetched, Issue
from lumbung.newsletter.render import BUDGET, render_edition

SLACK = 5.0  # seconds over the per-feed deadline the whole fetch -> freeze may take
RENDER_TARGET = 2.0  # seconds for every edition together
PACKAGES = ("httpx", "feedparser", "nh3", "mjml-python", "css-inline")
METHOD = """\
How each number is measured:

- feeds: generated RSS 2.0 and Atom feeds (titles and HTML summaries in the partners'
  languages, every entry dated in the benchmark's week), served by a local threaded HTTP server
  (gzip when asked); the hanging feeds accept the connection, read the request and never answer.
- Lumbung: wall time of `build_issue` (fetch with bounded concurrency and a per-feed deadline,
  then parse, clean, select, read the site's own resources, freeze the issue file) in a temporary
  copy of mkdocs.yml, docs/ and newsletters/ (without the machine-local state/); its fetch phase
  is the time from the first request to the last feed's result.
- baseline: `feedparser.parse(url)` for each feed in turn, `socket.setdefaulttimeout(deadline)`
  so a silent server ends in a timeout (feedparser lets that exception through, so the loop
  catches it). It only fetches and parses; it does not clean, select or freeze anything.
- editions: `render_edition` for every site language (MJML, CSS inlining, and as many renders as
  the size budget needs to drop the lowest-priority items); encoded size: `encoded_size`, the
  whole MIME message with headers, against the budget of 90 kB.
""" + METHOD_CPU


@dataclass(frozen=True)
class Options:
    repo: Path
    feeds: int = 100
    hanging: int = 10
    deadline: float = 10.0  # seconds per feed, Lumbung's and the baseline's
    seed: int = 1
    hostile: bool = True  # one answering feed is a few MB of nested <div> (feedgen)


@dataclass(frozen=True)
class Lumbung:
    seconds: float  # build_issue, whole
    fetch_seconds: float  # first request to last result
    statuses: dict[str, int]  # feed health status -> feeds
    entries: int
    slowest: float  # seconds of the slowest feed that answered
    issue: Issue
    workers_cpu: float  # processor time of the feed workers (and their start), all feeds


@dataclass(frozen=True)
class Naive:
    seconds: float
    answered: int
    failed: int
    entries: int
    cpu: tuple[float, ...] = ()  # thread time of each feedparser.parse(url), in order


@dataclass(frozen=True)
class EditionStats:
    lang: str
    seconds: float
    size: int
    kept: int
    dropped: int


class _Clock:
    """A build listener that times the fetch phase."""

    def __init__(self) -> None:
        self.start = self.end = 0.0

    def started(self, total: int) -> None:
        self.start = time.perf_counter()

    def fetched(self, result: Fetched) -> None:
        pass

    def finished(self) -> None:
        self.end = time.perf_counter()


def week_and_now(today: datetime | None = None) -> tuple[str, datetime]:
    """The last complete ISO week, and a moment just before it ends (the issue's "now")."""
    day = (today or datetime.now(UTC)).astimezone(NEWSLETTER_TZ).date() - timedelta(days=7)
    week = issuefile.week_of(day)
    sunday = issuefile.week_bounds(week)[1]
    return week, datetime.combine(sunday, clock(23, 0), NEWSLETTER_TZ).astimezone(UTC)


def topic_ids(site: Site) -> tuple[str, ...]:
    try:
        return tuple(load_topics(site.docs_dir, site.codes).topics)
    except ContentError as exc:
        raise LumbungError(f"docs/topics.yml: {exc.problems[0]}") from None


def run_lumbung(site: Site, week: str, now: datetime, deadline: float) -> Lumbung:
    limits = Limits(deadline=deadline, read=min(Limits.read, deadline),
                    connect=min(Limits.connect, deadline))
    listener = _Clock()
    start = time.perf_counter()
    with children_cpu() as workers:
        outcome = build_issue(site, week, refresh=True, limits=limits, now=now,
                              listener=listener)
    seconds = time.perf_counter() - start
    health = [h for h in outcome.issue.health if h.partner != site.site_name]
    statuses = Counter(str(h.status) for h in health)
    slowest = max((h.seconds for h in health if h.status == "ok"), default=0.0)
    return Lumbung(seconds, listener.end - listener.start, dict(statuses),
                   sum(h.items for h in health), slowest, outcome.issue, workers())


def run_naive(urls: list[str], timeout: float) -> Naive:
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)
    answered = failed = entries = 0
    cpu = []
    start = time.perf_counter()
    try:
        for url in urls:
            began = time.thread_time()  # this thread only: not the feed server's
            try:
                result = feedparser.parse(url)
            except Exception:  # a socket timeout escapes feedparser; a naive tool catches it
                failed += 1
                continue
            finally:
                cpu.append(time.thread_time() - began)
            if result.get("entries"):
                answered += 1
                entries += len(result["entries"])
            else:
                failed += 1
    finally:
        socket.setdefaulttimeout(previous)
    return Naive(time.perf_counter() - start, answered, failed, entries, tuple(cpu))


def render_all(issue: Issue, site: Site) -> tuple[EditionStats, ...]:
    stats = []
    for lang in site.codes:
        start = time.perf_counter()
        edition = render_edition(issue, lang, site)
        seconds = time.perf_counter() - start
        stats.append(EditionStats(lang, seconds, encoded_size(edition), len(edition.items),
                                  edition.dropped))
    return tuple(stats)


def _check(options: Options) -> None:
    if options.feeds < 1:
        raise LumbungError(f"--feeds must be at least 1, got {options.feeds}")
    if not 0 <= options.hanging <= options.feeds:
        raise LumbungError(f"--hanging must be between 0 and --feeds ({options.feeds}), "
                           f"got {options.hanging}")
    if not options.deadline > 0:
        raise LumbungError(f"--deadline must be more than 0 seconds, got {options.deadline:g}")


def run_newsletter(options: Options, progress: Callable[[str], None] = lambda line: None
                   ) -> tables.Report:
    _check(options)
    started = time.perf_counter()
    week, now = week_and_now()
    repo_site = configs.repo_site(options.repo)
    monday = issuefile.week_bounds(week)[0]
    silent = {k * options.feeds // options.hanging for k in range(options.hanging)}
    answering = [i for i in range(options.feeds) if i not in silent]
    hostile = answering[-1] if options.hostile and answering else None
    feeds = feedgen.make_feeds(options.feeds, repo_site.codes, topic_ids(repo_site), monday,
                               options.seed, hostile)
    hanging = {feeds[i].path for i in silent}
    progress(f"{len(feeds)} feeds generated ({sum(f.entries for f in feeds)} entries in "
             f"{week}), {len(hanging)} never answer"
             + ("" if hostile is None else f", 1 is {len(feeds[hostile].body) / 1e6:.1f} MB "
                "of nested <div>"))
    with tempfile.TemporaryDirectory(prefix="bench-newsletter-") as tmp, \
            FeedServer(feed_routes({f.path: (f.content_type, f.body) for f in feeds},
                                   hanging)) as server:
        site = feedgen.site_copy(options.repo, Path(tmp) / "site")
        urls = {f.slug: server.url(f.path) for f in feeds}
        (site.root / "newsletters" / "feeds.yml").write_text(feedgen.feeds_yaml(feeds, urls),
                                                             encoding="utf-8")
        ours = run_lumbung(site, week, now, options.deadline)
        progress(f"Lumbung: fetch -> freeze in {ours.seconds:.1f} s "
                 f"({', '.join(f'{n} {s}' for s, n in sorted(ours.statuses.items()))})")
        theirs = run_naive([urls[f.slug] for f in feeds], options.deadline)
        progress(f"baseline: sequential feedparser in {theirs.seconds:.1f} s "
                 f"({theirs.answered} answered, {theirs.failed} failed)")
        cpu = digest_pass([f for f in feeds if f.path not in hanging], urls, site.codes,
                          Limits().digest)
        worst = cpu.worst()
        if worst is not None:
            progress(f"feed processing again, for processor time: worst feed {worst.name}, "
                     f"{cpu.value(worst):.2f} s ({worst.status})")
        editions = render_all(ours.issue, site)
        progress(f"rendered {len(editions)} editions in "
                 f"{sum(e.seconds for e in editions):.2f} s")
    context = (week, feeds, None if hostile is None else feeds[hostile], cpu)
    return _report(options, context, ours, theirs, editions, time.perf_counter() - started)


def _report(options: Options, context: tuple[str, tuple[feedgen.Feed, ...],
                                               feedgen.Feed | None, CpuPass],
            ours: Lumbung, theirs: Naive, editions: tuple[EditionStats, ...], seconds: float
            ) -> tables.Report:
    from bench.feedcpu import cpu_section

    week, feeds, hostile, cpu = context
    row, verdict = tables.row, tables.verdict
    limit = options.deadline + SLACK
    answering = options.feeds - options.hanging
    ok, timeouts = ours.statuses.get("ok", 0), ours.statuses.get("timeout", 0)
    cut = ours.statuses.get(str(FeedStatus.TOO_COMPLEX), 0)
    section, cpu_verdicts, cpu_problems = cpu_section(feeds, hostile, cpu, ours.issue.health,
                                                      theirs.cpu, ours.workers_cpu)
    fetch = (
        row("fetch -> freeze, wall time", "s", ours.seconds, theirs.seconds,
            f"<= {limit:g} s (deadline + {SLACK:g} s): {verdict(ours.seconds <= limit)}"),
        row("fetch phase only", "s", ours.fetch_seconds, None),
        row("slowest feed that answered", "s", ours.slowest, None),
        row("feeds answered", "n", ok + cut, theirs.answered, f"{answering}"),
        row("feeds given up (no answer)", "n", timeouts, theirs.failed, f"{options.hanging}"),
        row("entries read", "n", ours.entries, theirs.entries),
        row("items frozen in the issue", "n", len(ours.issue.items), None),
    )
    total = sum(e.seconds for e in editions)
    largest = max(e.size for e in editions)
    edition_rows = tuple(
        (e.lang, tables.fmt(1000 * e.seconds, "ms"), tables.fmt(e.size, "B"),
         f"{100 * e.size / BUDGET:.0f}%", str(e.kept), str(e.dropped)) for e in editions)
    edition_rows += ((f"all {len(editions)} editions", tables.fmt(total, "s"),
                      f"max {tables.fmt(largest, 'B')}", f"{100 * largest / BUDGET:.0f}%",
                      str(sum(e.kept for e in editions)),
                      str(sum(e.dropped for e in editions))),)
    kinds = Counter(f.kind for f in feeds)
    summary = (f"{options.feeds} generated feeds ({kinds['rss']} RSS 2.0, {kinds['atom']} Atom; "
               f"{sum(f.entries for f in feeds)} entries dated in {week}), {options.hanging} of "
               f"which never answer{'' if hostile is None else ', 1 hostile'}; per-feed "
               f"deadline {options.deadline:g} s; seed "
               f"{options.seed}; whole run {seconds:.0f} s. Lumbung and the baseline fetched "
               "the same feeds from the same local server in the same run.")
    verdicts = (
        f"fetch -> freeze: {ours.seconds:.2f} s <= {limit:g} s (deadline + {SLACK:g} s): "
        f"{verdict(ours.seconds <= limit)}",
        f"render all {len(editions)} editions: {total:.2f} s <= {RENDER_TARGET:g} s: "
        f"{verdict(total <= RENDER_TARGET)}",
        f"every edition <= {tables.fmt(BUDGET, 'B')} encoded: largest "
        f"{tables.fmt(largest, 'B')}: {verdict(largest <= BUDGET)}",
        *cpu_verdicts,
    )
    problems = cpu_problems
    if (ok + cut, timeouts) != (answering, options.hanging):
        problems += (f"Lumbung: expected {answering} feeds answered and {options.hanging} "
                     f"given up, got {ok + cut} and {timeouts} ({ours.statuses})",)
    notes = ("Lumbung/baseline below 1 means Lumbung took less time. The baseline only "
             "fetches and parses; Lumbung's time also covers cleaning, selection, the site's own "
             "resources and writing the issue.",)
    return tables.Report(
        "Lumbung newsletter benchmark", summary, tables.machine(PACKAGES), METHOD,
        (tables.Section("Fetch -> freeze", tables.COMPARISON, fetch, notes), section,
         tables.Section("Editions", ("edition", "render time", "encoded size", "of budget",
                                     "items kept", "items dropped"), edition_rows)),
        verdicts, problems)
