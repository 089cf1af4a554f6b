"""Reading bounces, complaints and unsubscribe requests from a real Maildir and a real IMAP
server (Debian's dovecot on 127.0.0.1), with report samples in the shapes common MTAs send."""

from __future__ import annotations

import imaplib
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lumbung.subscribers.mailbox import (
    PROCESSED,
    UNRECOGNISED,
    ImapTarget,
    MailboxError,
    read_imap,
    read_maildir,
)
from lumbung.subscribers.reports import Kind, classify, read
from lumbung.subscribers.statuses import SendStatus, Status
from lumbung.subscribers.store import Store

MAIL = Path(__file__).parent / "fixtures" / "mail"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
DOVECOT = Path("/usr/sbin/dovecot")

# who each sample is about, the token the returned message carries, and what should happen
PEOPLE = {
    "gone@example.com": "PostfixHardTokenAAAAAAAAAAAAAAAA",
    "slow@example.com": "",
    "nobody@example.com": "EximHardTokenBBBBBBBBBBBBBBBBBBB",
    "old.colleague@example.com": "ExchangeTokenCCCCCCCCCCCCCCCCCCC",
    "left.job@example.com": "GmailHardTokenDDDDDDDDDDDDDDDDDD",
    "full.box@example.com": "",
    "someone@example.org": "SesHardTokenEEEEEEEEEEEEEEEEEEEE",
    "reader@example.com": "YahooArfTokenFFFFFFFFFFFFFFFFFFF",
    "aol.reader@example.com": "AolRedactedTokenGGGGGGGGGGGGGGGG",  # AOL hides the address
    "hotmail.reader@example.com": "",
    "mailto.reader@example.org": "MailtoTokenHHHHHHHHHHHHHHHHHHHHH",
    "away@example.com": "OutOfOfficeTokenIIIIIIIIIIIIIIII",
    "someone.else@example.org": "",
    "grateful.reader@example.org": "ReplyQuotedTokenJJJJJJJJJJJJJJJJ",
    "plain.client@example.org": "PlainClientTokenKKKKKKKKKKKKKKKK",
}
CASES = [  # sample, person, folder, status afterwards
    ("postfix-hard-5.1.1.eml", "gone@example.com", PROCESSED, Status.BOUNCED),
    ("exim-hard-5.0.0.eml", "nobody@example.com", PROCESSED, Status.BOUNCED),
    ("exchange-online-ndr-5.1.10.eml", "old.colleague@example.com", PROCESSED, Status.BOUNCED),
    ("gmail-hard-5.1.1.eml", "left.job@example.com", PROCESSED, Status.BOUNCED),
    ("ses-hard-5.1.1.eml", "someone@example.org", PROCESSED, Status.BOUNCED),
    ("gmail-full-5.2.2.eml", "full.box@example.com", PROCESSED, Status.ACTIVE),  # soft
    ("postfix-soft-4.4.1.eml", "slow@example.com", PROCESSED, Status.ACTIVE),  # soft
    ("postfix-delayed.eml", "slow@example.com", PROCESSED, Status.ACTIVE),  # a warning only
    ("yahoo-arf.eml", "reader@example.com", PROCESSED, Status.COMPLAINED),
    ("aol-arf-redacted.eml", "aol.reader@example.com", PROCESSED, Status.COMPLAINED),
    ("microsoft-jmrp.eml", "hotmail.reader@example.com", PROCESSED, Status.COMPLAINED),
    ("dmarc-auth-failure.eml", "reader@example.com", PROCESSED, Status.ACTIVE),
    ("mailto-unsubscribe.eml", "mailto.reader@example.org", PROCESSED, Status.UNSUBSCRIBED),
    ("mailto-body-token.eml", "plain.client@example.org", PROCESSED, Status.UNSUBSCRIBED),
    ("please-remove-me.eml", "someone.else@example.org", UNRECOGNISED, Status.ACTIVE),
    # a reply quoting the newsletter's unsubscribe link is not a request to leave
    ("reply-quoting-newsletter.eml", "grateful.reader@example.org", UNRECOGNISED,
     Status.ACTIVE),
    ("out-of-office.eml", "away@example.com", UNRECOGNISED, Status.ACTIVE),
]


