"""SMTP faults on loopback, sorted by class: a recipient refused for good is final for that one
recipient; a sender- or message-level refusal, or a run of temporary failures, stops the run,
and a rerun once the cause is gone sends to everyone not yet sent. Bad rows never stop a send."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from lumbung.newsletter.deliver import Mailer, SendStopped, SmtpSettings, Stage, Verdict, classify
from lumbung.newsletter.journal import LINE
from lumbung.subscribers.statuses import Status
from lumbung.subscribers.store import Store
from tests.conftest import copy_site
from tests.helpers.smtpfaults import FaultyServer as SmtpServer
from tests.test_newsletter_send import WEEK, address, assert_private, cli, subscribers
from tests.test_send_store import freeze, make_store


@pytest.mark.parametrize(("stage", "reply", "verdict"), [
    (Stage.RCPT, "550 5.1.1 mailbox unavailable", Verdict.RECIPIENT),
    (Stage.RCPT, "550 mailbox unavailable", Verdict.RECIPIENT),
    (Stage.RCPT, "553 5.1.3 bad address syntax", Verdict.RECIPIENT),
    (Stage.RCPT, "552 5.2.2 mailbox full", Verdict.RECIPIENT),
    (Stage.RCPT, "552 too many recipients", Verdict.STOP),
    (Stage.DATA, "550 5.1.1 no such user here", Verdict.RECIPIENT),
    (Stage.RCPT, "550 5.4.5 Daily user sending limit exceeded", Verdict.STOP),
    (Stage.RCPT, "554 5.7.1 Relay access denied", Verdict.STOP),
    (Stage.RCPT, "554 transaction failed", Verdict.STOP),
    (Stage.MAIL, "550 5.4.5 Daily user sending limit exceeded", Verdict.STOP),
    (Stage.MAIL, "553 5.1.8 sender address rejected", Verdict.STOP),
    (Stage.MAIL, "550 sender refused", Verdict.STOP),
    (Stage.DATA, "552 5.3.4 message too big", Verdict.STOP),
    (Stage.DATA, "552 5.2.3 message exceeds the size limit", Verdict.STOP),
    (Stage.DATA, "554 5.7.1 rejected by policy", Verdict.STOP),
    (Stage.DATA, "554 transaction failed", Verdict.STOP),
    (Stage.RCPT, "451 4.3.0 try again later", Verdict.TRANSIENT),
    (Stage.MAIL, "421 4.7.0 too many connections", Verdict.TRANSIENT),
])
def test_replies_are_sorted_by_class(stage: Stage, reply: str, verdict: Verdict) -> None:
    code, _, text = reply.partition(" ")
    assert classify(stage, int(code), text) is verdict
    assert classify(stage, int(code), reply) is verdict  # the text may start with its code


def run(root: Path, db: Path, server: SmtpServer, delay: str = "0.01"):
    result = cli(root, "send", "--week", WEEK, "--db", str(db), "--send", "--rate", "0",
                 "--retry-delay", delay, env=server.env())
    assert_private(result.stdout + result.stderr)
    return result


@pytest.fixture
def store_site(tmp_path: Path) -> tuple[Path, Path]:
    root = copy_site(tmp_path / "site")
    freeze(root)
    private = tmp_path / "private"
    private.mkdir()
    return root, make_store(private, 12)


def test_refused_recipients_are_final_for_themselves_only(store_site) -> None:
    root, db = store_site
    with SmtpServer() as server:
        server.handler.rcpt_reply = {
            address(2): f"550 5.1.1 <{address(2)}>: Recipient address rejected",
            address(5): "550 mailbox unavailable",
            address(8): "552 5.2.2 mailbox full"}
        first = run(root, db, server)  # (run() checks that no address was printed)
        assert first.returncode == 0, first.stdout + first.stderr
        assert "failed: 3 (3 refused permanently, 0 deferred" in first.stdout
        assert "3 refused addresses were marked bounced in the store" in first.stdout
        assert server.handler.attempts[address(2)] == 1, "a permanent refusal is not retried"
        second = run(root, db, server)
        assert "already sent to everyone" in second.stdout
        assert server.handler.attempts[address(2)] == 1
        assert dict(server.handler.counts()) == {address(n): 1 for n in range(12)
                                                 if n not in (2, 5, 8)}
    with Store.open(db) as store:
        status = {s.address: s.status for s in store.export()}
        assert (status[address(2)], status[address(5)]) == (Status.BOUNCED, Status.BOUNCED)
        assert status[address(8)] == Status.ACTIVE  # a full mailbox: a soft bounce, 1 of 3
        assert status[address(0)] == Status.ACTIVE


FAULTS = [
    ("mail_reply", "550 5.4.5 Daily user sending limit exceeded"),
    ("mail_reply", "530 5.7.0 Authentication required"),
    ("data_reply", "554 5.7.1 Message rejected by policy"),
    ("data_reply", "552 5.3.4 Message too big for system"),
    ("data_reply", "554 Transaction failed"),
    ("every_rcpt_reply", "554 5.7.1 Relay access denied"),
]


@pytest.mark.parametrize(("fault", "reply"), FAULTS)
def test_the_mailer_stops_at_every_sender_or_message_refusal(fault: str, reply: str) -> None:
    with SmtpServer() as server:
        setattr(server.handler, fault, (reply, -1))
        mailer = Mailer(SmtpSettings("127.0.0.1", server.port, security="none"),
                        sleep=lambda s: None)
        with pytest.raises(SendStopped) as stopped:
            mailer.send("n@example.org", address(1), b"Subject: x\r\n\r\nx")
        mailer.close()
        assert stopped.value.reply == reply
        assert sum(server.handler.attempts.values()) <= 1, "not retried"


@pytest.mark.parametrize(("fault", "reply"), [FAULTS[0], FAULTS[3], FAULTS[5]])
def test_a_sender_or_message_refusal_stops_the_run_and_a_rerun_resumes(store_site, fault: str,
                                                                        reply: str) -> None:
    root, db = store_site
    with SmtpServer() as server:
        server.handler.faults_after = 4
        setattr(server.handler, fault, (reply, -1))
        first = run(root, db, server)
        assert first.returncode == 3, first.stdout + first.stderr
        out = " ".join(first.stdout.split())
        assert f"'{reply}'" in out, out  # the server's own words
        assert "at subscriber 5" in out
        assert "8 subscribers were not reached" in out
        assert "run the same command again: it resumes with everyone not yet sent" in out
        assert sum(server.handler.counts().values()) == 4
        setattr(server.handler, fault, None)  # the cause is gone
        second = run(root, db, server)
        assert second.returncode == 0, second.stdout + second.stderr
        assert "sent: 12 (8 now, 4 in earlier runs)" in second.stdout
        assert dict(server.handler.counts()) == {address(n): 1 for n in range(12)}


def test_a_sustained_451_trips_the_breaker_after_ten(store_site) -> None:
    root, db = store_site
    with SmtpServer() as server:
        server.handler.faults_after = 3
        server.handler.every_rcpt_reply = (f"451 4.7.1 <{address(0)}> Greylisted, try again "
                                           "later", -1)
        start = time.monotonic()
        first = run(root, db, server, delay="0.05")
        seconds = time.monotonic() - start
        assert first.returncode == 3, first.stdout + first.stderr
        out = " ".join(first.stdout.split())
        assert "10 temporary failures in a row; the last reply: '451 4.7.1 [address] " \
               "Greylisted, try again later'" in out
        assert sum(server.handler.attempts.values()) == 3 + 10  # 3 sent, then 10 refusals
        assert seconds < 30
        server.handler.every_rcpt_reply = None
        second = run(root, db, server)
        assert second.returncode == 0, second.stdout + second.stderr
        assert dict(server.handler.counts()) == {address(n): 1 for n in range(12)}


def test_retries_are_few_and_short_and_bounded_in_total() -> None:
    waits: list[float] = []
    with SmtpServer() as server:
        server.handler.every_rcpt_reply = ("451 4.3.0 try again later", -1)
        mailer = Mailer(SmtpSettings("127.0.0.1", server.port, security="none"), backoff=2.0,
                        sleep=waits.append)
        outcomes = []
        with pytest.raises(SendStopped) as stopped:
            for n in range(20):
                outcomes.append(mailer.send("n@example.org", address(n), b"Subject: x\r\n\r\nx"))
        mailer.close()
    assert [o.status for o in outcomes] == ["deferred"] * 3  # 3 tries each, then the 4th stops
    assert waits == [2.0, 4.0] * 3
    assert sum(waits) <= 20  # was 62 s per subscriber with 5 retries and no breaker
    assert "451 4.3.0 try again later" in str(stopped.value)


def test_a_deferred_recipient_makes_the_exit_code_non_zero_and_a_rerun_delivers(
        store_site) -> None:
    root, db = store_site
    with SmtpServer() as server:
        server.handler.temporary[address(7)] = 3  # one more than the retries
        first = run(root, db, server)
        assert first.returncode == 1
        assert "failed: 1 (0 refused permanently, 1 deferred after retries" in first.stdout
        assert server.handler.attempts[address(7)] == 3
        second = run(root, db, server)
        assert second.returncode == 0
        assert dict(server.handler.counts()) == {address(n): 1 for n in range(12)}


def test_bad_rows_are_skipped_by_number_and_the_send_goes_on(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    freeze(root)
    private = tmp_path / "private"
    private.mkdir()
    path = subscribers(private, 4)
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(f'{address(10)},en,"Line\nBcc: {address(99)}"\n')  # row 5
        handle.write(f"{address(11)},km,Bell\x07\n")  # row 6
        handle.write(f"{address(12)},th,Nul\x00l\n")  # row 7
        handle.write(f"{address(13)}\n,en,\n")  # rows 8 and 9
        handle.write(f"{address(14)},vi,Reader 14\n")  # row 10
    with SmtpServer() as server:
        result = cli(root, "send", "--week", WEEK, "--subscribers", str(path), "--send",
                     "--rate", "0", env=server.env())
        out = result.stdout + result.stderr
        assert_private(out)
        assert result.returncode == 0, out
        for row in (5, 6, 7):
            assert f"row {row}: the name contains a line break or another control character; " \
                   "skipped" in out
        assert "row 8: unknown language ''" in out and "row 9: not a valid email address" in out
        assert sorted(server.handler.counts()) == [address(n) for n in (0, 1, 2, 3, 14)]
        assert address(99) not in server.handler.counts()


def test_a_torn_journal_line_is_never_merged_with_the_next_record(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    freeze(root)
    private = tmp_path / "private"
    private.mkdir()
    path = subscribers(private, 6)
    args = ("send", "--week", WEEK, "--subscribers", str(path), "--send", "--rate", "0")
    journal = private / f"send-journal-{WEEK}.log"
    with SmtpServer() as server:
        assert cli(root, *args, env=server.env()).returncode == 0
        data = journal.read_bytes()
        journal.write_bytes(data[:-30])  # the last record torn in its timestamp, no newline
        again = cli(root, *args, env=server.env())
        assert again.returncode == 0, again.stdout + again.stderr
        assert "sent: 6 (1 now, 5 in earlier runs)" in again.stdout
        lines = journal.read_text(encoding="utf-8").split("\n")
        assert lines[-1] == ""
        whole = [line for line in lines[:-1] if LINE.match(line)]
        assert len(whole) == 6 and len(lines[:-1]) == 7  # the torn line stays on its own
        assert not any(re.search(r"[0-9a-f]{32}.*[0-9a-f]{32}", line) for line in lines)
        third = cli(root, *args, env=server.env())
        assert "sent: 6 (0 now, 6 in earlier runs)" in third.stdout
        assert sum(server.handler.counts().values()) == 7  # the torn one's message went twice
