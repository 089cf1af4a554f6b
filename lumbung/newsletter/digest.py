"""Parse and clean every fetched feed in worker processes, each feed under a time limit.

A hostile or broken feed can cost minutes of processor time after it was downloaded (a few MB
of nested markup is enough). Each feed is therefore read and cleaned in a separate process
that is stopped when it takes too long: the feed's health line then says "too complex" and the
other feeds go on. Where the operating system offers it (Linux, macOS), the worker's processor
time is also capped with ``resource.setrlimit``; everywhere, the parent stops a worker that runs
longer than :func:`wall_limit` of wall-clock time. Workers are started with "spawn", the same
on every platform, and are reused from feed to feed.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnProcess
from typing import Any

from lumbung.newsletter.clean import TOO_DEEP, Cleaned, clean_entry
from lumbung.newsletter.model import FeedStatus, Fetched, NewsletterError
from lumbung.newsletter.parse import Parsed, parse_feed

SECONDS = 5.0  # processor time one feed may take to be read and cleaned
WORKERS = 2
START_SECONDS = 120.0  # for a worker to start (imports), however busy the machine
_READY = "ready"
_UNDATED = datetime(1970, 1, 1, tzinfo=UTC)  # the caller dates the items (first-seen)


@dataclass(frozen=True)
class Digested:
    parsed: Parsed
    cleaned: tuple[Cleaned, ...] = ()  # one per parsed entry, in the same order
    # Processor time the worker spent reading and cleaning the feed; None when not measured
    # (no worker was needed, or the worker was stopped: then the health says why).
    cpu_seconds: float | None = None


def wall_limit(seconds: float) -> float:
    """Wall-clock time a feed may take: more than its processor time, for a busy machine."""
    return 2 * seconds + 1


def digest(fetched: Fetched, codes: tuple[str, ...], body: bytes | None = None) -> Digested:
    """Entries of one feed and their cleaned items (dated as the feed dates them, if at all)."""
    parsed = parse_feed(fetched, codes, body)
    cleaned = tuple(clean_entry(entry, entry.published or _UNDATED) for entry in parsed.entries)
    if any(c.note == TOO_DEEP for c in cleaned):
        parsed = replace(parsed, status=FeedStatus.TOO_COMPLEX)
    return Digested(parsed, cleaned)


def _needs_worker(fetched: Fetched, body: bytes | None) -> bool:
    data = fetched.body if body is None else body
    return fetched.status in (FeedStatus.OK, FeedStatus.NOT_MODIFIED) and bool(data)


def _limit_cpu(seconds: float) -> None:
    """Let this process use ``seconds`` more processor time, then be stopped (SIGXCPU)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's wall-clock limit alone
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _serve(conn: Connection) -> None:
    """The worker: digest one feed after another until told to stop."""
    conn.send(_READY)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        fetched, codes, body, seconds = job
        _limit_cpu(seconds)
        started = time.process_time()
        try:
            result = digest(fetched, codes, body)
        except Exception as exc:  # one feed's surprise is its own health line
            result = Digested(Parsed(fetched.partner, FeedStatus.ERROR,
                                     detail=f"{type(exc).__name__}: {exc}"))
        conn.send(replace(result, cpu_seconds=time.process_time() - started))


@dataclass
class _Worker:
    process: SpawnProcess
    conn: Connection
    ready: bool = False
    job: int | None = None
    deadline: float = 0.0
    process_exitcode: int | None = None

    @classmethod
    def start(cls, context: Any) -> _Worker:
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child,), daemon=True)
        process.start()
        child.close()
        return cls(process, parent, deadline=time.monotonic() + START_SECONDS)

    def give(self, index: int, job: tuple[Any, ...], seconds: float) -> None:
        self.job = index
        self.deadline = time.monotonic() + wall_limit(seconds)
        self.conn.send(job)

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        if kill:
            self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.process_exitcode = self.process.exitcode
        self.conn.close()
        self.process.close()


def _stopped(fetched: Fetched, seconds: float, late: bool, exitcode: int | None) -> Digested:
    """The health of a feed whose worker was stopped (too slow) or died (processor time, crash)."""
    if late:
        detail = f"reading and cleaning stopped after {wall_limit(seconds):g} s"
    elif exitcode == -getattr(signal, "SIGXCPU", 0):
        detail = f"reading and cleaning stopped: more than {seconds:g} s of processor time"
    else:
        return Digested(Parsed(fetched.partner, FeedStatus.ERROR,
                               detail=f"the process reading it crashed (exit code {exitcode})"))
    return Digested(Parsed(fetched.partner, FeedStatus.TOO_COMPLEX, detail=detail))


def digest_all(jobs: Sequence[tuple[Fetched, bytes | None]], codes: tuple[str, ...],
               seconds: float = SECONDS) -> list[Digested]:
    """:func:`digest` of each (fetched, body) job, in order, each in a worker under the limit."""
    results: list[Digested | None] = [None] * len(jobs)
    queue: deque[int] = deque()
    for index, (fetched, body) in enumerate(jobs):
        if _needs_worker(fetched, body):
            queue.append(index)
        else:  # nothing to read: its health line only
            results[index] = digest(fetched, codes, body)
    context = multiprocessing.get_context("spawn")
    workers = [_Worker.start(context) for _ in range(min(WORKERS, os.cpu_count() or 1,
                                                         len(queue)))]
    try:
        while queue or any(w.job is not None for w in workers):
            for worker in workers:
                if worker.ready and worker.job is None and queue:
                    index = queue.popleft()
                    fetched, body = jobs[index]
                    worker.give(index, (fetched, codes, body, seconds), seconds)
            busy = [w for w in workers if w.job is not None or not w.ready]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            answered = wait([w.conn for w in busy], timeout=timeout)
            for worker in busy:
                died = False
                if worker.conn in answered:
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        died = True
                    else:
                        if message == _READY:
                            worker.ready = True
                        elif worker.job is not None:
                            results[worker.job] = message
                            worker.job = None
                        continue
                elif time.monotonic() < worker.deadline:
                    continue
                if worker.job is None:
                    raise NewsletterError("a worker process to read the feeds could not start")
                worker.stop(kill=True)
                results[worker.job] = _stopped(jobs[worker.job][0], seconds, not died,
                                               worker.process_exitcode)
                workers.remove(worker)
                if queue:
                    workers.append(_Worker.start(context))
    finally:
        for worker in workers:
            worker.stop()
    return [r for r in results if r is not None]
