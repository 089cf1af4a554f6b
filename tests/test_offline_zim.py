"""Kiwix libraries: one ZIM file per language from the build (LUMBUNG_ZIM=1), read back with
libzim's reader: metadata, every page of the language, no scripts, links that stay inside,
fallbacks marked, a full-text index that finds words mid-sentence in Khmer, Thai, Lao and
Burmese; the Offline page lists the files with their sizes; scripts/offline.py makes them too."""

from __future__ import annotations

import io
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
from libzim.reader import Archive
from libzim.search import Query, Searcher
from PIL import Image

from lumbung.config import load_site
from lumbung.content.library import build_library
from lumbung.content.vocabulary import language_name
from lumbung.site import clock, formatting, urls
from lumbung.site.strings import Translator
from tests.conftest import ROOT, Build, run_build
from tests.test_offline_pdf import small_site

pytestmark = pytest.mark.build

ISO = {"en": "eng", "km": "khm", "th": "tha", "vi": "vie", "my": "mya", "lo": "lao",
       "ms": "msa", "id": "ind"}
REF = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = small_site(tmp_path_factory.mktemp("offline-zim") / "site-copy")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LUMBUNG_PDF", "0")
        env.setenv("LUMBUNG_ZIM", "1")
        build = run_build(root, shared_pdf_cache=False)
    assert build.ok, build.output
    return build


def _zim(built: Build, lang: str) -> Archive:
    found = sorted((built.site / "offline").glob(f"lumbung_{lang}_*.zim"))
    assert [p.name for p in found] == [f"lumbung_{lang}_{clock.today():%Y-%m}.zim"]
    return Archive(str(found[0]))


def _pages(built: Build, lang: str) -> dict[str, str]:
    """Site-root path -> <title> of every page the built site has in ``lang``."""
    codes = ISO.keys()
    base = built.site / ("" if lang == "en" else lang)
    pages = {}
    for path in base.rglob("index.html"):
        rel = path.relative_to(built.site).as_posix()
        inner = rel if lang == "en" else rel[len(lang) + 1:]
        if inner.split("/", 1)[0] in {"offline", "pagefind", "assets", *codes} - {""}:
            continue
        title = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"))
        assert title
        pages[rel] = title.group(1).replace("&#39;", "'").replace("&amp;", "&")
    return pages


@pytest.mark.parametrize("lang", list(ISO))
def test_each_language_has_a_zim_with_its_metadata(built: Build, lang: str) -> None:
    zim = _zim(built, lang)
    meta = {key: zim.get_metadata(key).decode("utf-8") for key in zim.metadata_keys
            if not key.startswith("Illustration")}
    assert meta["Language"] == ISO[lang]
    assert meta["Name"] == f"lumbung_{lang}"
    assert meta["Creator"] == meta["Publisher"] == "Lumbung"
    assert meta["Date"] == clock.today().isoformat()
    assert 0 < len(meta["Title"]) <= 30 and 0 < len(meta["Description"]) <= 80
    assert meta["Description"] == Translator(lang)("offline.zim_description")
    icon = Image.open(io.BytesIO(bytes(zim.get_illustration_item(48).content)))
    assert icon.format == "PNG" and icon.size == (48, 48)
    assert zim.main_entry.get_item().path == ("" if lang == "en" else f"{lang}/") + "index.html"
    assert zim.has_fulltext_index and zim.has_title_index


@pytest.mark.parametrize("lang", ["en", "km", "my"])
def test_every_page_is_in_with_its_title_and_no_script(built: Build, lang: str) -> None:
    zim = _zim(built, lang)
    pages = _pages(built, lang)
    assert zim.article_count == len(pages)
    for path, title in pages.items():
        entry = zim.get_entry_by_path(path)
        assert entry.title == title.removesuffix(" · Lumbung"), path
        html = bytes(entry.get_item().content).decode("utf-8")
        assert "<script" not in html and 'id="lb-search"' not in html, path
        for ref in REF.findall(html):
            if ref.startswith(("http://", "https://", "#", "data:", "mailto:")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path),
                                                       ref.split("#")[0]))
            assert zim.has_entry_by_path(target), f"{path}: {ref} -> {target} not in the file"
    css = [r for r in REF.findall(bytes(zim.main_entry.get_item().content).decode())
           if r.endswith(".css")]
    main = zim.main_entry.get_item().path
    item = zim.get_entry_by_path(posixpath.normpath(posixpath.join(posixpath.dirname(main),
                                                                   css[0]))).get_item()
    assert item.mimetype == "text/css" and b"{" in bytes(item.content)


def test_fallback_pages_keep_their_notice(built: Build) -> None:
    zim = _zim(built, "km")
    html = bytes(zim.get_entry_by_path(
        "km/resources/covid-19-resource-library/index.html").get_item().content).decode()
    notice = Translator("km")("notice.fallback", language=language_name("km", "km"))
    assert 'class="lb-notice"' in html and notice in html


@pytest.mark.parametrize("lang", ["km", "th", "lo", "my"])
def test_search_finds_a_word_mid_sentence(built: Build, lang: str) -> None:
    from lumbung.search.text import words

    site = load_site(built.root / "mkdocs.yml")
    library = build_library(site.docs_dir, site.codes, site.default)
    doc = library.by_src_uri(f"resources/blue-dragon-child-protection-vietnam.{lang}.md")
    assert doc is not None
    paragraph = next(p for p in doc.body.split("\n\n") if len(p) > 80 and p[0] not in "#-")
    found = words(paragraph, lang)
    # The longest word, past the paragraph's first third, that touches its neighbours (no
    # space around it): only word breaks in the index can find it.
    touching = [w for w in found[len(found) // 3:] if f" {w} " not in f" {paragraph} "]
    word = max(touching, key=len)
    results = Searcher(_zim(built, lang)).search(Query().set_query(word))
    paths = list(results.getResults(0, 50))
    page = urls.doc_url(doc, lang, site.default) + "index.html"
    assert page in paths, (word, paths[:5])


def test_offline_page_lists_every_file_with_its_size(built: Build) -> None:
    for lang in ISO:
        html = built.html(("" if lang == "en" else f"{lang}/") + "offline/index.html")
        links = re.findall(r'<li><a href="([^"]+\.zim)"[^>]*>[^<]+</a> '
                           r'<span class="lb-small">\(([^)]+)\)</span>', html)
        assert len(links) == len(ISO), lang
        here = built.site / ("" if lang == "en" else lang) / "offline"
        for href, size in links:
            target = (here / href).resolve()
            words = Translator(lang)("offline.zim_size",
                                     size=formatting.format_size(target.stat().st_size, lang))
            assert size == words
        assert Translator(lang)("offline.zim_none") not in html


def test_script_makes_a_language_file(built: Build, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "offline.py"), "--config",
         str(built.root / "mkdocs.yml"), "zim", "--site-dir", str(built.site), "--out",
         str(tmp_path), "--lang", "lo"], capture_output=True, text=True, timeout=300,
        check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    made = list(tmp_path.glob("lumbung_lo_*.zim"))
    assert len(made) == 1
    zim = Archive(str(made[0]))
    assert zim.get_metadata("Language") == b"lao"
    assert zim.article_count == len(_pages(built, "lo"))