def populate(store: Store) -> None:
    store.import_rows([(address, "en") for address in PEOPLE], consent_text="old list", now=NOW)
    with store.db.write() as tx:
        for address, token in PEOPLE.items():
            if token:
                tx.run("UPDATE subscribers SET token = :token WHERE address = :address",
                       token=token, address=address)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "list.db") as opened:
        populate(opened)
        yield opened


def maildir(root: Path, *names: str) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for number, name in enumerate(names):
        shutil.copy(MAIL / name, root / "new" / f"1733302931.M{number}P1.test")
    return root


def statuses(store: Store) -> dict[str, Status]:
    return {s.address: s.status for s in store.export()}


def folder_count(root: Path, folder: str) -> int:
    return len(list((root / f".{folder}" / "cur").iterdir()))


# classification -------------------------------------------------------------------------------

def test_status_codes_are_classified() -> None:
    assert classify("failed", "5.1.1", "") == (Kind.HARD, "5.1.1")
    assert classify("failed", "5.0.0", "smtp; 550 5.1.1 <x> unknown") == (Kind.HARD, "5.1.1")
    assert classify("failed", "5.2.2", "") == (Kind.SOFT, "5.2.2")
    assert classify("failed", "5.7.1", "smtp; 550 5.7.1 spam") == (Kind.SOFT, "5.7.1")
    assert classify("failed", "4.4.1", "") == (Kind.SOFT, "4.4.1")
    assert classify("failed", "", "smtp; 550 No such user") == (Kind.HARD, "5.0.0")
    assert classify("delayed", "4.4.1", "") == (Kind.NOTICE, "4.4.1")
    assert classify("delivered", "2.0.0", "") == (Kind.NOTICE, "2.0.0")


