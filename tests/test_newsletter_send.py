"""Delivery against a real SMTP server on loopback: headers, faults, resumable exactly-once."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lumbung.config import load_site
from lumbung.newsletter import issuefile
from lumbung.newsletter.model import Issue, IssueStatus, Item
from lumbung.newsletter.render import render_edition
from lumbung.newsletter.tokens import Tokens
from tests.conftest import ROOT, copy_site
from tests.helpers.smtp import SmtpServer

SITE = load_site(ROOT / "mkdocs.yml")
SECRET = "test-secret-0123456789abcdef"
WEEK = "2026-W47"


def address(n: int) -> str:
    return f"reader{n:04d}@mail.example.org"


@pytest.fixture
def setup(tmp_path: Path):
    root = copy_site(tmp_path / "site")
    start, end = issuefile.week_bounds(WEEK)
    items = tuple(Item(id=f"i{n}", title=f"ព័ត៌មាន {n}" if n % 2 else f"News {n}",
                       url=f"https://partner.example.org/{n}", summary_html="<p>Summary.</p>",
                       summary_text="Summary.", published=datetime(2026, 11, 18, tzinfo=UTC),
                       language="km" if n % 2 else "en", partner="Partner",
                       partner_site="https://partner.example.org", country="KH",
                       topics=("education",)) for n in range(4))
    issuefile.save(Issue(WEEK, start, end, items, {"en": "Intro.", "km": "សេចក្តីផ្តើម។"},
                         status=IssueStatus.APPROVED), root / "newsletters" / "issues")
    private = tmp_path / "private"
    private.mkdir()
    return root, private


def subscribers(private: Path, count: int, bad_rows: bool = False) -> Path:
    rows = ["email,language,name"]
    rows += [f"{address(n)},{SITE.codes[n % len(SITE.codes)]},Reader {n}" for n in range(count)]
    if bad_rows:
        rows += ["not-an-address,km,", f"{address(9999)},xx,"]
    path = private / "subscribers.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def cli(root: Path, *args: str, env: dict | None = None, **popen) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "LUMBUNG_NEWSLETTER_SECRET": SECRET, "COLUMNS": "200",
                **(env or {})}
    return subprocess.run([sys.executable, str(root / "scripts" / "newsletter.py"), *args],
                          env=full_env, capture_output=True, text=True, timeout=300,
                          check=False, **popen)


def assert_private(output: str) -> None:
    assert not re.search(r"reader\d{4}@", output), "an address was printed"


def test_dry_run_counts_per_language_and_writes_one_eml_per_edition(setup) -> None:
    root, private = setup
    path = subscribers(private, 24, bad_rows=True)
    result = cli(root, "send", "--week", WEEK, "--subscribers", str(path))
    assert result.returncode == 0, result.stderr
    assert_private(result.stdout + result.stderr)
    for lang in SITE.codes:
        assert f"{lang}: 3 subscribers" in result.stdout
    assert "row 25: not a valid email address; skipped" in result.stdout
    assert "row 26: unknown language 'xx'" in result.stdout
    emls = sorted((private / f"preview-{WEEK}").glob("*.eml"))
    assert [p.name.split(".")[1] for p in emls] == sorted(SITE.codes)


def test_every_edition_arrives_with_its_headers(setup) -> None:
    root, private = setup
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'unsubscribe_url: ""', 'unsubscribe_url: "https://lumbung.example.org/unsubscribe"'),
        encoding="utf-8")
    path = subscribers(private, 16)
    tokens = Tokens(SECRET)
    issue = issuefile.load(issuefile.issue_path(root / "newsletters" / "issues", WEEK))
    subjects = {lang: render_edition(issue, lang, SITE).subject for lang in SITE.codes}
    with SmtpServer() as server:
        result = cli(root, "send", "--week", WEEK, "--subscribers", str(path), "--send",
                     "--rate", "0", env=server.env())
        assert result.returncode == 0, result.stdout + result.stderr
        assert_private(result.stdout + result.stderr)
        assert "sent + failed + skipped = 16; subscribers = 16" in result.stdout
        counts = server.handler.counts()
        assert len(counts) == 16 and set(counts.values()) == {1}
        assert server.handler.sessions == 1, "one SMTP connection reused for every message"
        for n in range(16):
            lang = SITE.codes[n % len(SITE.codes)]
            message = server.handler.messages[address(n)][0]
            assert message.get_content_type() == "multipart/alternative"
            assert [p.get_content_type() for p in message.iter_parts()] == \
                ["text/plain", "text/html"]
            assert message["Content-Language"] == lang
            assert message["Subject"] == subjects[lang]  # localized, non-ASCII intact
            assert lang in ("en", "ms", "id") or not message["Subject"].isascii()
            token = tokens.token(address(n))
            assert message["Message-ID"] and message["Date"]
            assert message["List-Id"] == "Lumbung weekly <weekly.lumbung.example.org>"
            assert message["List-Archive"].endswith(f"newsletters/{WEEK}/>")
            assert f"https://lumbung.example.org/unsubscribe?token={token}" in \
                message["List-Unsubscribe"]
            assert f"mailto:unsubscribe@lumbung.example.org?subject=unsubscribe%20{token}" in \
                message["List-Unsubscribe"]
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            html = message.get_body(("html",)).get_content()
            assert f"unsubscribe?token={token}" in html
            assert f'lang="{lang}"' in html


def test_dropped_connection_and_temporary_refusals_are_retried(setup) -> None:
    root, private = setup
    path = subscribers(private, 12)
    with SmtpServer() as server:
        server.handler.drop_after = 5
        server.handler.temporary[address(3)] = 2
        server.handler.temporary[address(8)] = 1
        result = cli(root, "send", "--week", WEEK, "--subscribers", str(path), "--send",
                     "--rate", "0", "--retry-delay", "0.05", env=server.env())
        assert result.returncode == 0, result.stdout + result.stderr
        assert server.handler.dropped == 1
        counts = server.handler.counts()
        assert {address(n): 1 for n in range(12)} == dict(counts)


def test_permanent_refusals_are_recorded_not_retried(setup) -> None:
    root, private = setup
    path = subscribers(private, 10)
    with SmtpServer() as server:
        server.handler.permanent = {address(2), address(7)}
        args = ("send", "--week", WEEK, "--subscribers", str(path), "--send", "--rate", "0",
                "--retry-delay", "0.05")
        first = cli(root, *args, env=server.env())
        assert "failed: 2 (2 refused permanently, 0 deferred" in first.stdout
        assert "sent + failed + skipped = 10; subscribers = 10" in first.stdout
        second = cli(root, *args, env=server.env())
        assert "sent: 8 (0 now, 8 in earlier runs)" in second.stdout
        assert "failed: 2 (2 refused permanently" in second.stdout
        assert sum(server.handler.counts().values()) == 8
    journal = (private / f"send-journal-{WEEK}.log").read_text(encoding="utf-8")
    assert "@" not in journal and len(journal.splitlines()) == 10


def test_unsubscribed_readers_are_skipped(setup) -> None:
    root, private = setup
    path = subscribers(private, 6)
    token = Tokens(SECRET).token(address(4))
    result = cli(root, "unsubscribe", token, "--subscribers", str(path))
    assert result.returncode == 0 and "unsubscribed" in result.stdout
    assert token in (root / "newsletters" / "suppressed.txt").read_text(encoding="utf-8")
    with SmtpServer() as server:
        result = cli(root, "send", "--week", WEEK, "--subscribers", str(path), "--send",
                     "--rate", "0", env=server.env())
        assert "skipped: 1 (unsubscribed)" in result.stdout
        assert address(4) not in server.handler.counts()
        assert len(server.handler.counts()) == 5


def test_a_subscriber_file_inside_the_repository_is_refused(setup) -> None:
    root, _ = setup
    path = subscribers(root, 2)
    result = cli(root, "send", "--week", WEEK, "--subscribers", str(path))
    assert result.returncode != 0
    assert "inside the repository" in result.stdout + result.stderr


def test_killed_runs_resume_without_duplicates_or_gaps(setup) -> None:
    """8 trials: SIGKILL at a random moment (often just after the server accepted a message),
    run again; every subscriber ends up with exactly one message.

    SMTP has no exactly-once: if the kill lands after the server took the in-flight message but
    before the journal line was written (tens of microseconds), the rerun sends it again. That
    copy carries the same Message-ID, so it is the same message (receivers such as Gmail
    collapse it); we count messages by Message-ID and allow at most that one raw copy per kill.
    """
    root, private = setup
    rng = random.Random(20261124)
    total = 30
    raw_copies = 0
    for trial in range(8):
        for leftover in private.glob("send-journal-*"):
            leftover.unlink()
        path = subscribers(private, total)
        with SmtpServer() as server:
            args = [sys.executable, str(root / "scripts" / "newsletter.py"), "send", "--week",
                    WEEK, "--subscribers", str(path), "--send", "--rate", "0"]
            env = {**os.environ, "LUMBUNG_NEWSLETTER_SECRET": SECRET, **server.env()}
            process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            target = rng.randrange(0, total)
            deadline = time.monotonic() + 60
            while server.handler.accepted < target and process.poll() is None and \
                    time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(rng.random() * 0.004)
            process.send_signal(signal.SIGKILL)
            process.wait()
            rerun = cli(root, "send", "--week", WEEK, "--subscribers", str(path), "--send",
                        "--rate", "0", env=server.env())
            assert rerun.returncode == 0, (trial, rerun.stdout, rerun.stderr)
            received = server.handler.messages
            ids = {n: {m["Message-ID"] for m in received.get(address(n), [])}
                   for n in range(total)}
            missing = [n for n in range(total) if not ids[n]]
            duplicated = [n for n in range(total) if len(ids[n]) > 1]
            assert (missing, duplicated) == ([], []), f"trial {trial}, killed at {target}"
            copies = sum(len(v) for v in received.values()) - total
            assert copies <= 1, f"trial {trial}: {copies} raw copies; only the in-flight " \
                "message may be resent"
            raw_copies += copies
    print(f"raw resends of an in-flight message over 8 kills: {raw_copies}")


def test_test_send_delivers_each_edition_to_one_address(setup) -> None:
    root, _ = setup
    with SmtpServer() as server:
        result = cli(root, "send", "--week", WEEK, "--test-to", "editor@mail.example.org",
                     env=server.env())
        assert result.returncode == 0, result.stdout + result.stderr
        assert "editor@" not in result.stdout + result.stderr
        received = server.handler.messages["editor@mail.example.org"]
        assert sorted(m["Content-Language"] for m in received) == sorted(SITE.codes)
        assert f"test send: {len(SITE.codes)} of {len(SITE.codes)} editions" in result.stdout


def test_the_rate_limit_spaces_messages() -> None:
    from lumbung.newsletter.deliver import Mailer, SmtpSettings

    waits: list[float] = []
    with SmtpServer() as server:
        mailer = Mailer(SmtpSettings("127.0.0.1", server.port, security="none"), per_minute=120,
                        sleep=waits.append)
        for n in range(4):
            outcome = mailer.send("n@example.org", address(n), b"Subject: x\r\n\r\nbody")
            assert outcome.status == "sent"
        mailer.close()
    assert len(waits) == 3 and all(0.4 < w <= 0.5 for w in waits), waits


def test_the_send_settings_come_from_the_sites_extra_newsletter() -> None:
    from dataclasses import replace

    from lumbung.newsletter import outbox
    from lumbung.newsletter.model import NewsletterError

    raw = SITE.extra["newsletter"]
    config = outbox.send_config(SITE)
    assert (config.sender, config.list_id, config.unsubscribe_mailto) == \
        (raw["sender"], raw["list_id"], raw["unsubscribe_mailto"])
    missing = replace(SITE, extra={"newsletter": {"sender": raw["sender"]}})
    with pytest.raises(NewsletterError) as caught:
        outbox.send_config(missing)
    assert str(caught.value) == "mkdocs.yml: extra: newsletter: list_id, unsubscribe_mailto missing"
    plain = replace(SITE, extra={"newsletter": {**raw, "unsubscribe_url": "http://x.example.org"}})
    with pytest.raises(NewsletterError, match="unsubscribe_url: expected an https:// address, "
                       "got 'http://x.example.org'"):
        outbox.send_config(plain)
