"""The subscriber store on real SQLite files: migrations, WAL, double opt-in, tokens,
suppression, import, stats, backup, the run lock across processes, and SIGKILL mid-write."""

from __future__ import annotations

import importlib.util
import logging
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lumbung.subscribers import schema
from lumbung.subscribers.db import Database, StoreError, stamp
from lumbung.subscribers.statuses import Consent, SendStatus, Status
from lumbung.subscribers.store import RunInProgress, Store

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
ANNA, BUDI = "anna.k@example.org", "Budi@Example.COM"


def form(store: Store, address: str, language: str = "en", now: datetime = NOW,
         per_day: int = 3) -> str | None:
    return store.request(address, language, how=Consent.FORM, text="Sign-up form, v1",
                         now=now, per_day=per_day).confirm_token


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (Debian's postgresql package, run as the
    postgres user); its URL without a database name."""
    initdb = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not initdb or os.geteuid() != 0 or importlib.util.find_spec("psycopg") is None:
        pytest.skip("needs Debian's postgresql package, root to run it as the postgres user, "
                    "and psycopg")
    bin_dir = initdb[-1].parent
    base = Path(tempfile.mkdtemp(prefix="lumbung-pg-"))
    shutil.chown(base, "postgres", "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def as_postgres(*argv: str | Path) -> None:
        subprocess.run([str(a) for a in argv], user="postgres", group="postgres",
                       extra_groups=[], cwd=base, check=True, capture_output=True)

    as_postgres(bin_dir / "initdb", "-D", base / "data", "-U", "postgres", "-E", "UTF8",
                "--auth=trust", "--no-sync")
    as_postgres(bin_dir / "pg_ctl", "-D", base / "data", "-l", base / "log", "-w", "-o",
                f"-h 127.0.0.1 -p {port} -k {base} -F", "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        as_postgres(bin_dir / "pg_ctl", "-D", base / "data", "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new, empty store lives: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "list.db")
    import psycopg

    server = request.getfixturevalue("postgres")
    name = "t_" + tmp_path.name.lower().replace("-", "_")[-40:]  # a schema per test: fast
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.execute(f'CREATE SCHEMA "{name}"')
    return f"{server}/postgres?options=-csearch_path%3D{name}"


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    with Store.open(target) as opened:
        yield opened


def child(code: str, *args: str, stdin: int | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, text=True,
                            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline()


def tell(process: subprocess.Popen[str], text: str) -> None:
    assert process.stdin is not None
    process.stdin.write(text)
    process.stdin.flush()


# schema --------------------------------------------------------------------------------------

def test_an_empty_file_is_migrated_to_the_current_version_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(path).close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version FROM schema_version").fetchall() == [(schema.CURRENT,)]
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"subscribers", "confirmations", "runs", "deliveries"} <= tables
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store.open(path) as store:  # opening again changes nothing
        store.import_rows([(ANNA, "en")], consent_text="old list", now=NOW)
        for name in ("new.db", "new.db-wal", "new.db-shm"):  # addresses: owner only
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 1


def test_a_version_1_store_is_migrated_and_keeps_its_subscribers(target: str) -> None:
    db = Database.open(target)
    assert schema.migrate(db, target=1) == 1
    with db.write() as tx:
        tx.run("INSERT INTO subscribers (address, address_key, language, status, token, consent,"
               " consent_text, requested_at, confirmed_at, changed_at) VALUES (:a, :k, 'km', "
               "'active', 'tok_tok_tok_tok_tok_1', 'form', 'v1 form', :at, :at, :at)",
               a=ANNA, k=ANNA.casefold(), at=stamp(NOW))
    with pytest.raises(StoreError, match="the database failed"), db.read() as tx:
        tx.all("SELECT soft_bounces FROM subscribers")  # not there yet in version 1
    db.close()
    with Store.open(target) as store:
        (anna,) = store.recipients()
        assert (anna.address, anna.language, anna.status) == (ANNA, "km", Status.ACTIVE)
        assert store.soft_bounce(ANNA, NOW) is False  # the new column works
        with store.begin_run("2026-W49", NOW) as run:
            run.record(anna.id, SendStatus.SENT, "250 2.0.0 ok", NOW)
        with store.db.read() as tx:
            assert tx.all("SELECT version FROM schema_version") == [{"version": schema.CURRENT}]


def test_a_store_from_a_newer_lumbung_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="schema version 99"):
        Store.open(path)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "list.db")


# double opt-in ---------------------------------------------------------------------------------

def test_request_then_confirm_activates_once(store: Store) -> None:
    token = form(store, ANNA, "th")
    assert token
    pending = store.pending_by_token(token, NOW)
    assert pending is not None and pending.status is Status.PENDING
    assert store.pending_by_token(token, NOW) is not None  # looking changes nothing
    assert list(store.recipients()) == []
    confirmed = store.confirm(token, NOW + timedelta(hours=2))
    assert confirmed is not None
    assert (confirmed.status, confirmed.language, confirmed.consent) == \
        (Status.ACTIVE, "th", Consent.FORM)
    assert confirmed.consent_text == "Sign-up form, v1"
    assert confirmed.requested_at == NOW
    assert confirmed.confirmed_at == NOW + timedelta(hours=2)
    assert store.confirm(token, NOW + timedelta(hours=3)) is None  # used
    assert store.pending_by_token(token, NOW + timedelta(hours=3)) is None
    assert [s.id for s in store.recipients()] == [confirmed.id]
    assert form(store, ANNA) is None  # already active: no mail
    assert store.confirm("not a token", NOW) is None


def test_confirmation_expires_after_seven_days_and_expire_pending_forgets(store: Store) -> None:
    late = form(store, ANNA)
    keep = form(store, BUDI, now=NOW + timedelta(days=5))
    assert late and keep
    after = NOW + timedelta(days=7, seconds=1)
    assert store.confirm(late, after) is None
    assert store.pending_by_token(late, after) is None
    assert store.expire_pending(after) == 1
    assert store.stats() == {("en", Status.PENDING): 1}
    assert store.confirm(keep, after) is not None
    assert store.expire_pending(NOW + timedelta(days=30)) == 0  # active people stay


def test_one_address_gets_at_most_per_day_confirmation_mails(store: Store) -> None:
    tokens = [form(store, ANNA, now=NOW + timedelta(milliseconds=50 * i)) for i in range(1000)]
    assert len([t for t in tokens if t]) == 3
    assert form(store, ANNA, now=NOW + timedelta(hours=23)) is None
    assert form(store, ANNA, now=NOW + timedelta(hours=25))  # a new day
    issued = [t for t in tokens if t]
    assert store.confirm(issued[0], NOW + timedelta(minutes=5)) is not None
    assert all(store.confirm(t, NOW + timedelta(minutes=6)) is None for t in issued[1:])


def test_the_daily_limit_holds_across_connections_at_once(target: str) -> None:
    path = target
    Store.open(path).close()
    issued: list[str] = []
    lock = threading.Lock()

    def hammer() -> None:
        with Store.open(path) as mine:
            for i in range(100):
                token = form(mine, BUDI, now=NOW + timedelta(milliseconds=i), per_day=5)
                if token:
                    with lock:
                        issued.append(token)

    workers = [threading.Thread(target=hammer) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(issued) == 5


# the subscriber's own token --------------------------------------------------------------------

def test_unsubscribe_and_language_by_token_touch_only_that_subscriber(store: Store) -> None:
    anna = store.confirm(form(store, ANNA) or "", NOW)
    budi = store.confirm(form(store, BUDI, "vi") or "", NOW)
    assert anna and budi and anna.token != budi.token
    assert store.by_token(anna.token) == anna
    changed = store.set_language(budi.token, "km", NOW)
    assert changed is not None and changed.id == budi.id and changed.language == "km"
    left = store.unsubscribe(anna.token, NOW)
    assert left is not None and left.id == anna.id and left.status is Status.UNSUBSCRIBED
    assert [s.id for s in store.recipients()] == [budi.id]
    assert store.by_token(anna.token.swapcase()) is None
    assert store.unsubscribe("x" * 32, NOW) is None
    assert store.set_language("", "en", NOW) is None


def test_a_confirmation_token_is_not_a_preferences_token_and_vice_versa(store: Store) -> None:
    anna_confirm = form(store, ANNA)
    budi_confirm = form(store, BUDI)
    assert anna_confirm and budi_confirm
    assert store.by_token(anna_confirm) is None
    assert store.unsubscribe(anna_confirm, NOW) is None
    budi = store.confirm(budi_confirm, NOW)
    assert budi is not None
    assert store.confirm(budi.token, NOW) is None
    anna = store.confirm(anna_confirm, NOW)
    assert anna is not None and anna.id != budi.id


def test_resubscribing_after_unsubscribing_needs_a_new_confirmation(store: Store) -> None:
    anna = store.confirm(form(store, ANNA) or "", NOW)
    assert anna and store.unsubscribe(anna.token, NOW)
    token = form(store, ANNA, now=NOW + timedelta(days=2))
    assert token and list(store.recipients()) == []
    back = store.confirm(token, NOW + timedelta(days=2))
    assert back is not None and back.status is Status.ACTIVE and back.id == anna.id


# suppression ----------------------------------------------------------------------------------

def test_suppression_does_not_depend_on_any_secret(target: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = target
    monkeypatch.setenv("LUMBUNG_NEWSLETTER_SECRET", "first secret " * 4)
    with Store.open(path) as store:
        store.import_rows([(ANNA, "en"), (BUDI, "en")], consent_text="old list", now=NOW)
        (anna, _) = store.recipients()
        store.unsubscribe(anna.token, NOW)
        assert store.suppress(BUDI, Status.COMPLAINED, NOW, "abuse report")
    for secret in ("another secret " * 4, ""):
        monkeypatch.setenv("LUMBUNG_NEWSLETTER_SECRET", secret)
        with Store.open(path) as store:
            assert list(store.recipients()) == []
            assert store.stats() == {("en", Status.UNSUBSCRIBED): 1, ("en", Status.COMPLAINED): 1}
    monkeypatch.delenv("LUMBUNG_NEWSLETTER_SECRET")
    with Store.open(path) as store:
        assert list(store.recipients()) == []


def test_suppress_and_soft_bounces(store: Store) -> None:
    store.import_rows([(ANNA, "en"), (BUDI, "en")], consent_text="old list", now=NOW)
    assert store.suppress("budi@example.com", Status.BOUNCED, NOW, "5.1.1") is True
    assert store.suppress(BUDI, Status.COMPLAINED, NOW) is False  # already suppressed
    assert store.suppress("nobody@example.net", Status.BOUNCED, NOW) is False
    with pytest.raises(ValueError):
        store.suppress(ANNA, Status.ACTIVE, NOW)
    (anna,) = store.recipients()
    assert store.soft_bounce(ANNA, NOW) is False
    assert store.soft_bounce(ANNA, NOW) is False
    with store.begin_run("2026-W49", NOW) as run:  # a delivery resets the count
        run.record(anna.id, SendStatus.SENT, "250 2.0.0 ok", NOW)
    assert store.soft_bounce(ANNA, NOW) is False
    assert store.soft_bounce(ANNA, NOW) is False
    assert store.soft_bounce(ANNA, NOW) is True
    assert list(store.recipients()) == []
    assert store.soft_bounce(ANNA, NOW) is False  # already bounced


# staff ---------------------------------------------------------------------------------------

def test_import_reports_rows_by_number_and_leaves_existing_people_alone(store: Store) -> None:
    anna = store.confirm(form(store, ANNA) or "", NOW)
    assert anna and store.unsubscribe(anna.token, NOW)
    report = store.import_rows(
        [("ok1@example.org", "en"), ("not-an-address", "en"), ("ok2@example.org", "xx"),
         ("OK1@example.org", "th"), (ANNA.upper(), "en"), ("a..b@example.org", "en"),
         ("ok3@example.org", " TH ")],
        consent_text="Signed the paper list at the 2025 meeting", now=NOW,
        languages=("en", "th"))
    assert report.added == 2
    assert report.duplicates == (4,)
    assert report.existing == (5,)
    assert [(p.row, p.reason.split(";")[0]) for p in report.problems] == [
        (2, "not a valid email address"), (3, "unknown language 'xx'"),
        (6, "not a valid email address")]
    again = store.by_token(anna.token)
    assert again is not None and again.status is Status.UNSUBSCRIBED  # not re-subscribed
    imported = [s for s in store.export() if s.consent is Consent.IMPORT]
    assert [(s.language, s.status, s.confirmed_at) for s in imported] == \
        [("en", Status.ACTIVE, None), ("th", Status.ACTIVE, None)]
    assert imported[0].consent_text == "Signed the paper list at the 2025 meeting"
    with pytest.raises(StoreError, match="consent"):
        store.import_rows([("x@example.org", "en")], consent_text=" ", now=NOW)


def test_stats_count_by_language_and_status(store: Store) -> None:
    store.import_rows([(f"p{i}@example.org", ("en", "km")[i % 2]) for i in range(5)],
                      consent_text="old list", now=NOW)
    form(store, ANNA, "km")
    store.suppress("p0@example.org", Status.BOUNCED, NOW)
    assert store.stats() == {("en", Status.ACTIVE): 2, ("en", Status.BOUNCED): 1,
                             ("km", Status.ACTIVE): 2, ("km", Status.PENDING): 1}


WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from lumbung.subscribers.statuses import Consent, SendStatus
from lumbung.subscribers.store import Store
now = datetime(2026, 12, 4, tzinfo=UTC)
with Store.open(sys.argv[1]) as store:
    run = store.begin_run(sys.argv[2], now)
    print("started", run.took_over, flush=True)
    i = int(sys.argv[3])
    while True:
        i += 1
        t = store.request(f"w{i}@example.org", "en", how=Consent.FORM, text="form", now=now)
        s = store.confirm(t.confirm_token, now)
        run.record(s.id, SendStatus.SENT, f"250 {s.id}", now)
"""


