"""The send journal of one issue and its run lock, kept in the store.

One run of an issue at a time: ``begin`` records the process id, host and a heartbeat. A lock
whose process is gone (same host) or whose heartbeat is older than ``STALE_AFTER`` is taken
over, and the reason is logged; any other lock refuses the run with ``RunInProgress``.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

from lumbung.subscribers.db import Database, Row, StoreError, parse_stamp, stamp
from lumbung.subscribers.statuses import SendStatus

STALE_AFTER = timedelta(minutes=5)
log = logging.getLogger("lumbung.subscribers.runs")
_ADDRESS = re.compile(r"\S+@\S+")


class RunInProgress(StoreError):
    """Another send of the same issue holds the lock (or took it over from this one)."""


def process_gone(pid: int) -> bool:
    """True when no process ``pid`` runs on this host (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # Linux: a killed child nobody has waited for yet is a zombie
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rpartition(")")[2]
    except OSError:
        return False
    return state.split()[:1] == ["Z"]


def _stale(row: Row, now: datetime, host: str, stale_after: timedelta) -> str | None:
    """Why a held lock may be taken over, or None while its holder looks alive."""
    if row["host"] == host and process_gone(int(row["pid"])):
        return f"process {row['pid']} on {host} is gone"
    beat = parse_stamp(row["heartbeat_at"])
    if beat is None or now - beat > stale_after:
        minutes = (now - beat).total_seconds() / 60 if beat else float("inf")
        return f"its last heartbeat was {minutes:.0f} minutes ago (limit " \
               f"{stale_after.total_seconds() / 60:.0f})"
    return None


def begin(db: Database, issue: str, now: datetime,
          stale_after: timedelta = STALE_AFTER) -> SendRun:
    host, pid, holder = socket.gethostname(), os.getpid(), secrets.token_hex(8)
    took_over = ""
    with db.write() as tx:
        tx.run("INSERT INTO runs (issue, started_at) VALUES (:issue, :now) "
               "ON CONFLICT (issue) DO NOTHING", issue=issue, now=stamp(now))
        row = tx.one("SELECT pid, host, heartbeat_at FROM runs WHERE issue = :issue"
                     + db.for_update, issue=issue)
        if row is not None and row["pid"] is not None:
            reason = _stale(row, now, host, stale_after)
            if reason is None:
                beat = parse_stamp(row["heartbeat_at"])
                age = f"{(now - beat).total_seconds():.0f} s" if beat else "unknown time"
                raise RunInProgress(
                    f"issue {issue} is already being sent by process {row['pid']} on "
                    f"{row['host']} (last heartbeat {age} ago); wait for it to finish, or stop "
                    f"that process (a lock is taken over once its process is gone or after "
                    f"{stale_after.total_seconds() / 60:.0f} minutes without a heartbeat)")
            took_over = f"took over the stale lock on issue {issue} from process " \
                        f"{row['pid']} on {row['host']}: {reason}"
        tx.run("UPDATE runs SET holder = :holder, pid = :pid, host = :host, heartbeat_at = :now, "
               "finished_at = NULL WHERE issue = :issue",
               holder=holder, pid=pid, host=host, now=stamp(now), issue=issue)
    if took_over:
        log.warning(took_over)
    return SendRun(db, issue, holder, took_over)


class SendRun:
    """The journal of one issue while this process holds its lock."""

    def __init__(self, db: Database, issue: str, holder: str, took_over: str = ""):
        self._db = db
        self.issue = issue
        self.took_over = took_over  # why a stale lock was taken over, or ""
        self._holder = holder  # this run's own id: the lock is ours while the row has it
        self._open = True

    def done(self) -> dict[int, SendStatus]:
        """Subscriber id -> the last status recorded for this issue."""
        with self._db.read() as tx:
            rows = tx.all("SELECT subscriber_id, status FROM deliveries WHERE issue = :issue",
                          issue=self.issue)
        return {int(r["subscriber_id"]): SendStatus(r["status"]) for r in rows}

    def record(self, subscriber_id: int, status: SendStatus, code: str, now: datetime) -> None:
        """Journal one delivery (one transaction); a SENT resets the soft-bounce count."""
        status = SendStatus(status)
        held = 0
        with self._db.write() as tx:
            tx.run("INSERT INTO deliveries (issue, subscriber_id, status, code, at) "
                   "VALUES (:issue, :sid, :status, :code, :at) "
                   "ON CONFLICT (issue, subscriber_id) DO UPDATE SET status = excluded.status, "
                   "code = excluded.code, at = excluded.at",
                   issue=self.issue, sid=subscriber_id, status=status.value,
                   code=_ADDRESS.sub("[address]", code)[:200], at=stamp(now))
            if status is SendStatus.SENT:
                tx.run("UPDATE subscribers SET soft_bounces = 0 "
                       "WHERE id = :sid AND soft_bounces <> 0", sid=subscriber_id)
            held = tx.run("UPDATE runs SET heartbeat_at = :now WHERE issue = :issue "
                          "AND holder = :holder", now=stamp(now), issue=self.issue,
                          holder=self._holder)
        if not held:
            self._open = False
            raise RunInProgress(f"issue {self.issue}: another run took over this run's lock; "
                                "stopping (what was sent so far is in the journal)")

    def heartbeat(self, now: datetime) -> None:
        """Tell other runs this one is alive (``record`` does it too)."""
        with self._db.write() as tx:
            tx.run("UPDATE runs SET heartbeat_at = :now WHERE issue = :issue "
                   "AND holder = :holder", now=stamp(now), issue=self.issue,
                   holder=self._holder)

    def _release(self, finished: datetime | None) -> None:
        if not self._open:
            return
        with self._db.write() as tx:
            tx.run("UPDATE runs SET holder = NULL, pid = NULL, host = NULL, heartbeat_at = NULL,"
                   " finished_at = :finished WHERE issue = :issue AND holder = :holder",
                   finished=stamp(finished) if finished else None, issue=self.issue,
                   holder=self._holder)
        self._open = False

    def finish(self, now: datetime) -> None:
        """The issue went to everyone: mark the run finished and release the lock."""
        self._release(now)

    def release(self) -> None:
        """Give up the lock without marking the run finished (a later run resumes)."""
        self._release(None)

    def __enter__(self) -> SendRun:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()
