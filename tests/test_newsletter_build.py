"""Building an issue: conditional GET, frozen weeks and --refresh, the site's own items, the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from lumbung.config import load_site
from lumbung.newsletter import issuefile
from lumbung.newsletter.build import build_issue, default_week
from lumbung.newsletter.fetch import Limits, fetch_feeds
from lumbung.newsletter.model import FeedStatus, ItemKind, NewsletterError, Partner
from tests.helpers.feeds import (
    ROOT,
    FeedServer,
    Route,
    hang,
    make_site,
    partner_yaml,
    rss2,
    stream,
)

WEEK = "2026-W47"
NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
LIMITS = Limits(connect=1.0, read=1.5, deadline=2.0)
ETAG = '"v1-abc"'
LAST_MODIFIED = "Wed, 18 Nov 2026 03:00:00 GMT"
SCRIPT = ROOT / "scripts" / "newsletter.py"


def story(n: int, date: str = "Wed, 18 Nov 2026 10:00:00 +0700") -> dict:
    return {"title": f"Conditional story {n}", "link": f"https://cond.example.org/{n}",
            "date": date, "summary": f"<p>Story {n}.</p>"}


@pytest.fixture
def server():
    feed = rss2([story(1), story(2, "")], link="https://cond.example.org/")
    with FeedServer({"/cond.xml": Route(feed, etag=ETAG, last_modified=LAST_MODIFIED)}) as srv:
        yield srv


@pytest.fixture
def site(tmp_path: Path, server: FeedServer):
    root = make_site(tmp_path / "site", partner_yaml("Cond", server.url("/cond.xml")))
    return load_site(root / "mkdocs.yml")


def test_second_run_sends_validators_and_records_not_modified(site, server) -> None:
    first = build_issue(site, WEEK, limits=LIMITS, now=NOW)
    assert first.issue.health[0].status == "ok"
    assert len(first.issue.items) == 2
    (request,) = server.requests_to("/cond.xml")
    assert "if-none-match" not in request.headers

    later = NOW + timedelta(hours=3)
    second = build_issue(site, WEEK, limits=LIMITS, now=later, refresh=True)
    last = server.requests_to("/cond.xml")[-1]
    assert last.headers.get("if-none-match") == ETAG
    assert last.headers.get("if-modified-since") == LAST_MODIFIED
    assert second.issue.health[0].status == "not modified"
    # The copy kept from the first run is read again: the same items, the same first-seen date.
    assert [i.id for i in second.issue.items] == [i.id for i in first.issue.items]
    undated = next(i for i in second.issue.items if i.title == "Conditional story 2")
    assert undated.published == NOW
    saved = yaml.safe_load(second.path.read_text(encoding="utf-8"))
    assert saved["health"][0]["status"] == "not modified"

    # Offline, nothing is fetched: the kept copy is read and the health line says so.
    asked = len(server.requests)
    offline = build_issue(site, WEEK, limits=LIMITS, now=later, refresh=True, offline=True)
    assert len(server.requests) == asked
    assert offline.issue.health[0].status == "not modified"
    assert "--offline" in offline.issue.health[0].detail
    assert [i.id for i in offline.issue.items] == [i.id for i in first.issue.items]


def test_a_frozen_week_is_left_alone_unless_refreshed(site, server) -> None:
    first = build_issue(site, WEEK, limits=LIMITS, now=NOW)
    frozen = first.path.read_bytes()
    asked = len(server.requests)

    again = build_issue(site, WEEK, limits=LIMITS, now=NOW + timedelta(days=1))
    assert not again.built
    assert len(server.requests) == asked, "a frozen week fetches nothing"
    assert first.path.read_bytes() == frozen

    # An editor's intro survives --refresh; the items are collected again.
    edited = frozen.decode("utf-8").replace("News from our partner organisations",
                                            "Edited by an editor:")
    first.path.write_text(edited, encoding="utf-8")
    server.routes["/cond.xml"] = Route(rss2([story(1), story(3)]))
    refreshed = build_issue(site, WEEK, limits=LIMITS, now=NOW + timedelta(days=1),
                            refresh=True)
    assert refreshed.built
    assert len(server.requests) == asked + 1
    assert refreshed.issue.intro["en"].startswith("Edited by an editor:")
    assert {i.title for i in refreshed.issue.items} == {"Conditional story 1",
                                                        "Conditional story 3"}


def test_the_sites_own_new_resources_and_webinars_are_included(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", "[]\n")
    resource = root / "docs" / "resources" / "blue-dragon-child-protection-vietnam.md"
    resource.write_text(re.sub(r"(?m)^published: .*$", "published: 2026-11-18",
                               resource.read_text(encoding="utf-8")), encoding="utf-8")
    webinar = root / "docs" / "webinars" / "ethical-storytelling-webinar.md"
    webinar.write_text(re.sub(r"(?m)^date: .*$", "date: 2026-11-19",
                              webinar.read_text(encoding="utf-8")), encoding="utf-8")
    site = load_site(root / "mkdocs.yml")
    issue = build_issue(site, WEEK, now=NOW, offline=True).issue

    resources = [i for i in issue.items if i.kind == "resource"]
    assert {i.language for i in resources} == set(site.codes)  # it exists in all 8 languages
    by_lang = {i.language: i for i in resources}
    assert by_lang["en"].url == \
        "https://lumbung.example.org/resources/blue-dragon-child-protection-vietnam/"
    assert by_lang["km"].url == \
        "https://lumbung.example.org/km/resources/blue-dragon-child-protection-vietnam/"
    assert by_lang["en"].partner == "Lumbung"
    webinars = [i for i in issue.items if i.kind == "webinar"]
    assert [i.language for i in webinars] == ["en"]
    assert webinars[0].url == "https://lumbung.example.org/webinars/ethical-storytelling-webinar/"
    # Resources dated only to the year (published: 2020) are never "new this week".
    assert len(issue.items) == len(resources) + 1


def test_a_50_mb_body_is_never_held_in_memory() -> None:
    partner = Partner("Huge", "", "https://huge.example.org/", ("en",), "TH", ())
    with FeedServer({"/huge.xml": stream(50_000_000)}) as srv:
        huge = Partner(**{**partner.__dict__, "url": srv.url("/huge.xml")})
        tracemalloc.start()
        try:
            (result,) = fetch_feeds([huge], {}, limits=LIMITS, feeds_dir=Path("."))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result.status == "too large"
    assert peak < 4 * Limits.max_bytes, peak


def test_the_default_week_is_the_current_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUMBUNG_TODAY", raising=False)
    # Sunday 22 Nov 2026 18:00 UTC is already Monday in Bangkok: week 48.
    assert default_week(datetime(2026, 11, 22, 18, 0, tzinfo=UTC)) == "2026-W48"
    assert default_week(datetime(2026, 11, 22, 16, 0, tzinfo=UTC)) == "2026-W47"
    monkeypatch.setenv("LUMBUNG_TODAY", "2026-11-18")
    assert default_week() == "2026-W47"


def test_frozen_issues_hold_plain_strings_and_read_back_as_enums() -> None:
    path = issuefile.issue_path(ROOT / "newsletters" / "issues", WEEK)
    issue = issuefile.load(path)
    assert {type(i.kind) for i in issue.items} == {ItemKind}
    assert {type(h.status) for h in issue.health} == {FeedStatus}
    text = issuefile.dump(issue)
    assert text == path.read_text(encoding="utf-8")  # the frozen demo issue, byte for byte
    assert "!!python" not in text and "kind: news" in text and "status: ok" in text
    data = yaml.safe_load(text)
    assert {type(i["kind"]) for i in data["items"]} == {str}
    assert {type(h["status"]) for h in data["health"]} == {str}


def test_an_unknown_kind_in_a_frozen_issue_is_named(tmp_path: Path) -> None:
    source = issuefile.issue_path(ROOT / "newsletters" / "issues", WEEK)
    broken = tmp_path / source.name
    broken.write_text(source.read_text(encoding="utf-8").replace("kind: news", "kind: story", 1),
                      encoding="utf-8")
    with pytest.raises(NewsletterError) as caught:
        issuefile.load(broken)
    assert str(caught.value) == f"{broken}: items: item 1: kind: expected one of news, " \
        "resource, webinar; got 'story'"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1",
                               "COLUMNS": "200", "PYTHONPATH": str(ROOT)})


def test_the_demo_builds_offline_from_the_sample_feeds(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    newsletters = ROOT / "newsletters"
    (root / "newsletters" / "feeds.yml").write_text(
        (newsletters / "feeds.yml").read_text(encoding="utf-8"), encoding="utf-8")
    samples = root / "newsletters" / "sample-feeds"
    samples.mkdir()
    for path in (newsletters / "sample-feeds").iterdir():
        (samples / path.name).write_bytes(path.read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    first = run_cli("--config", str(root / "mkdocs.yml"), "build", "--week", WEEK, "--offline",
                    cwd=elsewhere)
    assert first.returncode == 0, first.stderr
    assert "Froze 2026-W47" in first.stdout
    path = issuefile.issue_path(root / "newsletters" / "issues", WEEK)
    issue = issuefile.load(path)
    assert not list(elsewhere.iterdir()), "nothing is written to the current directory"
    assert {"km", "th", "my", "vi", "ms", "en"} <= {i.language for i in issue.items}
    assert all(h.status == "ok" for h in issue.health), issue.health
    checklist = [i for i in issue.items if "ethical-storytelling-checklist" in i.url]
    assert len(checklist) == 1  # shared by two partners, with tracking parameters
    assert set(issue.intro) == set(load_site(root / "mkdocs.yml").codes)

    again = run_cli("--config", str(root / "mkdocs.yml"), "build", "--week", WEEK, "--offline",
                    cwd=elsewhere)
    assert again.returncode == 0
    assert "already frozen" in again.stdout and "nothing changed" in again.stdout


def test_the_cli_reports_a_bad_feeds_file_in_one_line_per_problem(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", partner_yaml("Bad", "file:///etc/passwd",
                                                     languages="[en, xx]"))
    result = run_cli("--config", str(root / "mkdocs.yml"), "build", "--week", WEEK,
                     cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "newsletters/feeds.yml: partner 1 (Bad): url: expected an http(s) address or a path "
        "inside this file's folder like sample-feeds/partner.xml, got 'file:///etc/passwd'",
        "newsletters/feeds.yml: partner 1 (Bad): languages: item 2: expected one of en, km, th, "
        "vi, my, lo, ms, id; got 'xx'",
    ]


def test_a_hundred_feeds_with_ten_silent_ones_take_about_one_deadline(tmp_path: Path) -> None:
    routes = {f"/feed-{n}.xml": Route(rss2([story(1000 + n)])) for n in range(90)}
    routes.update({f"/silent-{n}.xml": hang for n in range(10)})
    with FeedServer(routes) as srv:
        feeds = "".join(partner_yaml(f"Partner {path}", srv.url(path)) for path in routes)
        site = load_site(make_site(tmp_path / "site", feeds) / "mkdocs.yml")
        start = time.monotonic()
        issue = build_issue(site, WEEK, limits=LIMITS, now=NOW).issue
        seconds = time.monotonic() - start
    statuses = [h.status for h in issue.health]
    assert statuses.count("ok") == 90 and statuses.count("timeout") == 10
    assert len(issue.items) == 90
    assert seconds < LIMITS.deadline + 5, seconds
