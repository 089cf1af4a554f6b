"""Sending to the subscriber store: List-Unsubscribe on the wire, store tokens, the review gate,
the run lock, resuming after SIGKILL, and `send --approved` for a timer."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lumbung.newsletter import issuefile
from lumbung.newsletter.model import Issue, IssueStatus, Item
from lumbung.subscribers.store import Store
from tests.conftest import copy_site
from tests.helpers.smtpfaults import FaultyServer as SmtpServer
from tests.test_newsletter_send import SITE, WEEK, address, assert_private, cli

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LIST_URL = "https://lists.lumbung.example.org"
MAILTO = "unsubscribe@lumbung.example.org"


def item(n: int) -> Item:
    return Item(id=f"i{n}", title=f"News {n}", url=f"https://partner.example.org/{n}",
                summary_html="<p>Summary.</p>", summary_text="Summary.",
                published=datetime(2026, 11, 18, tzinfo=UTC), language="en", partner="Partner",
                partner_site="https://partner.example.org", country="KH", topics=("education",))


def freeze(root: Path, week: str = WEEK, *, status: IssueStatus = IssueStatus.APPROVED,
           items: int = 3, intro: dict[str, str] | None = None) -> Path:
    start, end = issuefile.week_bounds(week)
    issue = Issue(week, start, end, tuple(item(n) for n in range(items)),
                  intro if intro is not None else {"en": "This week."}, status=status)
    return issuefile.save(issue, root / "newsletters" / "issues")


def with_list_url(root: Path, url: str | None = LIST_URL) -> None:
    """Set (or, with None, remove) extra.newsletter.list_url in the site copy's mkdocs.yml."""
    config = root / "mkdocs.yml"
    text = re.sub(r"(?m)^    list_url:.*\n", "", config.read_text(encoding="utf-8"))
    if url is not None:
        text = text.replace(f"    unsubscribe_mailto: {MAILTO}\n",
                            f"    unsubscribe_mailto: {MAILTO}\n    list_url: {url}\n")
    config.write_text(text, encoding="utf-8")
    assert (f"list_url: {url}" in text) if url else ("list_url:" not in text)


def make_store(private: Path, count: int) -> Path:
    db = private / "subscribers.db"
    with Store.open(db) as store:
        report = store.import_rows(
            [(address(n), SITE.codes[n % len(SITE.codes)]) for n in range(count)],
            consent_text="test list", now=NOW, languages=SITE.codes)
    assert report.added == count
    return db


def tokens(db: Path) -> dict[str, str]:
    with Store.open(db) as store:
        return {s.address: s.token for s in store.export()}


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    root = copy_site(tmp_path / "site")
    freeze(root)
    private = tmp_path / "private"
    private.mkdir()
    return root, private


def send(root: Path, db: Path, server: SmtpServer, *extra: str,
         env: dict | None = None) -> subprocess.CompletedProcess:
    result = cli(root, "send", "--week", WEEK, "--db", str(db), "--send", "--rate", "0",
                 "--retry-delay", "0.01", *extra, env={**server.env(), **(env or {})})
    assert_private(result.stdout + result.stderr)
    return result


def header(raw: bytes, name: bytes) -> bytes:
    """One header field exactly as received: its physical lines, folding included."""
    head = raw.split(b"\r\n\r\n", 1)[0] + b"\r\n"
    found = re.search(rb"^" + name + rb":.*\r\n(?:[ \t].*\r\n)*", head, re.MULTILINE)
    return found.group(0) if found else b""


