"""The web archive and the emails, from a hostile feed through every stage to Chromium."""

from __future__ import annotations

import subprocess
import sys

import feedparser
import pytest

from bench.webserver import CompressingServer
from lumbung.config import load_site
from tests.conftest import ROOT, run_build
from tests.helpers.feeds import rss2
from tests.test_newsletter_ingest import XSS

pytestmark = [pytest.mark.build, pytest.mark.browser]
SITE = load_site(ROOT / "mkdocs.yml")
WEEK = "2026-W47"
HOSTILE_TITLE = ("&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;"
                 "&lt;script&gt;window.__xss=2&lt;/script&gt;Hostile")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):
    from tests.conftest import copy_site

    root = copy_site(tmp_path_factory.mktemp("archive") / "site")
    for old in (root / "newsletters" / "issues").rglob("*.yml"):
        old.unlink()
    feed = rss2([
        {"title": HOSTILE_TITLE, "link": "https://xss.example.org/news/1",
         "date": "Wed, 18 Nov 2026 10:00 +0700",
         "summary": XSS.replace("alert(", "window.__xss=(")},
        {"title": "A calm item", "link": "https://calm.example.org/1",
         "date": "Thu, 19 Nov 2026 10:00 +0700", "summary": "<p>Nothing to see.</p>"},
    ], link="https://xss.example.org/")
    (root / "newsletters" / "sample-feeds" / "hostile.xml").write_text(feed, encoding="utf-8")
    (root / "newsletters" / "hostile.yml").write_text(
        "- name: Hostile Partner\n  url: sample-feeds/hostile.xml\n"
        "  site: https://xss.example.org/\n  languages: [en]\n  country: TH\n"
        "  topics: [education]\n", encoding="utf-8")
    script = root / "scripts" / "newsletter.py"
    built = subprocess.run([sys.executable, str(script), "build", "--week", WEEK, "--offline",
                            "--feeds", str(root / "newsletters" / "hostile.yml")],
                           capture_output=True, text=True, timeout=300, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    out = root / "email-out"
    preview = subprocess.run([sys.executable, str(script), "preview", "--week", WEEK, "--out",
                              str(out)], capture_output=True, text=True, timeout=300,
                             check=False)
    assert preview.returncode == 0, preview.stdout + preview.stderr
    build = run_build(root)
    assert build.ok, build.output
    return build, out


def test_every_language_has_the_issue_page_and_feeds(hostile_site) -> None:
    build, _ = hostile_site
    for lang in SITE.codes:
        prefix = "" if lang == SITE.default else f"{lang}/"
        page = build.html(f"{prefix}newsletters/{WEEK}/index.html")
        assert f'<html lang="{lang}"' in page and "A calm item" in page
        index = build.html(f"{prefix}newsletters/index.html")
        assert f'newsletters/{WEEK}/"' in index
        archive = feedparser.parse((build.site / f"{prefix}newsletters/feed.xml").read_bytes())
        assert not archive.bozo and archive.entries[0].link.endswith(
            f"{prefix}newsletters/{WEEK}/")
        resources = feedparser.parse((build.site / f"{prefix}library/feed.xml").read_bytes())
        assert not resources.bozo and len(resources.entries) >= 20
        assert resources.feed.language == lang


def _open_without_effect(browser, url: str) -> list[str]:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    flag = page.evaluate("() => window.__xss")
    page.mouse.move(200, 300)
    page.close()
    assert dialogs == [] and flag is None, (url, dialogs, flag)
    return requests


def test_nothing_from_the_hostile_feed_runs_on_the_archive_page(hostile_site, browser) -> None:
    build, _ = hostile_site
    with CompressingServer(build.site) as server:
        for prefix in ("", "km/"):
            requests = _open_without_effect(browser, server.url(f"{prefix}newsletters/{WEEK}/"))
            assert all(u.startswith(server.origin) for u in requests), requests
    page = build.html(f"newsletters/{WEEK}/index.html")
    assert ">Hostile</a>" in page
    assert "__xss" not in page and "onerror" not in page and "javascript:" not in page


def test_nothing_from_the_hostile_feed_runs_in_the_emails(hostile_site, browser) -> None:
    _, out = hostile_site
    editions = sorted(out.glob(f"{WEEK}.*.html"))
    assert len(editions) == len(SITE.codes)
    for edition in editions:
        html = edition.read_text(encoding="utf-8")
        assert "<script" not in html and "onerror" not in html and "javascript:" not in html
        requests = _open_without_effect(browser, edition.as_uri())
        assert not [u for u in requests if "xss" in u or "track.example" in u], requests
