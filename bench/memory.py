"""Peak resident memory of a process and every process it starts, sampled while they run.

A build that forks workers (one per language) uses the sum of their memories at once, which no
single process's ``ru_maxrss`` shows. :class:`TreeSampler` reads ``/proc`` every ``interval``
seconds: it finds the process's descendants through each process's parent id
(``/proc/PID/stat``), adds up their memories and keeps the largest sum. Each process counts
its proportional set size (``Pss`` in ``/proc/PID/smaps_rollup``: its own pages, and its share of
the pages it shares with others), so a process forked a moment before it runs another program
(as every subprocess is started) does not count its parent's memory a second time; where the
kernel has no smaps_rollup, the resident set size (``/proc/PID/statm``). A descendant that
outlives its parent (and is adopted by init) drops out.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PROC = Path("/proc")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
INTERVAL = 0.02  # seconds between samples


def _parent(stat: str) -> int:
    """The parent id in the text of ``/proc/PID/stat`` (the command name may hold spaces)."""
    return int(stat.rpartition(")")[2].split()[1])


def parents(proc: Path = PROC) -> dict[int, int]:
    """Every visible process's parent id, by process id."""
    found: dict[int, int] = {}
    for name in os.listdir(proc):
        if not name.isdigit():
            continue
        try:
            found[int(name)] = _parent((proc / name / "stat").read_text(encoding="utf-8",
                                                                          errors="replace"))
        except (OSError, ValueError, IndexError):
            continue  # it ended while we looked
    return found


def tree(root: int, proc: Path = PROC) -> set[int]:
    """``root`` and all its living descendants."""
    children: dict[int, list[int]] = {}
    for pid, ppid in parents(proc).items():
        children.setdefault(ppid, []).append(pid)
    seen = {root}
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def rss(pid: int, proc: Path = PROC) -> int:
    """Resident bytes of one process (its proportional share of shared pages); 0 if it has
    ended."""
    try:
        for line in (proc / str(pid) / "smaps_rollup").read_text(encoding="utf-8").splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int((proc / str(pid) / "statm").read_text(encoding="utf-8").split()[1]) * PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return 0


def tree_rss(root: int, proc: Path = PROC) -> int:
    """Resident bytes of ``root`` and its descendants, summed."""
    return sum(rss(pid, proc) for pid in tree(root, proc))


class TreeSampler:
    """Samples :func:`tree_rss` of ``pid`` in a thread from :meth:`start` to :meth:`stop`."""

    def __init__(self, pid: int, interval: float = INTERVAL) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0  # bytes
        self.samples = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"rss-{pid}", daemon=True)

    def _sample(self) -> None:
        self.peak = max(self.peak, tree_rss(self.pid))
        self.samples += 1

    def _run(self) -> None:
        while True:
            self._sample()
            if self._done.wait(self.interval):
                return

    def start(self) -> TreeSampler:
        self._thread.start()
        return self

    def stop(self) -> int:
        """Stop sampling; the peak in bytes."""
        self._done.set()
        self._thread.join()
        return self.peak

    def __enter__(self) -> TreeSampler:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