def test_list_unsubscribe_goes_out_unencoded_with_store_tokens_and_one_click(site) -> None:
    root, private = site
    with_list_url(root)
    db = make_store(private, 8)
    known = tokens(db)
    with SmtpServer() as server:
        result = send(root, db, server, env={"LUMBUNG_NEWSLETTER_SECRET": ""})
        assert result.returncode == 0, result.stdout + result.stderr
        assert "sent + failed + skipped = 8; subscribers = 8" in result.stdout
        for n in range(8):
            token = known[address(n)]
            (raw,) = server.handler.raw[address(n)]
            field = header(raw, b"List-Unsubscribe")
            assert field == (f"List-Unsubscribe: <{LIST_URL}/unsubscribe/{token}>,\r\n"
                             f" <mailto:{MAILTO}?subject=unsubscribe%20{token}>\r\n").encode()
            assert b"=?" not in field
            lines = field.split(b"\r\n")[:-1]  # folded only after the comma, never encoded
            assert all(line.endswith(b",") for line in lines[:-1]) and len(lines) == 2
            assert all(len(line) <= 998 for line in lines)
            assert header(raw, b"List-Unsubscribe-Post") == \
                b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            message = server.handler.messages[address(n)][0]
            html = message.get_body(("html",)).get_content()
            text = message.get_body(("plain",)).get_content()
            assert f'href="{LIST_URL}/unsubscribe/{token}"' in html
            assert f"{LIST_URL}/unsubscribe/{token}" in text
            assert "unsubscribe.invalid" not in html + text


def test_without_a_list_url_the_mailto_is_the_only_way_and_no_post_header(site) -> None:
    root, private = site
    with_list_url(root, None)
    db = make_store(private, 3)
    known = tokens(db)
    with SmtpServer() as server:
        assert send(root, db, server).returncode == 0
        for n in range(3):
            token = known[address(n)]
            (raw,) = server.handler.raw[address(n)]
            assert header(raw, b"List-Unsubscribe") == \
                f"List-Unsubscribe: <mailto:{MAILTO}?subject=unsubscribe%20{token}>\r\n".encode()
            assert header(raw, b"List-Unsubscribe-Post") == b""
            html = server.handler.messages[address(n)][0].get_body(("html",)).get_content()
            assert f'href="mailto:{MAILTO}?subject=unsubscribe%20{token}"' in html


@pytest.mark.parametrize("url", ["http://lists.example.org", "ftp://lists.example.org",
                                 "https://lïsts.example.org",
                                 "https://lists.example.org/?x=1"])
def test_a_list_url_that_is_not_https_is_refused(site, url: str) -> None:
    root, private = site
    with_list_url(root, url)
    db = make_store(private, 1)
    with SmtpServer() as server:
        result = send(root, db, server)
    assert result.returncode == 1
    assert "mkdocs.yml: extra: newsletter: list_url: expected" in result.stderr
    assert server.handler.accepted == 0


def test_an_unsubscribed_reader_stays_unsubscribed_when_the_secret_changes(site) -> None:
    root, private = site
    db = make_store(private, 4)
    with Store.open(db) as store:
        assert store.unsubscribe(tokens(db)[address(2)], NOW) is not None
    freeze(root, "2026-W48")
    with SmtpServer() as server:
        for week, secret in ((WEEK, "first-secret-0123456789"), ("2026-W48", "")):
            result = cli(root, "send", "--week", week, "--db", str(db), "--send", "--rate", "0",
                         env={**server.env(), "LUMBUNG_NEWSLETTER_SECRET": secret})
            assert result.returncode == 0, result.stdout + result.stderr
        assert address(2) not in server.handler.counts()
        assert dict(server.handler.counts()) == {address(n): 2 for n in (0, 1, 3)}


def test_a_sent_issue_is_not_sent_again_and_the_command_says_so(site) -> None:
    root, private = site
    db = make_store(private, 5)
    with SmtpServer() as server:
        assert send(root, db, server).returncode == 0
        again = send(root, db, server)
        assert again.returncode == 0, again.stdout + again.stderr
        assert f"{WEEK}: already sent to everyone on " in again.stdout
        assert "nothing to do" in again.stdout
        assert sum(server.handler.counts().values()) == 5


def test_the_store_comes_from_lumbung_db_too(site) -> None:
    root, private = site
    db = make_store(private, 2)
    with SmtpServer() as server:
        result = cli(root, "send", "--week", WEEK, "--send", "--rate", "0",
                     env={**server.env(), "LUMBUNG_DB": str(db)})
        assert result.returncode == 0, result.stdout + result.stderr
        assert len(server.handler.counts()) == 2
    stats = cli(root, "subscribers", "stats", env={"LUMBUNG_DB": str(db)})  # the list's commands
    assert stats.returncode == 0, stats.stdout + stats.stderr
    assert_private(stats.stdout)