def test_backup_of_a_store_in_use(tmp_path: Path) -> None:
    path = tmp_path / "list.db"
    with Store.open(path) as store:
        store.import_rows([(ANNA, "en")], consent_text="old list", now=NOW)
        writer = child(WRITER, str(path), "2026-W49", "0")
        try:
            assert line(writer).startswith("started")
            time.sleep(0.3)
            store.backup(tmp_path / "copy.db")
            time.sleep(0.2)
            store.backup(tmp_path / "copy.db")  # replaces an earlier backup
        finally:
            writer.kill()
            writer.communicate()
        with pytest.raises(StoreError, match="the store itself"):
            store.backup(path)
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT COUNT(*) FROM subscribers").fetchone()[0] > 1
    assert not (tmp_path / "copy.db.partial").exists()
    assert (tmp_path / "copy.db").stat().st_mode & 0o777 == 0o600
    with Store.open(tmp_path / "copy.db") as restored:
        assert restored.stats()[("en", Status.ACTIVE)] > 1


# the run lock --------------------------------------------------------------------------------

HOLDER = """
import sys, time
from datetime import UTC, datetime
from lumbung.subscribers.store import Store
with Store.open(sys.argv[1]) as store, store.begin_run("2026-W49", datetime.now(UTC)):
    print("holding", flush=True)
    sys.stdin.readline()
print("released", flush=True)
"""


