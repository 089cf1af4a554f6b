"""Newsletter ingestion end to end, against a real local HTTP server full of good and bad feeds.

One build of 2026-W47 collects every feed below; the tests read its frozen issue and health.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from lumbung.config import load_site
from lumbung.newsletter.build import Outcome, build_issue
from lumbung.newsletter.fetch import Limits
from lumbung.newsletter.model import Issue, Item
from tests.helpers.feeds import (
    FeedServer,
    Route,
    atom,
    gzip_bomb,
    hang,
    make_site,
    partner_yaml,
    redirect_to,
    rss1,
    rss2,
    stream,
)

WEEK = "2026-W47"
NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)  # Sunday 23:00 in Bangkok, end of the week
LIMITS = Limits(connect=1.0, read=1.5, deadline=2.0)
SECRET = "LUMBUNG-SECRET-MARKER-7f3a9c"
THAI_TITLES = ("ข่าวการป้องกันการค้ามนุษย์ในภาคเหนือของประเทศไทย",
               "ชั้นเรียนสิทธิมนุษยชนสำหรับนักเรียนและครอบครัว")
THAI_SUMMARY = "นักเรียนได้เรียนรู้เรื่องสิทธิมนุษยชนและวิธีป้องกันตนเองจากการค้ามนุษย์"
WESTERNS = ("Café “quoted” – naïve résumé", "Déjà vu: ‘smart quotes’ — and a € sign")
SHARED = "https://freedomstory.example.org/news/shared-story/"
XSS = """
<script>alert('script')</script>
<img src="https://track.example.net/p.gif" onerror="alert('img')" width="1" height="1">
<a href="javascript:alert('js')">js link</a> <a href="JaVaScRiPt:alert('js2')">js2</a>
<a href="&#106;avascript:alert('js3')">js3</a> <a href=" java&#09;script:alert('js4')">js4</a>
<a href="vbscript:msgbox('vb')">vb</a>
<svg onload="alert('svg')"><circle r="10"/><script>alert('svg2')</script></svg>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>
<img src="data:image/png;base64,AAAA">
<div style="background:url(javascript:alert('css'));width:expression(alert('css2'))">styled</div>
<style>body { background: expression(alert('style')) }</style>
<iframe src="https://video.example.org/embed/xss-test"></iframe>
<iframe src="javascript:alert('frame')"></iframe>
<form action="https://evil.example.net/"><input name="q" value="x"><button>Go</button></form>
<object data="https://evil.example.net/x.swf"></object><embed src="x.swf">
<math><mtext><img src=x onerror="alert('math')"></mtext></math>
<meta http-equiv="refresh" content="0;url=javascript:alert('meta')">
<base href="javascript:alert('base')//">
<p onclick="alert('click')" onmouseover="alert('over')">Safe text survives</p>
<a href="/relative/page">relative link</a>
"""
FORBIDDEN = ("<script", "alert(", "javascript", "vbscript", "onerror", "onload", "onclick",
             "onmouseover", "<svg", "data:", "expression", "<iframe", "<img", "<style", "<form",
             "<input", "<button", "<object", "<embed", "<math", "<meta", "<base", "style=",
             "track.example.net", "evil.example.net")
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><link>https://laughs.example.org/</link>
<item><title>&lol9;</title><link>https://laughs.example.org/1</link></item></channel></rss>"""


