"""The benchmark harness: compressing server, corpus generator, and one tiny end-to-end run."""

from __future__ import annotations

import gzip
import http.client
import importlib.util
import os
import random
import re
import smtplib
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from bench import feedgen, text
from bench.corpus import write_corpus
from bench.feedcpu import digest_pass
from bench.feedserver import FeedServer, feed_routes
from bench.listbench import Options as ListOptions
from bench.listbench import Run as ListRun
from bench.listbench import _report as list_report
from bench.listload import Load
from bench.report import metrics
from bench.send import delivery
from bench.smtpsink import SmtpSink
from bench.webserver import CompressingServer, accepted_encodings, choose_encoding, is_hashed
from bench.words import LEXICONS, UNSPACED
from lumbung.config import load_site
from lumbung.content.library import build_library
from lumbung.content.vocabulary import load_topics
from lumbung.newsletter import issuefile
from lumbung.newsletter.dates import week_window
from lumbung.newsletter.feeds import load_partners
from lumbung.newsletter.model import Fetched, Partner
from lumbung.newsletter.parse import parse_feed

ROOT = Path(__file__).resolve().parent.parent
SITE = load_site(ROOT / "mkdocs.yml")
TOPICS = ROOT / "docs" / "topics.yml"
PAGE = "<!doctype html><title>t</title>" + "<p>Lumbung ខ្មែរ ไทย</p>\n" * 200
PAGEFIND = gzip.compress(b"pagefind_dcd" + b"\x00" * 300)