def test_a_second_run_of_the_same_issue_is_refused_across_processes(target: str) -> None:
    path = target
    Store.open(path).close()
    holder = child(HOLDER, str(path), stdin=subprocess.PIPE)
    try:
        assert line(holder).strip() == "holding"
        with Store.open(path) as store:
            with pytest.raises(RunInProgress) as refused:
                store.begin_run("2026-W49", datetime.now(UTC))
            assert f"process {holder.pid}" in str(refused.value)
            assert "2026-W49" in str(refused.value)
            with store.begin_run("2026-W50", datetime.now(UTC)):
                pass  # another issue is not blocked
            tell(holder, "\n")
            assert line(holder).strip() == "released"
            with store.begin_run("2026-W49", datetime.now(UTC)) as run:
                assert run.took_over == ""
    finally:
        holder.kill()
        holder.communicate()


def test_a_lock_left_by_a_killed_process_is_taken_over(target: str) -> None:
    path = target
    Store.open(path).close()
    holder = child(HOLDER, str(path), stdin=subprocess.PIPE)
    assert line(holder).strip() == "holding"
    holder.send_signal(signal.SIGKILL)
    holder.communicate()
    with Store.open(path) as store, store.begin_run("2026-W49", datetime.now(UTC)) as run:
        assert f"process {holder.pid}" in run.took_over and "is gone" in run.took_over


