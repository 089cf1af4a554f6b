"""The list's staff commands (scripts/newsletter_lists.py) on real store files: what they
print, what they refuse, and that only `subscribers export` ever prints an address."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import sys
import types
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lumbung.subscribers.statuses import Consent, Status
from lumbung.subscribers.store import Store

ROOT = Path(__file__).resolve().parent.parent
MAIL = Path(__file__).parent / "fixtures" / "mail"
spec = importlib.util.spec_from_file_location("newsletter_lists",
                                              ROOT / "scripts" / "newsletter_lists.py")
assert spec is not None and spec.loader is not None
cli = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cli)

ADDRESSES = ["anna.k@example.org", "budi@example.com", "chanthy@example.org",
             "dara@example.com", "existing@example.org"]
CSV = """\ufeffEmail,Language,Name
anna.k@example.org,en,Anna
not an address,en,
budi@example.com,xx,Budi
ANNA.K@example.org,km,
chanthy@example.org,km
existing@example.org,th,Old friend
dara@example.com
dara@example.com,vi,Dara
"""


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "list.db"
    monkeypatch.setenv("LUMBUNG_DB", str(path))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_address(*texts: str) -> None:
    joined = "\n".join(texts).casefold()
    for address in ADDRESSES:
        assert address.casefold() not in joined
        assert address.split("@")[0].casefold() not in joined


def test_import_reports_rows_by_number_and_never_aborts(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db) as store:
        token = store.request("existing@example.org", "en", how=Consent.FORM, text="form",
                              now=datetime.now(UTC)).confirm_token
        assert token and store.confirm(token, datetime.now(UTC))
    source = tmp_path / "old-list.csv"
    source.write_bytes(CSV.encode("utf-8") + b"broken\xff@example.org,en\n")
    code, out, err = run(capsys, "subscribers", "import", str(source), "--consent",
                         "Asked to join at the 2025 partner meeting")
    assert code == 0
    assert "added 3 subscribers" in out
    assert "already on the list, left as they are: rows 6" in out
    assert "same address as an earlier row, skipped: rows 4" in out
    assert "row 2: not a valid email address; skipped" in out
    assert "row 3: unknown language 'xx'" in out
    assert "row 7: unknown language ''" in out
    assert "row 9: not a valid email address" in out
    assert_no_address(out, err)
    with Store.open(db) as store:
        people = {s.address: s for s in store.export()}
    assert set(people) == {"anna.k@example.org", "chanthy@example.org", "dara@example.com",
                           "existing@example.org"}
    assert people["existing@example.org"].consent is Consent.FORM  # untouched
    assert people["dara@example.com"].language == "vi"
    assert people["anna.k@example.org"].consent is Consent.IMPORT
    assert people["anna.k@example.org"].consent_text == "Asked to join at the 2025 partner meeting"
    assert people["anna.k@example.org"].status is Status.ACTIVE


def test_import_without_a_header_or_consent_is_refused(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "no-header.csv"
    source.write_text("anna.k@example.org,en\n", encoding="utf-8")
    code, out, err = run(capsys, "subscribers", "import", str(source), "--consent", "x")
    assert code == 1 and "header row with email,language" in err
    source.write_text("email,language\nanna.k@example.org,en\n", encoding="utf-8")
    code, out, err = run(capsys, "subscribers", "import", str(source), "--consent", "  ")
    assert code == 1 and "consent text is required" in err
    assert_no_address(out, err)


def test_export_is_the_one_command_that_prints_addresses(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "old-list.csv"
    source.write_text(CSV, encoding="utf-8")
    run(capsys, "subscribers", "import", str(source), "--consent", "paper list")
    code, out, err = run(capsys, "subscribers", "export")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "email,language,status,consent,consent_text,requested_at,confirmed_at"
    assert lines[1].startswith("anna.k@example.org,en,active,import,paper list,")
    assert len(lines) == 5
    assert "holds email addresses, on purpose" in err
    out_file = tmp_path / "export.csv"
    code, out, err = run(capsys, "subscribers", "export", "--out", str(out_file))
    assert code == 0 and out == "" and "exported 4 subscribers" in err
    assert out_file.read_text(encoding="utf-8").splitlines() == lines
    assert oct(out_file.stat().st_mode & 0o777) == "0o600"
    code, out, err = run(capsys, "subscribers", "export", "--out", str(ROOT / "export.csv"))
    assert code == 1 and "inside the site's repository" in err
    assert not (ROOT / "export.csv").exists()


def test_stats_and_backup_print_no_address(db: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "old-list.csv"
    source.write_text(CSV, encoding="utf-8")
    run(capsys, "subscribers", "import", str(source), "--consent", "paper list")
    with Store.open(db) as store:
        store.suppress("dara@example.com", Status.BOUNCED, datetime.now(UTC))
    code, out, err = run(capsys, "subscribers", "stats")
    assert code == 0
    table = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
             for line in out.splitlines() if line.count("│") > 3}
    header = list(Status) + ["total"]
    assert dict(zip(header, table["en"], strict=True))["active"] == "1"
    assert dict(zip(header, table["km"], strict=True))["active"] == "1"
    assert dict(zip(header, table["th"], strict=True))["active"] == "1"
    assert dict(zip(header, table["vi"], strict=True))["bounced"] == "1"
    assert table["all"][-1] == "4"
    backup = tmp_path / "backup.db"
    code, out2, err2 = run(capsys, "subscribers", "backup", str(backup))
    assert code == 0 and "backed up 4 subscribers" in out2
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT COUNT(*) FROM subscribers").fetchone()[0] == 4
    assert_no_address(out, err, out2, err2)


def test_mailbox_command_reads_a_maildir(db: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db) as store:
        store.import_rows([("gone@example.com", "en")], consent_text="old", now=datetime.now(UTC))
    root = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    shutil.copy(MAIL / "postfix-hard-5.1.1.eml", root / "new" / "1.a")
    shutil.copy(MAIL / "please-remove-me.eml", root / "new" / "2.b")
    code, out, err = run(capsys, "mailbox", "--maildir", str(root))
    assert code == 0
    assert "messages read: 2" in out and "hard bounce: suppressed: 1" in out
    assert "unrecognised: 1" in out
    assert "@" not in out + err
    with Store.open(db) as store:
        assert store.stats() == {("en", Status.BOUNCED): 1}


def test_the_imap_password_can_come_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUMBUNG_IMAP_PASSWORD", "p@ss word/1")
    assert cli._imap_url("imaps://lists@mail.example.org/INBOX") == \
        "imaps://lists:p%40ss%20word%2F1@mail.example.org/INBOX"
    assert cli._imap_url("imaps://lists:given@mail.example.org:994/INBOX") == \
        "imaps://lists:given@mail.example.org:994/INBOX"


def test_every_command_needs_to_know_where_the_store_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("LUMBUNG_DB", raising=False)
    for argv in (["subscribers", "stats"], ["subscribers", "export"],
                 ["subscribers", "backup", str(tmp_path / "b.db")], ["subscribers", "expire"],
                 ["mailbox", "--maildir", str(tmp_path)], ["serve"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and "--db PATH, or set LUMBUNG_DB" in err, argv
    code, out, err = run(capsys, "subscribers", "stats", "--db", str(tmp_path / "x" / "l.db"))
    assert code == 1 and "does not exist" in err
    code, out, err = run(capsys, "subscribers", "stats", "--db", str(tmp_path / "l.db"))
    assert code == 0 and (tmp_path / "l.db").exists()


def test_serve_hands_over_to_the_list_service(db: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[tuple] = []
    fake = types.ModuleType("lumbung.listservice.app")
    fake.serve = lambda *args: calls.append(args)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lumbung.listservice.app", fake)
    code, _, _ = run(capsys, "serve", "--port", "8099")
    assert code == 0
    ((target, site, host, port, env),) = calls
    assert (target, host, port) == (str(db), "127.0.0.1", 8099)
    assert "en" in site.codes and env is os.environ


def test_expire_forgets_old_unconfirmed_sign_ups(db: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db) as store:
        store.request("anna.k@example.org", "en", how=Consent.FORM, text="form",
                      now=datetime.now(UTC) - timedelta(days=8))
        store.request("budi@example.com", "en", how=Consent.FORM, text="form",
                      now=datetime.now(UTC))
    code, out, err = run(capsys, "subscribers", "expire")
    assert code == 0 and "forgot 1 sign-ups" in out
    assert_no_address(out, err)