# --- the compressing server -------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("served")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "404.html").write_text("<p>not here</p>", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.html").write_text("<p>docs</p>", encoding="utf-8")
    (root / "main.484c7ddc.min.css").write_text("body{margin:0}\n" * 50, encoding="utf-8")
    (root / "data.json").write_text('{"a": 1}', encoding="utf-8")
    (root / "pixel.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    (root / "en_3f2a9c1b.pf_meta").write_bytes(PAGEFIND)
    with CompressingServer(root) as server:
        yield server


def get(server: CompressingServer, path: str, method: str = "GET", **headers: str):
    host, port = server.origin.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(method, path, headers=headers)
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def test_gzip_when_asked(served):
    response, body = get(served, "/", **{"Accept-Encoding": "gzip, deflate"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body).decode("utf-8") == PAGE
    assert int(response.getheader("Content-Length")) == len(body) < len(PAGE.encode())
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Vary") == "Accept-Encoding"


@pytest.mark.parametrize("accept", [None, "identity", "gzip;q=0", "compress"])
def test_identity_otherwise(served, accept):
    headers = {"Accept-Encoding": accept} if accept else {}
    response, body = get(served, "/", **headers)
    assert response.getheader("Content-Encoding") is None
    assert body.decode("utf-8") == PAGE
    assert int(response.getheader("Content-Length")) == len(body)


def test_etag_gives_304(served):
    first, _ = get(served, "/", **{"Accept-Encoding": "gzip"})
    etag = first.getheader("ETag")
    assert etag
    again, body = get(served, "/", **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status == 304 and body == b""
    assert again.getheader("ETag") == etag
    plain, _ = get(served, "/", **{"If-None-Match": etag})  # another representation
    assert plain.status == 200


def test_cache_headers(served):
    html, _ = get(served, "/")
    assert html.getheader("Cache-Control") == "no-cache"
    css, _ = get(served, "/main.484c7ddc.min.css", **{"Accept-Encoding": "gzip"})
    assert css.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert css.getheader("Content-Type") == "text/css; charset=utf-8"
    assert css.getheader("Content-Encoding") == "gzip"
    data, _ = get(served, "/data.json")
    assert data.getheader("Content-Type") == "application/json; charset=utf-8"
    assert data.getheader("Cache-Control") == "no-cache"


def test_binary_and_pagefind_files_as_they_are(served):
    png, body = get(served, "/pixel.png", **{"Accept-Encoding": "gzip"})
    assert png.getheader("Content-Encoding") is None and len(body) == 508
    pf, body = get(served, "/en_3f2a9c1b.pf_meta", **{"Accept-Encoding": "gzip"})
    assert pf.getheader("Content-Encoding") is None and body == PAGEFIND
    assert pf.getheader("Cache-Control").endswith("immutable")


def test_directories_404_and_head(served):
    moved, _ = get(served, "/docs")
    assert moved.status == 301 and moved.getheader("Location") == "/docs/"
    index, body = get(served, "/docs/")
    assert index.status == 200 and body == b"<p>docs</p>"
    missing, body = get(served, "/nothing/here/")
    assert missing.status == 404 and body == b"<p>not here</p>"
    escape, _ = get(served, "/../../etc/passwd")
    assert escape.status == 404
    head, body = get(served, "/", "HEAD")
    assert head.status == 200 and body == b"" and int(head.getheader("Content-Length")) > 0


def test_log_counts_bytes_on_the_wire(served):
    # A path no other test asks for: an earlier test's request logged late cannot be taken for
    # this one. The server logs a request just after sending it, so wait for the entry itself.
    path = f"/?probe={uuid.uuid4().hex}"
    _, body = get(served, path, **{"Accept-Encoding": "gzip"})
    deadline = time.monotonic() + 10
    while not (entries := [r for r in served.requests() if r.path == path]):
        assert time.monotonic() < deadline, f"{path} never logged"
        time.sleep(0.01)
    (entry,) = entries
    assert entry.encoding == "gzip" and entry.body_bytes == len(body)
    assert entry.wire_bytes > entry.body_bytes  # status line and headers count too


def test_encoding_negotiation_and_hash_names():
    assert accepted_encodings("gzip;q=0.5, br") == {"gzip": 0.5, "br": 1.0}
    assert choose_encoding("*") in ("br", "gzip")
    assert choose_encoding("deflate") == ""
    assert is_hashed("bundle.a5f9d56c.min.js") and is_hashed("lumbung.3f2a9c1b0d.css")
    assert not is_hashed("search_index.json") and not is_hashed("decade.css")


# --- the corpus -------------------------------------------------------------------------------

def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    return write_corpus(tmp_path_factory.mktemp("corpus") / "docs", SITE.codes, TOPICS, 12,
                        seed=7)


def test_corpus_is_valid_lumbung_content(corpus):
    library = build_library(corpus.docs_dir, SITE.codes, SITE.default)
    assert len(library.originals("resource")) == 12
    assert len(library.originals("webinar")) == 1
    translations = [d for d in library.documents if d.translation is not None]
    assert translations
    for doc in translations:
        assert doc.translation.status == "draft"
        assert doc.translation.source == library.original(doc).source_version
    for lang in SITE.codes[1:]:
        assert (corpus.docs_dir / f"index.{lang}.md").is_file()


def test_translations_are_partial(corpus):
    others = len(SITE.codes) - 1
    counts = [len(langs) for langs in corpus.translated.values()]
    assert all(round(0.3 * others) <= n <= round(0.7 * others) for n in counts[1:])
    assert any(n < others for n in counts)
    showcase = corpus.translated[f"resources/{corpus.showcase}.md"]
    assert {"km", "my"} <= set(showcase)


def test_corpus_is_deterministic(tmp_path, corpus):
    again = write_corpus(tmp_path / "a" / "docs", SITE.codes, TOPICS, 12, seed=7)
    assert tree(again.docs_dir) == tree(corpus.docs_dir)
    other = write_corpus(tmp_path / "b" / "docs", SITE.codes, TOPICS, 12, seed=8)
    assert tree(other.docs_dir) != tree(corpus.docs_dir)


def test_text_does_not_repeat(corpus):
    paragraphs = [line for path in corpus.docs_dir.rglob("*.md")
                  for line in path.read_text(encoding="utf-8").split("\n\n")
                  if line and not line.startswith(("---", "#", "-"))]
    assert len(paragraphs) > 200
    assert len(set(paragraphs)) == len(paragraphs)


@pytest.mark.parametrize("lang", sorted(UNSPACED))
def test_no_spaces_between_words(corpus, lang):
    rng = random.Random(lang)
    assert not any(" " in text.sentence(lang, rng) for _ in range(300))
    words = {w for lex in (LEXICONS[lang],) for w in lex.nouns + lex.verbs + lex.adjectives}
    body = "\n".join(
        line for path in corpus.docs_dir.rglob(f"*.{lang}.md")
        for line in path.read_text(encoding="utf-8").split("---", 2)[2].splitlines()
        if line.strip() and not line.startswith(("#", "- ")))
    assert body
    chunks = body.split()
    assert not words & set(chunks)  # no lone word stands between spaces
    assert len(body) / max(1, body.count(" ")) > 20  # English has a space every ~6 characters


# --- end to end -------------------------------------------------------------------------------

@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):
    spec = importlib.util.spec_from_file_location("bench_cli", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_cli", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("command", ["newsletter", "send", "list"])
def test_newsletter_commands_refuse_unknown_arguments(cli, command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--week", "2026-W47"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --week 2026-W47" in capsys.readouterr().err


def run_bench(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), *args],
                          capture_output=True, text=True, timeout=timeout, env=env, check=False)


def table_rows(report: str) -> dict[str, list[str]]:
    """Every Markdown table row, by its first cell."""
    return {cells[0]: cells[1:] for cells in
            ([c.strip() for c in line.strip().strip("|").split(" | ")]
             for line in report.splitlines() if line.startswith("| "))}


RATIO = re.compile(r"^\d+\.\d\d$")


def section_rows(report: str, title: str) -> dict[str, list[str]]:
    """The four-column table rows of one "## ..." section, by their first cell."""
    body = report.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
    return {cells[0]: cells[1:] for cells in
            ([c.strip() for c in line.strip("|").split(" | ")] for line in body.splitlines()
             if line.startswith("| ") and line.count(" | ") == 3)}


@pytest.mark.build
@pytest.mark.browser
def test_site_benchmark_end_to_end(tmp_path):
    out = tmp_path / "bench.md"
    result = run_bench("site", "--resources", "3,2", "--stock-max", "2", "--out", str(out),
                       "--keep", str(tmp_path / "work"), timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    rows = section_rows(report, "N = 2 resources")
    assert rows["metric"] == ["Lumbung", "stock", "Lumbung/stock"]
    for metric in metrics(("en", "km", "my")):
        assert metric.label in rows, metric.label
        assert metric.label in result.stdout, metric.label
    for label in ("build wall time", "build peak memory (RSS)", "preview after one edit",
                  "site size on disk", "resource page HTML, mean gzip",
                  "cold view, bytes transferred (en)", "cold view, bytes transferred (km)",
                  "cold view, bytes transferred (my)"):
        assert RATIO.match(rows[label][2]), (label, rows[label])
    above = section_rows(report, "N = 3 resources")
    for label in ("build wall time", "build peak memory (RSS)", "preview after one edit"):
        assert re.match(r"^\d+\.\d\d s|^\d+ MiB", above[label][0]), (label, above[label])
        assert above[label][1:] == ["not run above N=2", "n/a"], (label, above[label])
    scaling = section_rows(report, "Scaling")
    for label in ("build wall time", "build peak memory (RSS)", "preview after one edit"):
        assert RATIO.match(scaling[f"{label}, N=2"][2]), scaling[f"{label}, N=2"]
        assert scaling[f"{label}, N=3"][1:] == ["not run above N=2", "n/a"]
    assert "Lumbung" in result.stdout and "stock" in result.stdout
    for key in ("CPU", "cores", "RAM", "Python", "mkdocs-material", "date"):
        assert f"| {key} |" in report
    assert "| stock preview | python -m mkdocs serve -f mkdocs.yml" in report
    assert "## Requests of each cold view" in report
    assert "peak" in result.stderr and "wait4 of the top process alone" in result.stderr
    edited = tmp_path / "work" / "n2" / "stock" / "docs" / "resources"
    assert not any("zqx" in page.read_text(encoding="utf-8") for page in edited.glob("*.md"))


# --- the newsletter benchmarks ----------------------------------------------------------------

MONDAY = issuefile.week_bounds("2026-W47")[0]
TOPIC_IDS = tuple(load_topics(ROOT / "docs", SITE.codes).topics)
ADDRESS = re.compile(r"reader\d{4}@")


def test_generated_feeds_parse_in_every_language_inside_the_week():
    feeds = feedgen.make_feeds(24, SITE.codes, TOPIC_IDS, MONDAY, seed=3)
    assert feeds == feedgen.make_feeds(24, SITE.codes, TOPIC_IDS, MONDAY, seed=3)
    assert feeds != feedgen.make_feeds(24, SITE.codes, TOPIC_IDS, MONDAY, seed=4)
    assert {f.kind for f in feeds} == {"rss", "atom"}
    begin, end = week_window(MONDAY)
    languages = set()
    for feed in feeds:
        partner = Partner(feed.name, "https://feeds.example.org/", feed.site, feed.languages,
                          feed.country, feed.topics)
        fetched = Fetched(partner, "ok", body=feed.body,
                          headers={"content-type": feed.content_type})
        parsed = parse_feed(fetched, SITE.codes)
        assert parsed.status == "ok", (feed.slug, parsed.detail)
        assert len(parsed.entries) == feed.entries >= 1
        for entry in parsed.entries:
            assert begin <= entry.published < end
            assert entry.language in feed.languages, (feed.slug, entry.title)
            languages.add(entry.language)
    assert languages == set(SITE.codes)


def test_generated_feeds_yml_is_valid(tmp_path):
    feeds = feedgen.make_feeds(30, SITE.codes, TOPIC_IDS, MONDAY)
    path = tmp_path / "feeds.yml"
    urls = {f.slug: f"http://127.0.0.1:8000{f.path}" for f in feeds}
    path.write_text(feedgen.feeds_yaml(feeds, urls), encoding="utf-8")
    partners = load_partners(path, SITE.codes, load_topics(ROOT / "docs", SITE.codes))
    assert [p.name for p in partners] == [f.name for f in feeds]
    assert len({feedgen.partner_name(i) for i in range(900)}) == 900


def test_feed_server_gzips_and_hanging_feeds_never_answer():
    feeds = {"/feeds/a.xml": (feedgen.RSS_TYPE, b"<rss/>")}
    with FeedServer(feed_routes(feeds, {"/feeds/hang.xml"})) as server:
        port = int(server.url("").rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/feeds/a.xml", headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            assert response.getheader("Content-Encoding") == "gzip"
            assert gzip.decompress(response.read()) == b"<rss/>"
        finally:
            conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=0.3)
        try:
            conn.request("GET", "/feeds/hang.xml")
            with pytest.raises(TimeoutError):
                conn.getresponse()
        finally:
            conn.close()
        assert server.hits() == {"/feeds/a.xml": 1, "/feeds/hang.xml": 1}


def test_smtp_sink_counts_per_recipient_and_resets(tmp_path):
    message = b"Subject: test\r\n\r\nHello.\r\n"
    with SmtpSink(tmp_path / "smtp.log") as sink:
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=10) as smtp:
            for _ in range(2):
                smtp.sendmail("from@example.invalid", ["to@example.invalid"], message)
        stats = sink.stats()
        assert (stats["messages"], stats["sessions"]) == (2, 1)
        assert stats["recipients"] == {"to@example.invalid": 2}
        assert stats["bytes"] >= 2 * len(message)
        sink.reset()
        assert sink.stats() == {"messages": 0, "bytes": 0, "sessions": 0, "recipients": {}}


def test_delivery_finds_duplicates_missing_and_strangers():
    stats = {"messages": 3, "bytes": 300, "sessions": 1, "recipients": {"a": 2, "c": 1}}
    found = delivery(1.5, 0.5, 3, 0, stats, {"a", "b"})
    assert (found.duplicates, found.missing, found.unexpected) == (1, 1, 1)
    assert not found.exact(2) and found.rate == 2.0
    clean = {"messages": 2, "bytes": 200, "sessions": 1, "recipients": {"a": 1, "b": 1}}
    assert delivery(1.0, 0.5, 2, 0, clean, {"a", "b"}).exact(2)


@pytest.mark.parametrize(("argv", "message"), [
    (["newsletter", "--feeds", "3", "--hanging", "4"],
     "bench newsletter: error: --hanging must be between 0 and --feeds (3), got 4"),
    (["newsletter", "--repo", "{tmp}"], "bench newsletter: error: {tmp}/mkdocs.yml: missing; "
                                        "--repo names a Lumbung repository"),
    (["send", "--repo", "{tmp}"], "bench send: error: {tmp}/mkdocs.yml: missing; "
                                  "--repo names a Lumbung repository"),
    (["list", "--repo", "{tmp}"], "bench list: error: {tmp}/mkdocs.yml: missing; "
                                  "--repo names a Lumbung repository"),
])
def test_newsletter_benchmark_errors_are_one_line(cli, capsys, tmp_path, argv, message):
    assert cli.main([arg.format(tmp=tmp_path) for arg in argv]) == 1
    captured = capsys.readouterr()
    assert captured.err == message.format(tmp=tmp_path) + "\n"
    assert captured.out == ""


@pytest.mark.parametrize("argv", [["newsletter", "--deadline", "0"], ["send", "--subscribers",
                                                                       "0"],
                                  ["newsletter", "--hanging", "-1"], ["list", "--seconds", "0"],
                                  ["list", "--concurrency", "0"], ["list", "--signups", "x"]])
def test_newsletter_benchmark_bad_numbers_are_usage_errors(cli, capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert "error: argument" in capsys.readouterr().err


def test_newsletter_benchmark_end_to_end(tmp_path):
    out = tmp_path / "newsletter.md"
    result = run_bench("newsletter", "--feeds", "6", "--hanging", "2", "--deadline", "1",
                       "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    rows = table_rows(report)
    assert rows["metric"] == ["Lumbung", "baseline", "Lumbung/baseline", "target"]
    for label in ("fetch -> freeze, wall time", "feeds answered", "feeds given up (no answer)",
                  "entries read"):
        assert RATIO.match(rows[label][2]), (label, rows[label])
        assert label in result.stdout, label
    assert rows["feeds answered"][:2] == ["4", "4"]
    assert rows["feeds given up (no answer)"][:2] == ["2", "2"]
    assert rows["fetch -> freeze, wall time"][3].startswith("<= 6 s (deadline + 5 s): ")
    for label in ("fetch phase only", "items frozen in the issue"):
        assert re.match(r"^\d", rows[label][0]), (label, rows[label])
    assert rows["edition"] == ["render time", "encoded size", "of budget", "items kept",
                               "items dropped"]
    for lang in SITE.codes:
        time, size, share, kept, dropped = rows[lang]
        assert time.endswith(" ms") and size.endswith(" kB") and share.endswith("%")
        assert int(kept) >= 1 and int(dropped) >= 0
        assert lang in result.stdout
    assert "all 8 editions" in rows
    assert "## Targets" in report and "render all 8 editions: " in report
    worst = rows["worst feed CPU time"]
    assert re.match(r"^\d+\.\d\d s$", worst[0]) and RATIO.match(worst[2]), worst
    assert float(worst[0].removesuffix(" s")) < 5.0
    assert rows["worst feed"][0].endswith(" (the hostile feed)"), rows["worst feed"]
    (health,) = (cells for label, cells in rows.items() if label.startswith("hostile feed ("))
    assert health[:2] == ["too complex", "read in full, no limit"]
    assert "the hostile feed is cut off ('too complex' in its health line): met" in report
    assert "worst feed CPU time" in result.stdout
    for key in ("CPU", "cores", "RAM", "Python", "httpx", "feedparser", "date"):
        assert f"| {key} |" in report


def test_send_benchmark_end_to_end(tmp_path):
    out = tmp_path / "send.md"
    result = run_bench("send", "--subscribers", "20", "--feeds", "8", "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    assert not ADDRESS.search(result.stdout + result.stderr + report), "an address was shown"
    rows = table_rows(report)
    assert rows["metric"] == ["Lumbung, store", "Lumbung, CSV", "baseline", "store/CSV",
                              "store/baseline", "target"]
    for label in ("send wall time", "messages per second", "SMTP sessions opened",
                  "messages received by the server", "mean message size"):
        assert RATIO.match(rows[label][3]) and RATIO.match(rows[label][4]), (label, rows[label])
        assert label in result.stdout, label
    assert rows["messages received by the server"] == ["20", "20", "20", "1.00", "1.00", "20"]
    assert rows["SMTP sessions opened"][:3] == ["1", "1", "20"]
    for label in ("duplicates", "subscribers who got nothing",
                  "refused or failed (sender's count)"):
        assert rows[label][:3] == ["0", "0", "0"], (label, rows[label])
    assert rows["journal records written"][:3] == ["20", "20", "n/a"]
    assert rows["of the time: in SMTP (connect, send, reply)"][0] == "n/a"
    for cell in rows["messages per second"][:3]:
        assert re.match(r"^\d+\.\d/s$", cell), rows["messages per second"]
    assert sorted(lang for lang in SITE.codes if rows[lang][0] in ("2", "3")) == \
        sorted(SITE.codes)
    for path in ("store", "CSV"):
        assert f"the server received exactly 20 messages from the {path} path (0 duplicates, " \
               "0 missing): met" in report
    assert "The store path's whole call, loading and rendering the issue included: " in report
    for key in ("CPU", "cores", "RAM", "Python", "aiosmtpd", "date"):
        assert f"| {key} |" in report


def test_list_benchmark_end_to_end(tmp_path):
    out = tmp_path / "list.md"
    result = run_bench("list", "--signups", "30", "--concurrency", "5", "--seconds", "30",
                       "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    assert not re.search(r"signup\d{5}@", result.stdout + result.stderr + report)
    rows = table_rows(report)
    assert rows["metric"] == ["Lumbung", "baseline", "Lumbung/baseline", "target"]
    for label in ("sign-ups per second", "sign-up latency p50", "sign-up latency p99",
                  "time to the last confirmation mail"):
        assert RATIO.match(rows[label][2]), (label, rows[label])
        assert label in result.stdout, label
    assert re.match(r"^\d+\.\d/s$", rows["sign-ups per second"][0])
    for label in ("sign-up latency p50", "sign-up latency p99"):
        assert all(cell.endswith(" ms") for cell in rows[label][:2]), rows[label]
    p50, p99 = (float(rows[label][0].removesuffix(" ms"))
                for label in ("sign-up latency p50", "sign-up latency p99"))
    assert 0 < p50 <= p99
    assert rows["sign-ups sent"][:2] == ["30", "30"]
    assert rows["sign-ups accepted (HTTP 200)"][:2] == ["30", "30"]
    assert rows["errors (other answers, or none)"][:2] == ["0", "0"]
    assert rows["confirmation mails received"] == ["30", "30", "1.00", "= accepted (30)"]
    assert rows["sign-ups stored, awaiting confirmation"][:2] == ["30", "30"]
    for label in ("duplicate confirmation mails", "accepted sign-ups without a mail"):
        assert rows[label][:2] == ["0", "0"], (label, rows[label])
    assert "every accepted sign-up got exactly one confirmation mail (30 for 30): met" in report
    assert "no address in the service's log: met" in report
    assert "rollback journal" in report  # the method says what the baseline is
    for key in ("CPU", "cores", "Python", "uvicorn", "starlette", "aiosmtpd"):
        assert f"| {key} |" in report


def test_list_report_fails_when_confirmations_are_missing():
    load = Load(attempted=4, started=0.0, seconds=1.0, latencies=(0.1, 0.2, 0.3, 0.4),
                statuses={"200": 4}, accepted=(0, 1, 2, 3))
    assert (load.percentile(0.5), load.percentile(0.99), load.rate) == (0.2, 0.4, 4.0)
    good = ListRun(load, 4, 0, 0, 0, 1.5, 4, False)
    short = ListRun(load, 3, 0, 1, 0, 1.5, 4, False)
    options = ListOptions(repo=ROOT, signups=4)
    assert list_report(options, good, good, 1.0).problems == ()
    problems = list_report(options, short, good, 1.0).problems
    assert problems == ("Lumbung: 3 confirmation mails for 4 accepted sign-ups (0 duplicates, "
                        "1 missing, 0 to sign-ups not accepted)",)
    logged = ListRun(load, 4, 0, 0, 0, 1.5, 4, True)
    assert list_report(options, logged, good, 1.0).problems == (
        "Lumbung: a subscriber address appeared in the service's log",)


def test_hostile_feed_worker_reports_cpu_time_and_is_cut_off():
    monday = issuefile.week_bounds("2026-W47")[0]
    feeds = feedgen.make_feeds(2, SITE.codes, ("labour",), monday, 1, hostile=1)
    assert len(feeds[1].body) > 2_000_000 > len(feeds[0].body)
    urls = {f.slug: f"http://127.0.0.1:9{f.path}" for f in feeds}
    cpu = digest_pass(list(feeds), urls, SITE.codes, 5.0)
    normal, hostile = cpu.feeds
    assert normal.status == "ok" and hostile.status == "too complex"
    assert normal.seconds is not None and hostile.seconds is not None
    assert 0 < normal.seconds < hostile.seconds < 5.0
    assert cpu.worst() == hostile


@pytest.mark.build
@pytest.mark.browser
def test_search_benchmark_end_to_end(tmp_path):
    out = tmp_path / "search.md"
    result = run_bench("search", "--resources", "3", "--repeat", "1", "--out", str(out),
                       "--keep", str(tmp_path / "work"), timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    rows = table_rows(report)
    assert re.fullmatch(r"[+-]\d+\.\d%", rows["indexing adds to the build"][0])
    for lang in SITE.codes:  # every language: a first query, nothing loaded before it
        page_view, first, stock_view, stock_total, share = rows[lang][1:]
        assert page_view == "0 B", (lang, rows[lang])
        assert first.endswith("kB") and stock_view.endswith(("kB", "MB")), (lang, rows[lang])
        assert RATIO.match(share), (lang, rows[lang])
        assert f"{lang} index" in rows
        found, typed = rows[f"{lang} recall"][1].split("/")  # words found in the first five
        assert int(typed) > 0 and 0 <= int(found) <= int(typed), (lang, rows[f"{lang} recall"])
    assert any(key.startswith("originals/unknown") for key in rows)
    assert "records in 8 language indexes" in report  # the build's own account
    assert "first query <= 120 kB in every language: met" in report
    assert "indexing adds <= 15% to the build:" in report