def test_a_lock_from_another_host_is_stale_only_after_minutes_without_heartbeat(
        store: Store) -> None:
    store.import_rows([(ANNA, "en")], consent_text="old list", now=NOW)
    (anna,) = store.recipients()
    run = store.begin_run("2026-W49", NOW)
    with store.db.write() as tx:  # as if another machine held it
        tx.run("UPDATE runs SET host = 'elsewhere', pid = 1")
    with pytest.raises(RunInProgress, match="process 1 on elsewhere"):
        store.begin_run("2026-W49", NOW + timedelta(minutes=4))
    taken = store.begin_run("2026-W49", NOW + timedelta(minutes=6))
    assert "heartbeat was 6 minutes ago" in taken.took_over
    with pytest.raises(RunInProgress, match="took over"):  # the first run learns it lost
        run.record(anna.id, SendStatus.SENT, "250", NOW)
    taken.finish(NOW + timedelta(minutes=7))
    with store.begin_run("2026-W49", NOW + timedelta(minutes=8)) as again:
        assert again.took_over == ""


def test_the_journal_keeps_the_last_status_per_subscriber(store: Store) -> None:
    store.import_rows([(ANNA, "en"), (BUDI, "en")], consent_text="old list", now=NOW)
    anna, budi = store.recipients()
    with store.begin_run("2026-W49", NOW) as run:
        run.record(anna.id, SendStatus.DEFERRED, "451 4.7.1 try later", NOW)
        run.record(budi.id, SendStatus.FAILED, f"550 5.1.1 <{BUDI}> unknown", NOW)
        run.record(anna.id, SendStatus.SENT, "250 2.0.0 ok", NOW)
        assert run.done() == {anna.id: SendStatus.SENT, budi.id: SendStatus.FAILED}
    with store.db.read() as tx:
        codes = [r["code"] for r in tx.all("SELECT code FROM deliveries ORDER BY subscriber_id")]
    assert codes == ["250 2.0.0 ok", "550 5.1.1 [address] unknown"]