def trickle(handler: Any) -> None:
    """Answer at once, then one byte every 0.2 s: never silent long enough for a read timeout."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
    handler.wfile.flush()
    while not handler.server.stop.wait(0.2):
        handler.wfile.write(b" ")
        handler.wfile.flush()


def week_item(n: int, **extra: str) -> dict:
    return {"title": f"Story number {n} from the week", "date": "Wed, 18 Nov 2026 10:00:00 +0700",
            "link": f"https://partner.example.org/news/{n}", "summary": f"<p>Summary {n}.</p>",
            **extra}


def routes(secret_file: Path) -> dict:
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
           '<rss version="2.0"><channel><title>XXE</title><link>https://xxe.example.org/</link>'
           "<item><title>Leak &xxe;</title><link>https://xxe.example.org/1</link>"
           "<description>&xxe;</description><pubDate>Wed, 18 Nov 2026 10:00:00 +0700</pubDate>"
           "</item></channel></rss>")
    def thai(n: int, decl: str) -> str:
        return rss2([{"title": THAI_TITLES[n], "link": f"https://thai.example.org/news/{n}",
                      "date": "Wed, 18 Nov 2026 10:00:00 +0700",
                      "summary": f"<p>{THAI_SUMMARY}</p>"}],
                    title="Thai partner", link="https://thai.example.org/", language="th",
                    declaration=decl)

    def western(n: int, decl: str) -> str:
        return rss2([{"title": WESTERNS[n], "link": f"https://west.example.org/news/{n}",
                      "date": "Wed, 18 Nov 2026 10:00:00 +0700"}],
                    link="https://west.example.org/", declaration=decl)
    utf8_decl = '<?xml version="1.0" encoding="utf-8"?>'
    latin_decl = '<?xml version="1.0" encoding="iso-8859-1"?>'
    shared = [
        {"title": "The Freedom Story: a shared story about scholarships",
         "link": SHARED + "?utm_source=rss&utm_medium=feed&utm_campaign=w47",
         "date": "Tue, 17 Nov 2026 09:00:00 +0700"},
        {"title": "Partner news: scholarships keep students in school",
         "link": "HTTPS://FreedomStory.Example.ORG:443/news/shared-story?fbclid=IwAR123#top",
         "date": "Wed, 18 Nov 2026 09:00:00 +0700"},
        {"title": "Re-shared: how scholarships prevent trafficking",
         "link": "https://freedomstory.example.org/news/shared-story/?mc_cid=ab12&mc_eid=cd34"
                 "&gclid=xyz",
         "date": "Thu, 19 Nov 2026 09:00:00 +0700"},
    ]
    similar = "Blue Dragon maps new trafficking routes in 2026"
    return {
        "/rss2.xml": Route(rss2([
            week_item(1, title="ICT evening story", date="Sun, 22 Nov 2026 20:00:00 ICT"),
            week_item(2, title="A story with no date at all", date=""),
            week_item(3, title="A story dated in the future", date="Fri, 01 Jan 2027 09:00 +0700"),
            week_item(4, title="An older story from last week",
                      date="Wed, 11 Nov 2026 10:00:00 +0700"),
            week_item(5, title="WIB morning story", date="Mon, 16 Nov 2026 06:00:00 WIB"),
            week_item(6, title="Relative link story", link="/news/relative-6"),
        ], link="https://partner.example.org/")),
        "/rss1.rdf": Route(rss1([{"title": "An RSS 1.0 story", "date": "2026-11-19T09:00:00+07:00",
                                  "link": "https://rdf.example.org/news/1",
                                  "summary": "From an RDF feed."}], language="ms"),
                           content_type="application/rdf+xml"),
        "/atom.xml": Route(atom([{"title": "An Atom story", "date": "2026-11-20T09:00:00+07:00",
                                  "link": "/news/atom-1", "summary": "<p>From an Atom feed.</p>"}],
                                link="https://atom.example.org/", lang="vi").encode(),
                           content_type="application/atom+xml"),
        "/hang.xml": hang,
        "/error.xml": Route(b"oops", 500, "text/plain"),
        "/loop/a": redirect_to("/loop/b"),
        "/loop/b": redirect_to("/loop/a"),
        "/huge.xml": stream(50_000_000),
        "/huge-declared.xml": stream(50_000_000, declare=True),
        "/bomb.xml": gzip_bomb(50_000_000),
        "/page.html": Route(b"<!DOCTYPE html><html><head><title>Partner</title>"
                            b'<link rel="alternate" type="application/rss+xml" href="/feed/">'
                            b"</head><body><p>Welcome</p></body></html>",
                            content_type="text/html; charset=utf-8"),
        "/empty.xml": Route(rss2([]).encode()),
        "/bozo.xml": Route(rss2([week_item(7, title="Lenient & story")]).encode()),
        "/laughs.xml": Route(LAUGHS.encode()),
        "/xxe.xml": Route(xxe.encode()),
        "/xss.xml": Route(rss2([
            {"title": "&lt;script&gt;alert('title')&lt;/script&gt;&lt;b&gt;XSS&lt;/b&gt; title",
             "link": "https://xss.example.org/news/1", "date": "Wed, 18 Nov 2026 10:00 +0700",
             "summary": XSS},
            {"title": "A javascript link item", "link": "javascript:alert('item')",
             "date": "Wed, 18 Nov 2026 11:00 +0700"},
        ], link="https://xss.example.org/").encode()),
        "/thai-declared-utf8.xml": Route(thai(0, utf8_decl).encode("cp874")),
        "/thai-undeclared.xml": Route(thai(1, "").encode("cp874"), content_type="text/xml"),
        "/cp1252-declared-utf8.xml": Route(western(0, utf8_decl).encode("cp1252")),
        "/cp1252-declared-latin1.xml": Route(western(1, latin_decl).encode("cp1252")),
        "/trickle.xml": trickle,
        "/shared-a.xml": Route(rss2([shared[0]]).encode()),
        "/shared-b.xml": Route(atom([shared[1]]).encode(), content_type="application/atom+xml"),
        "/shared-c.xml": Route(rss2([shared[2], {"title": similar, "date": shared[2]["date"],
                                                 "link": "https://c.example.org/routes"}]).encode()),
        "/similar.xml": Route(rss2([{"title": similar.upper() + "!", "date": shared[2]["date"],
                                     "link": "https://d.example.org/other-url"}]).encode()),
        "/busy.xml": Route(rss2([week_item(n) for n in range(10, 17)]).encode()),
    }


PARTNERS = {  # partner name -> path on the server (or a local path)
    "RSS 2": "/rss2.xml", "RSS 1": "/rss1.rdf", "Atom": "/atom.xml", "Hangs": "/hang.xml",
    "Trickles": "/trickle.xml",
    "Server error": "/error.xml", "Redirect loop": "/loop/a", "Huge": "/huge.xml",
    "Huge declared": "/huge-declared.xml", "Gzip bomb": "/bomb.xml", "HTML page": "/page.html",
    "Empty": "/empty.xml", "Lenient": "/bozo.xml", "Laughs": "/laughs.xml", "XXE": "/xxe.xml",
    "XSS": "/xss.xml", "Thai UTF-8": "/thai-declared-utf8.xml",
    "Thai undeclared": "/thai-undeclared.xml", "Western UTF-8": "/cp1252-declared-utf8.xml",
    "Western Latin-1": "/cp1252-declared-latin1.xml", "Shared A": "/shared-a.xml",
    "Shared B": "/shared-b.xml", "Shared C": "/shared-c.xml", "Similar": "/similar.xml",
    "Busy": "/busy.xml",
}


class Run:
    def __init__(self, outcome: Outcome, seconds: float, server: FeedServer, root: Path):
        self.outcome, self.seconds, self.server, self.root = outcome, seconds, server, root
        self.text = outcome.path.read_text(encoding="utf-8")
        self.issue: Issue = outcome.issue

    def health(self, partner: str):
        return next(h for h in self.issue.health if h.partner == partner)

    def items(self, partner: str) -> list[Item]:
        return [i for i in self.issue.items if i.partner == partner]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("ingest")
    secret = tmp / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    with FeedServer(routes(secret)) as server:
        feeds = "".join(partner_yaml(name, server.url(path), site=f"https://{i}.example.org/")
                        for i, (name, path) in enumerate(PARTNERS.items()))
        root = make_site(tmp / "site", feeds)
        site = load_site(root / "mkdocs.yml")
        start = time.monotonic()
        outcome = build_issue(site, WEEK, limits=LIMITS, now=NOW)
        yield Run(outcome, time.monotonic() - start, server, root)


@pytest.mark.parametrize(("partner", "status", "detail"), [
    ("RSS 2", "ok", ""), ("RSS 1", "ok", ""), ("Atom", "ok", ""),
    ("Hangs", "timeout", "no data for 1.5 s"), ("Trickles", "timeout", "within 2 s"),
    ("Server error", "HTTP error", "HTTP 500"),
    ("Redirect loop", "HTTP error", "too many redirects"), ("Huge", "too large", "5 MB"),
    ("Huge declared", "too large", "announced"), ("Gzip bomb", "too large", "5 MB"),
    ("HTML page", "not a feed", "HTML page"), ("Empty", "no entries", ""),
    ("Lenient", "ok", "leniently"), ("Laughs", "refused", "ENTITY"), ("XXE", "refused", "ENTITY"),
    ("XSS", "ok", "1 no http(s) link"), ("Thai UTF-8", "ok", "windows-874"),
    ("Thai undeclared", "ok", "windows-874"), ("Western UTF-8", "ok", ""),
    ("Western Latin-1", "ok", ""), ("Busy", "ok", "2 over the cap of 5"),
])
def test_every_feed_has_its_health(run: Run, partner: str, status: str, detail: str) -> None:
    health = run.health(partner)
    assert health.status == status, health
    assert detail in health.detail, health


def test_health_is_saved_with_the_issue(run: Run) -> None:
    data = yaml.safe_load(run.text)
    assert {h["partner"] for h in data["health"]} == set(PARTNERS)
    assert next(h for h in data["health"] if h["partner"] == "Hangs")["status"] == "timeout"


def test_a_feed_that_never_answers_costs_only_its_deadline(run: Run) -> None:
    # Every feed is fetched at once: the whole build waits for the slowest deadline, not the sum.
    assert run.seconds < LIMITS.deadline + 3, run.seconds
    assert run.health("Hangs").seconds < LIMITS.deadline + 1
    assert run.health("Trickles").seconds < LIMITS.deadline + 1


def test_a_50_mb_body_is_abandoned_early(run: Run) -> None:
    sent = run.server.sent.get("/huge.xml", 0)
    assert 0 < sent < 25_000_000, sent
    assert run.server.sent.get("/huge-declared.xml", 0) < 25_000_000


def test_the_fetcher_names_itself(run: Run) -> None:
    agents = {r.headers.get("user-agent", "") for r in run.server.requests_to("/rss2.xml")}
    assert agents and all("Lumbung" in agent for agent in agents)


def test_an_html_page_points_to_its_feed(run: Run) -> None:
    assert run.server.url("/feed/") in run.health("HTML page").detail


def test_entity_documents_are_never_read(run: Run) -> None:
    assert SECRET not in run.text
    assert not run.items("XXE") and not run.items("Laughs")
    assert "lollol" not in run.text


def test_xss_payloads_are_removed(run: Run) -> None:
    items = run.items("XSS")
    assert len(items) == 1
    item = items[0]
    frozen = yaml.safe_load(run.text)
    record = next(i for i in frozen["items"] if i["partner"] == "XSS")
    everything = " ".join(str(v) for v in record.values()).lower()
    for needle in FORBIDDEN:
        assert needle not in everything, needle
    assert item.title == "XSS title"
    assert "Safe text survives" in item.summary_html
    assert '<a class="newsletter-video" href="https://video.example.org/embed/xss-test">' \
        in item.summary_html
    assert '<a href="https://xss.example.org/relative/page">relative link</a>' in item.summary_html


def test_wrong_declared_encodings_are_read_right(run: Run) -> None:
    for n, partner in enumerate(("Thai UTF-8", "Thai undeclared")):
        (item,) = run.items(partner)
        assert item.title == THAI_TITLES[n]
        assert item.summary_text == THAI_SUMMARY
        assert item.language == "th"
    for n, partner in enumerate(("Western UTF-8", "Western Latin-1")):
        (item,) = run.items(partner)
        assert item.title == WESTERNS[n]


def test_three_feeds_sharing_a_story_give_one_item(run: Run) -> None:
    shared = [i for i in run.issue.items if "shared-story" in i.url]
    assert len(shared) == 1, shared
    assert shared[0].url == SHARED
    assert shared[0].partner == "Shared A"  # the earliest
    assert "already in another partner's feed" in run.health("Shared B").detail
    assert "already in another partner's feed" in run.health("Shared C").detail


def test_near_identical_titles_from_two_feeds_give_one_item(run: Run) -> None:
    routes_items = [i for i in run.issue.items if "maps new trafficking routes" in i.title.lower()]
    assert len(routes_items) == 1, routes_items


def test_rss1_and_atom_entries_are_read(run: Run) -> None:
    (rdf,) = run.items("RSS 1")
    assert rdf.language == "ms" and rdf.published == datetime(2026, 11, 19, 2, tzinfo=UTC)
    (entry,) = run.items("Atom")
    assert entry.url == "https://atom.example.org/news/atom-1"
    assert entry.language == "vi"


def test_regional_zone_names_are_read_with_their_offset(run: Run) -> None:
    by_title = {i.title: i for i in run.items("RSS 2")}
    # 20:00 ICT (UTC+7) is 13:00 UTC; feedparser alone reads it as 20:00 UTC.
    assert by_title["ICT evening story"].published == datetime(2026, 11, 22, 13, tzinfo=UTC)
    assert by_title["WIB morning story"].published == datetime(2026, 11, 15, 23, tzinfo=UTC)


def test_missing_and_future_dates_become_the_time_first_seen(run: Run) -> None:
    by_title = {i.title: i for i in run.items("RSS 2")}
    assert by_title["A story with no date at all"].published == NOW
    assert by_title["A story dated in the future"].published == NOW
    assert "An older story from last week" not in by_title
    assert by_title["Relative link story"].url == "https://partner.example.org/news/relative-6"


def test_each_partner_is_capped(run: Run) -> None:
    assert len(run.items("Busy")) == 5


def test_items_are_unique_and_safe(run: Run) -> None:
    ids = [i.id for i in run.issue.items]
    assert len(ids) == len(set(ids))
    assert all(i.url.startswith(("https://", "http://")) for i in run.issue.items)
    assert all(i.published.tzinfo is not None for i in run.issue.items)