@pytest.mark.parametrize(("sample", "person", "folder", "status"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_sample_lands_in_its_folder_and_changes_only_its_subscriber(
        store: Store, tmp_path: Path, sample: str, person: str, folder: str,
        status: Status) -> None:
    root = maildir(tmp_path / "Maildir", sample)
    before = statuses(store)
    tally = read_maildir(store, root, NOW)
    assert tally.messages == 1
    assert folder_count(root, folder) == 1
    assert list((root / "new").iterdir()) == []
    after = statuses(store)
    assert after[person] is status
    assert {a: s for a, s in after.items() if a != person} == \
        {a: s for a, s in before.items() if a != person}


def test_soft_bounces_suppress_after_three_in_a_row_and_a_delivery_resets(
        store: Store, tmp_path: Path) -> None:
    root = tmp_path / "Maildir"
    slow = store.by_address("slow@example.com")
    assert slow is not None

    def bounce() -> None:
        maildir(root, "postfix-soft-4.4.1.eml")
        read_maildir(store, root, NOW)

    bounce()
    bounce()
    with store.begin_run("2026-W50", NOW) as run:
        run.record(slow.id, SendStatus.SENT, "250 2.0.0 ok", NOW)
    bounce()
    bounce()
    assert statuses(store)["slow@example.com"] is Status.ACTIVE
    bounce()
    assert statuses(store)["slow@example.com"] is Status.BOUNCED
    assert folder_count(root, PROCESSED) == 5


def test_a_report_about_someone_not_on_the_list_changes_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "list.db") as store:
        store.import_rows([("reader@example.com", "en")], consent_text="old", now=NOW)
        before = list(store.export())
        root = maildir(tmp_path / "Maildir", "postfix-hard-5.1.1.eml", "ses-hard-5.1.1.eml",
                       "aol-arf-redacted.eml", "mailto-unsubscribe.eml")
        tally = read_maildir(store, root, NOW)
        assert list(store.export()) == before
    assert tally.outcomes["hard bounce: not on the list, nothing changed"] == 2
    assert tally.outcomes["complaint: not on the list, nothing changed"] == 1
    assert folder_count(root, PROCESSED) == 3
    assert folder_count(root, UNRECOGNISED) == 1  # an unknown token: a person should look


def test_broken_and_foreign_messages_go_to_unrecognised(store: Store, tmp_path: Path) -> None:
    root = maildir(tmp_path / "Maildir")
    (root / "new" / "1.garbage").write_bytes(b"\x00\xff\xfe not a message\r\n\r\n\x80")
    (root / "new" / "2.report").write_bytes(
        b"Content-Type: multipart/report; report-type=disposition-notification; "
        b"boundary=x\r\n\r\n--x\r\nContent-Type: message/disposition-notification\r\n\r\n"
        b"Disposition: manual-action/MDN-sent-manually; displayed\r\n--x--\r\n")
    (root / "new" / "3.unsub").write_bytes(
        b"From: a@example.org\r\nSubject: unsubscribe\r\n\r\nplease\r\n")
    before = statuses(store)
    tally = read_maildir(store, root, NOW)
    assert tally.messages == 3 and folder_count(root, UNRECOGNISED) == 3
    assert statuses(store) == before


def test_nothing_is_handled_twice(store: Store, tmp_path: Path) -> None:
    root = maildir(tmp_path / "Maildir", *(c[0] for c in CASES))
    first = read_maildir(store, root, NOW)
    assert first.messages == len(CASES)
    assert folder_count(root, PROCESSED) == 14 and folder_count(root, UNRECOGNISED) == 3
    again = read_maildir(store, root, NOW)
    assert again.messages == 0
    assert folder_count(root, PROCESSED) == 14


def test_a_folder_that_is_not_a_maildir_is_named(store: Store, tmp_path: Path) -> None:
    with pytest.raises(MailboxError, match="is not a Maildir"):
        read_maildir(store, tmp_path / "nothing here", NOW)


def test_no_address_in_logs_or_tallies(store: Store, tmp_path: Path,
                                       caplog: pytest.LogCaptureFixture,
                                       capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    root = maildir(tmp_path / "Maildir", *(c[0] for c in CASES))
    (root / "new" / "garbage").write_bytes(b"Content-Type: multipart/report; boundary=\"\r\n")
    tally = read_maildir(store, root, NOW)
    findings = [repr(f) for c in CASES for f in read((MAIL / c[0]).read_bytes()).findings]
    out, err = capfd.readouterr()
    seen = "\n".join([*tally.lines(), *findings, caplog.text, out, err])
    assert "@" not in seen


# IMAP, against Debian's dovecot ----------------------------------------------------------------

@dataclass
class Imap:
    maildir: Path  # the test user's mail, as dovecot stores it
    url: str
    ca: Path  # the certificate authority of its TLS certificate (when it has one)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _test_ca(folder: Path) -> Path:
    """A throw-away CA and a certificate for localhost signed by it (openssl); the CA file."""
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    curve = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    openssl("req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Lumbung test CA")
    openssl("req", *curve, "-keyout", "server.key", "-out", "server.csr", "-subj",
            "/CN=localhost")
    (folder / "san.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n",
                                    encoding="utf-8")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.cnf")
    return folder / "ca.pem"


def _dovecot(settings: str = "", tls: bool = False) -> Iterator[Imap]:
    if not DOVECOT.exists() or os.geteuid() != 0:
        pytest.skip("needs Debian's dovecot-imapd and root to start it (apt-get install "
                    "dovecot-imapd)")
    base = Path(tempfile.mkdtemp(prefix="lumbung-imap-"))
    base.chmod(0o755)
    home = base / "home" / "tester"
    maildir(home / "Maildir")
    for path in [base / "home", *home.rglob("*"), home]:
        os.chown(path, 65534, 65534)  # nobody:nogroup, the mail user below
    (base / "passwd").write_text("tester:{PLAIN}s3cret pass\n", encoding="utf-8")
    port, tls_port = _free_port(), _free_port()
    extra = settings + "\n" if settings else ""
    if tls:
        _test_ca(base)
        extra += (f"ssl = yes\nssl_cert = <{base}/server.pem\nssl_key = <{base}/server.key\n"
                  "ssl_dh = </usr/share/dovecot/dh.pem\n")
    else:
        extra += "ssl = no\n"
    (base / "dovecot.conf").write_text(f"""
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
disable_plaintext_auth = no
auth_mechanisms = plain
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={base}/home/%u
}}
mail_location = maildir:~/Maildir
{extra}service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port if tls else 0}
  }}
}}
""", encoding="utf-8")
    server = subprocess.Popen([str(DOVECOT), "-F", "-c", str(base / "dovecot.conf")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("dovecot did not start") from None
                time.sleep(0.05)
        url = f"imaps://tester:s3cret%20pass@localhost:{tls_port}/INBOX" if tls else \
            f"imap://tester:s3cret%20pass@127.0.0.1:{port}/INBOX"
        yield Imap(home / "Maildir", url, base / "ca.pem")
    finally:
        server.terminate()
        server.communicate(timeout=10)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def dovecot() -> Iterator[Imap]:
    yield from _dovecot()


@pytest.fixture
def dovecot_without_move() -> Iterator[Imap]:
    yield from _dovecot("imap_capability = IMAP4rev1 LITERAL+ SASL-IR IDLE UIDPLUS")


@pytest.fixture
def dovecot_inbox_namespace() -> Iterator[Imap]:  # every folder under INBOX., as Courier does
    yield from _dovecot("namespace inbox {\n  inbox = yes\n  prefix = INBOX.\n"
                        "  separator = .\n}")


@pytest.fixture
def dovecot_tls() -> Iterator[Imap]:
    yield from _dovecot(tls=True)


def test_imaps_verifies_the_server_certificate(store: Store, dovecot_tls: Imap,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _seed(dovecot_tls, "exim-hard-5.0.0.eml")
    with pytest.raises(MailboxError, match="at localhost.*SSLCertVerificationError"):
        read_imap(store, dovecot_tls.url, NOW, timeout=5)  # signed by an unknown CA
    assert statuses(store)["nobody@example.com"] is Status.ACTIVE
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot_tls.ca))  # now the CA is trusted
    tally = read_imap(store, dovecot_tls.url, NOW, timeout=5)
    assert tally.messages == 1 and statuses(store)["nobody@example.com"] is Status.BOUNCED
    assert _imap_folder(dovecot_tls, PROCESSED) == 1


def _seed(imap: Imap, *names: str) -> None:
    maildir(imap.maildir, *names)
    for path in (imap.maildir / "new").iterdir():
        os.chown(path, 65534, 65534)


def _imap_folder(imap: Imap, folder: str) -> int:
    path = imap.maildir / f".{folder}"
    return sum(len(list((path / sub).iterdir())) for sub in ("new", "cur")) if path.exists() \
        else 0


@pytest.mark.parametrize("server", ["dovecot", "dovecot_without_move",
                                    "dovecot_inbox_namespace"])
def test_imap_moves_each_message_once(store: Store, server: str,
                                      request: pytest.FixtureRequest) -> None:
    imap: Imap = request.getfixturevalue(server)
    _seed(imap, "gmail-hard-5.1.1.eml", "yahoo-arf.eml", "please-remove-me.eml")
    used: list[str] = []

    def connect(target: ImapTarget, timeout: float) -> imaplib.IMAP4:
        client = imaplib.IMAP4(target.host, target.port, timeout=timeout)
        plain_uid = client.uid

        def uid(command: str, *args: str) -> tuple[str, list[object]]:
            used.append(" ".join([command, *args]))
            return plain_uid(command, *args)

        client.uid = uid  # type: ignore[method-assign]
        return client

    tally = read_imap(store, imap.url, NOW, connect=connect)
    commands = {u.split()[0] for u in used}
    assert ("MOVE" in commands, "COPY" in commands) == \
        ((False, True) if server == "dovecot_without_move" else (True, False))
    processed = '"INBOX.Processed"' if server == "dovecot_inbox_namespace" else '"Processed"'
    assert sum(u.endswith(" " + processed) for u in used) == 2
    assert tally.messages == 3
    found = statuses(store)
    assert found["left.job@example.com"] is Status.BOUNCED
    assert found["reader@example.com"] is Status.COMPLAINED
    assert (_imap_folder(imap, PROCESSED), _imap_folder(imap, UNRECOGNISED)) == (2, 1)
    assert read_imap(store, imap.url, NOW).messages == 0  # nothing twice
    inbox = sum(len(list((imap.maildir / sub).iterdir())) for sub in ("new", "cur"))
    assert inbox == 0


def test_imap_login_failure_names_the_server_not_the_user(store: Store, dovecot: Imap) -> None:
    url = dovecot.url.replace("s3cret%20pass", "wrong")
    with pytest.raises(MailboxError) as refused:
        read_imap(store, url, NOW)
    message = str(refused.value)
    assert "refused the login" in message and "127.0.0.1" in message
    assert "tester" not in message and "wrong" not in message


def test_imap_url_problems_are_explained(store: Store) -> None:
    with pytest.raises(MailboxError, match="imaps://user:password@host"):
        read_imap(store, "https://example.org/INBOX", NOW)
    with pytest.raises(MailboxError, match="cannot reach"):
        read_imap(store, f"imap://u:p@127.0.0.1:{_free_port()}/INBOX", NOW, timeout=2)