def test_a_database_error_is_a_store_error_and_the_store_stays_usable(store: Store) -> None:
    store.import_rows([(ANNA, "en")], consent_text="old list", now=NOW)
    (anna,) = store.recipients()
    with store.begin_run("2026-W49", NOW) as run:
        with pytest.raises(StoreError, match="the database failed") as failed:
            run.record(anna.id + 1000, SendStatus.SENT, "250 ok", NOW)  # no such subscriber
        assert ANNA not in str(failed.value)
        run.record(anna.id, SendStatus.SENT, "250 ok", NOW)  # nothing was left half-open
        assert run.done() == {anna.id: SendStatus.SENT}


# SIGKILL in the middle of writes ---------------------------------------------------------------

def test_sigkill_during_writes_leaves_a_consistent_store(tmp_path: Path) -> None:
    path = tmp_path / "list.db"
    Store.open(path).close()
    rng = random.Random(15)
    start = 0
    for _round in range(8):
        writer = child(WRITER, str(path), "2026-W49", str(start))
        said = line(writer)
        assert said.startswith("started")
        if _round:
            assert "is gone" in said  # the killed writer's lock was taken over
        time.sleep(rng.uniform(0.05, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.communicate()
        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
            rows = raw.execute("SELECT id, address, status, token, confirmed_at, requested_at "
                               "FROM subscribers").fetchall()
            assert rows, "the writer wrote nothing before it was killed"
            for _id, address, status, token, confirmed, requested in rows:
                assert address.endswith("@example.org") and len(token) == 32 and requested
                assert (status == "active") == (confirmed is not None)
            pending = {r[0] for r in rows if r[2] == "pending"}
            with_token = {r[0] for r in raw.execute("SELECT subscriber_id FROM confirmations")}
            assert pending <= with_token  # a request is stored with its confirmation or not at all
            journal = raw.execute("SELECT subscriber_id, status, code, at FROM deliveries")
            for sid, status, code, at in journal:
                assert status == "sent" and code == f"250 {sid}" and at
            start = 1 + max(int(r[1].split("@")[0][1:]) for r in rows)


# addresses stay out of logs and errors ---------------------------------------------------------

def test_no_address_in_logs_errors_or_reprs(store: Store, caplog: pytest.LogCaptureFixture,
                                            capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    messages: list[str] = []
    token = form(store, ANNA) or ""
    anna = store.confirm(token, NOW)
    messages.append(repr(anna))
    messages.append(repr(store.by_token(anna.token if anna else "")))
    for bad in (ANNA + ">", "not-an-address " + BUDI):
        with pytest.raises(StoreError) as raised:
            form(store, bad)
        messages.append(str(raised.value))
    store.import_rows([(ANNA, "en"), (BUDI, "xx"), (BUDI + "..", "en")], consent_text="old",
                      now=NOW, languages=("en",))
    report = store.import_rows([(ANNA, "en")], consent_text="old", now=NOW)
    messages.append(repr(report))
    run = store.begin_run("2026-W49", NOW)
    with store.db.write() as tx:
        tx.run("UPDATE runs SET host = 'elsewhere'")
    with pytest.raises(RunInProgress) as refused:
        store.begin_run("2026-W49", NOW)
    messages.append(str(refused.value))
    store.begin_run("2026-W49", NOW + timedelta(hours=1))  # logs the takeover
    messages.append(repr(run))
    out, err = capfd.readouterr()
    seen = "\n".join([*messages, caplog.text, out, err]).casefold()
    assert "took over" in caplog.text
    for address in (ANNA, BUDI):
        assert address.casefold() not in seen
        assert address.split("@")[0].casefold() not in seen
