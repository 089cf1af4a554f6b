"""Processor time per feed, for the newsletter benchmark.

Lumbung reads and cleans each feed in a worker process under a processor-time limit
(``lumbung.newsletter.digest``); ``Digested.cpu_seconds`` is the time its worker spent on it.
The issue's health does not carry that figure, so after the build the benchmark hands the same
feed bodies to ``digest_all`` once more and reads it there; the build's own health says whether
a feed was cut off. The baseline's figure is the thread time of each ``feedparser.parse(url)``.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench import tables
from bench.feedgen import Feed
from bench.tables import NA
from lumbung.newsletter.digest import digest_all
from lumbung.newsletter.model import FeedStatus, Fetched, Health, Partner

METHOD_CPU = """\
- hostile feed: one answering feed (RSS) carries one more entry whose summary is 250,000
  `<div>` elements inside each other (about 2.75 MB).
- processor time per feed: Lumbung reads and cleans each feed in a worker process under a
  processor-time limit; the time its worker spent on a feed (`Digested.cpu_seconds`) is not in
  the issue, so after the build the same bodies go through `digest_all` once more and the
  figure is read there (a feed whose worker was stopped counts as the limit). Whether the
  hostile feed was cut off comes from the build's own health line. Baseline: the thread time
  of each `feedparser.parse(url)` (fetch and parse; the feed server's thread not included).
"""


@dataclass(frozen=True)
class FeedCpu:
    name: str  # the partner's name
    seconds: float | None  # processor time; None: the worker was stopped (over the limit)
    status: str  # what digest_all made of it


@dataclass(frozen=True)
class CpuPass:
    feeds: tuple[FeedCpu, ...]
    seconds: float  # wall time of the whole digest_all call
    limit: float  # processor seconds a feed may take

    def worst(self) -> FeedCpu | None:
        """The feed that took the most processor time; a stopped one counts as the most."""
        if not self.feeds:
            return None
        return max(self.feeds, key=lambda f: self.limit if f.seconds is None else f.seconds)

    def value(self, feed: FeedCpu) -> float:
        return self.limit if feed.seconds is None else feed.seconds


@contextmanager
def children_cpu() -> Iterator[Callable[[], float]]:
    """Processor time (user + system) of the child processes that ended inside the block."""
    def total() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    before = total()
    spent: list[float] = []
    yield lambda: spent[0] if spent else total() - before
    spent.append(total() - before)


def partner(feed: Feed, url: str) -> Partner:
    return Partner(feed.name, url, feed.site, feed.languages, feed.country, feed.topics)


def digest_pass(feeds: list[Feed], urls: dict[str, str], codes: tuple[str, ...],
                limit: float) -> CpuPass:
    """``digest_all`` over the bodies the server gives ``feeds`` (those that answer)."""
    jobs = [(Fetched(partner(f, urls[f.slug]), FeedStatus.OK, body=f.body,
                     headers={"content-type": f.content_type}, final_url=urls[f.slug]), None)
            for f in feeds]
    start = time.perf_counter()
    results = digest_all(jobs, codes, limit)
    seconds = time.perf_counter() - start
    return CpuPass(tuple(FeedCpu(f.name, r.cpu_seconds, str(r.parsed.status))
                         for f, r in zip(feeds, results, strict=True)), seconds, limit)


def cpu_section(feeds: tuple[Feed, ...], hostile: Feed | None, cpu: CpuPass,
                health: tuple[Health, ...], naive_cpu: tuple[float, ...], workers: float
                ) -> tuple[tables.Section, tuple[str, ...], tuple[str, ...]]:
    """The report's processor-time section, its verdicts and its failed checks."""
    row, verdict = tables.row, tables.verdict
    worst = cpu.worst()
    theirs = max(range(len(naive_cpu)), key=naive_cpu.__getitem__) if naive_cpu else None
    by_name = {h.partner: h for h in health}

    def named(name: str) -> str:
        return f"{name} (the hostile feed)" if hostile and name == hostile.name else name

    rows = [
        row("worst feed CPU time", "s", cpu.value(worst) if worst else None,
            naive_cpu[theirs] if theirs is not None else None,
            f"<= {cpu.limit:g} s, else cut off"),
        ("worst feed", named(worst.name) if worst else NA,
         named(feeds[theirs].name) if theirs is not None else NA, "", ""),
    ]
    verdicts: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    notes = ["Lumbung: processor time its worker spent reading and cleaning each feed "
             "(Digested.cpu_seconds), from a second digest_all over the same bodies after the "
             "build. Baseline: thread time of each feedparser.parse(url), fetch included."]
    if worst is not None:
        cut = worst.seconds is None
        verdicts += (f"worst feed CPU time: {cpu.value(worst):.2f} s ({named(worst.name)}"
                     f"{', stopped at the limit' if cut else ''}) <= {cpu.limit:g} s: "
                     f"{verdict(cut or cpu.value(worst) <= cpu.limit)}",)
    if hostile is not None:
        index = feeds.index(hostile)
        mine = next(f for f in cpu.feeds if f.name == hostile.name)
        found = by_name.get(hostile.name)
        status = str(found.status) if found else NA
        rows += [
            row("hostile feed CPU time", "s", cpu.value(mine), naive_cpu[index]
                if index < len(naive_cpu) else None),
            (f"hostile feed ({tables.fmt(len(hostile.body), 'B')} of nested <div>): health",
             status, "read in full, no limit", "", str(FeedStatus.TOO_COMPLEX)),
        ]
        if found is not None:
            notes.append(f"The hostile feed's health line in the issue: {found.status}: "
                         f"{found.detail}.")
        met = status == FeedStatus.TOO_COMPLEX
        verdicts += (f"the hostile feed is cut off ('{FeedStatus.TOO_COMPLEX}' in its health "
                     f"line): {verdict(met)}",)
        if not met:
            problems += (f"Lumbung: the hostile feed's health is '{status}', expected "
                         f"'{FeedStatus.TOO_COMPLEX}'",)
    rows += [
        row("feed workers' CPU time, all feeds (the build)", "s", workers, sum(naive_cpu)),
        row("second digest_all, wall time", "s", cpu.seconds, None),
    ]
    notes.append("The workers' CPU time is getrusage(RUSAGE_CHILDREN) around build_issue: the "
                 "worker processes' whole life, their start and imports included. The "
                 "baseline's is the sum of its per-feed thread times.")
    return (tables.Section("Feed processing: processor time per feed", tables.COMPARISON,
                           tuple(rows), tuple(notes)), verdicts, problems)
