"""The benchmark harness: compressing server, corpus generator, and one tiny end-to-end run."""

from __future__ import annotations

import gzip
import http.client
import importlib.util
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lumbung.bench import text
from lumbung.bench.corpus import write_corpus
from lumbung.bench.report import metrics
from lumbung.bench.words import LEXICONS, UNSPACED
from lumbung.config import load_site
from lumbung.content.library import build_library
from lumbung.webserver import CompressingServer, accepted_encodings, choose_encoding, is_hashed

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
    response, body = get(served, "/", **{"Accept-Encoding": "gzip, deflate, br"})
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
    served.reset_log()
    _, body = get(served, "/", **{"Accept-Encoding": "gzip"})
    assert served.wait_quiet(0.2, timeout=5)
    (entry,) = [r for r in served.requests() if r.path == "/"]
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


@pytest.mark.parametrize("command", ["newsletter", "send"])
def test_newsletter_commands_refuse_unknown_arguments(cli, command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--week", "2026-W47"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --week 2026-W47" in capsys.readouterr().err


RATIO = re.compile(r"^\d+\.\d\d$")


@pytest.mark.build
@pytest.mark.browser
def test_site_benchmark_end_to_end(tmp_path):
    out = tmp_path / "bench.md"
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "site", "--resources", "3",
         "--out", str(out), "--keep", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=300, env=env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    rows = {cells[0]: cells[1:] for cells in
            ([c.strip() for c in line.strip("|").split(" | ")] for line in report.splitlines()
             if line.startswith("| ") and line.count(" | ") == 3)}
    assert rows["metric"] == ["Lumbung", "stock", "Lumbung/stock"]
    for metric in metrics(("en", "km", "my")):
        assert metric.label in rows, metric.label
        assert metric.label in result.stdout, metric.label
    for label in ("build wall time", "build peak memory (RSS)", "site size on disk",
                  "resource page HTML, mean gzip", "cold view, bytes transferred (en)",
                  "cold view, bytes transferred (km)", "cold view, bytes transferred (my)"):
        assert RATIO.match(rows[label][2]), (label, rows[label])
    assert "Lumbung" in result.stdout and "stock" in result.stdout
    for key in ("CPU", "cores", "RAM", "Python", "mkdocs-material", "date"):
        assert f"| {key} |" in report
    assert "## Requests of each cold view" in report