def test_a_second_run_of_the_same_issue_is_refused_while_one_runs(site) -> None:
    root, private = site
    db = make_store(private, 3)
    with Store.open(db) as store, store.begin_run(WEEK, datetime.now(UTC)), \
            SmtpServer() as server:
        result = send(root, db, server)
        assert result.returncode == 1
        assert f"issue {WEEK} is already being sent by process {os.getpid()}" in result.stderr
        assert server.handler.accepted == 0


def test_drafts_are_refused_with_the_line_to_change(site) -> None:
    root, private = site
    path = freeze(root, status=IssueStatus.DRAFT)
    db = make_store(private, 2)
    line = issuefile.status_line(path)
    assert path.read_text(encoding="utf-8").splitlines()[line - 1] == "status: draft"
    with SmtpServer() as server:
        result = send(root, db, server)
        assert result.returncode == 1
        assert result.stderr.strip() == (
            f"newsletters/issues/2026/{WEEK}.yml, line {line}: status: draft; a draft is not "
            "sent. An editor approves the issue by changing that line to 'status: approved'")
        assert server.handler.accepted == 0
        preview = cli(root, "preview", "--week", WEEK, "--out", str(private / "preview"))
        assert preview.returncode == 0, preview.stderr  # editors preview drafts
        path.write_text(path.read_text(encoding="utf-8").replace("status: draft",
                                                                 "status: approved"),
                        encoding="utf-8")
        assert send(root, db, server).returncode == 0
        assert len(server.handler.counts()) == 2


def test_an_empty_week_is_not_sent_unless_an_editor_wrote_an_intro(site) -> None:
    root, private = site
    db = make_store(private, 2)
    from lumbung.newsletter.intro import default_intros

    freeze(root, items=0, intro=default_intros(SITE.codes))
    with SmtpServer() as server:
        result = send(root, db, server)
        assert result.returncode == 1
        assert f"{WEEK} has no items, so it is not sent" in result.stderr
        freeze(root, items=0, intro={**default_intros(SITE.codes), "en": "A quiet week: "
                                     "our partners are at the regional meeting."})
        result = send(root, db, server)
        assert result.returncode == 0, result.stdout + result.stderr
        assert len(server.handler.counts()) == 2


def test_bad_records_in_the_store_are_skipped_and_named_by_id(site) -> None:
    root, private = site
    db = make_store(private, 5)
    with Store.open(db) as store, store.db.write() as tx:
        tx.run("UPDATE subscribers SET address = :a WHERE id = 2", a=address(1) + "\nBcc: x@y.z")
        tx.run("UPDATE subscribers SET language = 'xx' WHERE id = 4")
    with SmtpServer() as server:
        result = send(root, db, server)
        out = result.stdout
        assert "subscribers: subscriber 2: not a valid email address; skipped" in out
        assert "subscribers: subscriber 4: no edition in its language 'xx'; skipped" in out
        assert "skipped: 2 (unsubscribed; 2 with bad data, listed above)" in out
        assert "sent + failed + skipped = 5; subscribers = 5" in out
        assert sorted(server.handler.counts()) == [address(0), address(2), address(4)]
        assert result.returncode == 0


def test_send_approved_sends_the_last_two_weeks_once(site) -> None:
    root, private = site
    db = make_store(private, 3)
    freeze(root, "2026-W46")
    freeze(root, "2026-W45")  # too old for the timer
    freeze(root, "2026-W48", status=IssueStatus.DRAFT)
    env = {"LUMBUNG_TODAY": "2026-11-24"}  # in 2026-W48
    with SmtpServer() as server:
        args = ("send", "--approved", "--db", str(db), "--send", "--rate", "0")
        first = cli(root, *args, env={**server.env(), **env})
        assert first.returncode == 0, first.stdout + first.stderr
        assert "2026-W48.yml, line 4: status: draft; a draft is not sent" in first.stdout
        assert "2026-W47:" in first.stdout and "2026-W46" not in first.stdout
        assert sum(server.handler.counts().values()) == 3
        second = cli(root, *args, env={**server.env(), **env})
        assert f"{WEEK}: already sent to everyone" in second.stdout
        assert second.returncode == 0
        assert sum(server.handler.counts().values()) == 3
        help_text = cli(root, "send", "--help").stdout
        assert "send --approved --db" in help_text and "timer" in help_text


def test_a_killed_run_resumes_with_no_gap_and_at_most_one_repeat(site) -> None:
    """A real `send --db … --send` killed with SIGKILL mid-run, then run again: every
    subscriber has at least one message, and only the one in flight may have two."""
    root, private = site
    total = 300
    db = make_store(private, total)
    with SmtpServer() as server:
        env = {**os.environ, "LUMBUNG_NEWSLETTER_SECRET": "", **server.env()}
        process = subprocess.Popen(
            [sys.executable, str(root / "scripts" / "newsletter.py"), "send", "--week", WEEK,
             "--db", str(db), "--send", "--rate", "0"], env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while server.handler.accepted < total // 2 and process.poll() is None and \
                time.monotonic() < deadline:
            time.sleep(0.0005)
        process.send_signal(signal.SIGKILL)
        process.wait()
        before = server.handler.accepted
        assert 0 < before < total, "the kill must land mid-run"
        rerun = send(root, db, server)
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        assert "took over the stale lock" in rerun.stdout  # the killed run's lock
        counts = server.handler.counts()
        missing = [n for n in range(total) if counts[address(n)] == 0]
        twice = [n for n in range(total) if counts[address(n)] > 1]
        assert missing == [] and len(twice) <= 1, (missing, twice)
        assert max(counts.values()) <= 2
        if twice:  # the same message again: its Message-ID is stable
            ids = {m["Message-ID"] for m in server.handler.messages[address(twice[0])]}
            assert len(ids) == 1
        print(f"killed after {before} of {total}; rerun sent {sum(counts.values()) - before}; "
              f"{len(twice)} repeated")
        third = send(root, db, server)
        assert "already sent to everyone" in third.stdout
        assert sum(server.handler.counts().values()) == total + len(twice)


def test_build_says_an_issue_is_a_draft_and_that_an_empty_week_will_not_be_sent(site) -> None:
    root, private = site
    built = cli(root, "build", "--week", WEEK, "--offline", "--refresh")
    assert built.returncode == 0, built.stdout + built.stderr
    path = issuefile.issue_path(root / "newsletters" / "issues", WEEK)
    line = issuefile.status_line(path)
    assert issuefile.load(path).status is IssueStatus.DRAFT  # collected again: review again
    assert f"It is a draft: once reviewed, an editor approves it by changing line {line} of " \
           f"newsletters/issues/2026/{WEEK}.yml to 'status: approved'." in built.stdout
    empty = cli(root, "build", "--week", "2030-W10", "--offline")
    assert empty.returncode == 0, empty.stdout + empty.stderr
    assert "2030-W10 has no items, so it will not be sent. To send it anyway, an editor " \
           "writes an intro in newsletters/issues/2030/2030-W10.yml and approves it." in \
           empty.stdout


def test_a_missing_store_is_not_created(site) -> None:
    root, private = site
    with SmtpServer() as server:
        result = send(root, private / "typo.db", server)
    assert result.returncode == 1
    assert f"subscriber store: {private / 'typo.db'} does not exist" in result.stderr
    assert not (private / "typo.db").exists()


@pytest.mark.parametrize(("url", "post"), [("https://lists.example.org/", True),
                                           ("http://127.0.0.1:8025", False),
                                           ("http://[::1]:8025/lists", False)])
def test_list_url_is_read_once_and_one_click_needs_https(url: str, post: bool) -> None:
    from dataclasses import replace

    from lumbung.config import list_url
    from lumbung.newsletter import outbox
    from lumbung.newsletter.render import render_edition
    from lumbung.newsletter.sending import headers

    site = replace(SITE, extra={"newsletter": {**SITE.extra["newsletter"], "list_url": url}})
    config = outbox.send_config(site)
    assert config.list_url == list_url(site) == url.rstrip("/")
    issue = issuefile.load(issuefile.issue_path(SITE.issues_dir, WEEK))
    values, link = headers(config, render_edition(issue, "en", SITE), "Tok3n_Tok3n_Tok3n_Tok3n")
    assert link == f"{url.rstrip('/')}/unsubscribe/Tok3n_Tok3n_Tok3n_Tok3n"
    assert values["List-Unsubscribe"].startswith(f"<{link}>, <mailto:{MAILTO}?subject=")
    assert ("List-Unsubscribe-Post" in values) is post
