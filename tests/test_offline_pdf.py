"""PDFs of resource and webinar pages: made by the build for every real language version,
linked with their size, valid, fonts embedded as subsets, no missing glyphs, rebuilt only when
their page changes; Khmer and Burmese titles ink the same in the PDF as in Chromium."""

from __future__ import annotations

import dataclasses
import io
import os
import re
from concurrent.futures import Future
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from PIL import Image

from lumbung.config import load_site
from lumbung.content.library import build_library
from lumbung.content.vocabulary import language_name
from lumbung.errors import LumbungError
from lumbung.offline import pdf, settings
from lumbung.offline.cache import PdfCache, pdf_key
from lumbung.offline.session import PdfBuild, _Job
from lumbung.site import formatting, urls
from lumbung.site.strings import Translator
from tests.conftest import ROOT, Build, copy_site, run_build

pytestmark = pytest.mark.build

# A smaller library keeps the build (and its PDFs) quick: two resources translated into every
# language, one English-only resource, a translated webinar and an English-only one.
KEPT = ("blue-dragon-child-protection-vietnam", "ethical-storytelling-initiative",
        "covid-19-resource-library", "covid-19-rapid-response-webinars",
        "ethical-storytelling-webinar")
SUBSET = re.compile(r"^/[A-Z]{6}\+")
SIMPLE_SCRIPTS = ("en", "vi", "ms", "id")
EDITED = "docs/resources/ethical-storytelling-initiative.th.md"


def small_site(dest: Path) -> Path:
    root = copy_site(dest)
    for folder in ("resources", "webinars"):
        for path in (root / "docs" / folder).glob("*.md"):
            if not path.name.startswith(KEPT):
                path.unlink()
    return root


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    """The small site built with a cold PDF cache, then again after one translation changed."""
    base = tmp_path_factory.mktemp("offline-pdf")
    root = small_site(base / "site-copy")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LUMBUNG_PDF", "1")
        env.setenv("LUMBUNG_ZIM", "0")
        env.delenv("LUMBUNG_PDF_CACHE", raising=False)  # the copy's own .cache/pdf/
        first = run_build(root, shared_pdf_cache=False)
        assert first.ok, first.output
        before = {p.relative_to(root / "site"): p.read_bytes()
                  for p in (root / "site").rglob("*.pdf")}
        edited = root / EDITED
        edited.write_text(edited.read_text(encoding="utf-8") + "\nย่อหน้าใหม่สำหรับการทดสอบ\n",
                          encoding="utf-8")
        second = run_build(root, shared_pdf_cache=False)
        assert second.ok, second.output
    first.pdfs_before = before  # type: ignore[attr-defined]
    return first, second


@pytest.fixture(scope="module")
def built(builds: tuple[Build, Build]) -> Build:
    return builds[1]


def _versions(root: Path):
    site = load_site(root / "mkdocs.yml")
    library = build_library(site.docs_dir, site.codes, site.default)
    docs = [d for d in library.documents if pdf.has_pdf(d)]
    return site, library, docs


def test_every_language_version_has_its_pdf_linked_with_its_size(built: Build) -> None:
    site, library, docs = _versions(built.root)
    assert len(docs) >= 20
    fallbacks = 0
    for original in library.originals():
        if not pdf.has_pdf(original):
            continue
        versions = library.versions(original)
        for lang in site.codes:
            shown = versions.get(lang, original)  # a fallback page shows the English original
            fallbacks += shown.lang != lang
            url = pdf.pdf_url(shown, site.default)
            size = formatting.format_size((built.site / url).stat().st_size, lang)
            t = Translator(lang)
            words = (t("offline.pdf_size", size=size) if shown.lang == lang else
                     t("offline.pdf_size_in", language=language_name(shown.lang, lang),
                       size=size))
            page = built.html(urls.doc_url(original, lang, site.default) + "index.html")
            link = re.search(r'<p class="lb-pdf"><a href="([^"]+)" hreflang="(\w+)"', page)
            assert link, f"{lang} {original.src_uri}: no PDF link"
            assert link.group(1).endswith("/" + url), (lang, link.group(1), url)
            assert link.group(2) == shown.lang
            assert f"({words})" in page, (lang, words)
    assert fallbacks >= 14  # two English-only pages in seven languages


def test_pdfs_are_valid_small_with_subset_fonts_title_licence_and_address(built: Build) -> None:
    site, library, docs = _versions(built.root)
    for doc in docs:
        path = built.site / pdf.pdf_url(doc, site.default)
        assert path.stat().st_size <= 150_000, path
        reader = pypdf.PdfReader(path)
        assert reader.metadata is not None and reader.metadata.title == doc.title, path
        fonts = 0
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                assert SUBSET.match(font["/BaseFont"]), (path, font["/BaseFont"])
                descendant = font["/DescendantFonts"][0].get_object() \
                    if "/DescendantFonts" in font else font
                descriptor = descendant["/FontDescriptor"].get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                    (path, font["/BaseFont"], "not embedded")
                fonts += 1
        assert fonts
        text = re.sub(r"\s+", "", reader.pages[0].extract_text())
        address = site.absolute(pdf.pdf_url(doc, site.default).rsplit("/", 1)[0] + "/")
        assert address in text, (path, address)
        if doc.lang in SIMPLE_SCRIPTS:  # pypdf reads back the text of these scripts reliably
            whole = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
            t = Translator(doc.lang)
            licence = t("meta.licence") if doc.kind == "resource" else t("footer.licence")
            assert re.sub(r"\s+", "", licence) in whole, (path, licence)


def test_no_missing_glyphs_and_the_check_catches_one(built: Build) -> None:
    assert ".notdef" not in built.output
    # A character no installed font has (a private-use code point) is reported.
    rendered = pdf.render_pdf("<p>x \ue000 y</p>", "https://example.org/")
    assert any(".notdef" in w and "U+E000" in w for w in rendered.warnings)


def test_pdfs_are_rebuilt_only_when_their_page_changes(builds: tuple[Build, Build]) -> None:
    first, second = builds
    counts = re.search(r"PDF: (\d+) files \((\d+) rendered, (\d+) from the cache\)",
                       first.output)
    again = re.search(r"PDF: (\d+) files \((\d+) rendered, (\d+) from the cache\)",
                      second.output)
    assert counts and again, (first.output, second.output)
    total = int(counts.group(1))
    assert int(counts.group(2)) == total  # a cold cache: every PDF rendered
    assert (int(again.group(2)), int(again.group(3))) == (1, total - 1)
    after = {p.relative_to(second.site): p.read_bytes() for p in second.site.rglob("*.pdf")}
    before = first.pdfs_before  # type: ignore[attr-defined]
    changed = sorted(str(k) for k in after if after[k] != before.get(k))
    assert changed == ["th/resources/ethical-storytelling-initiative/"
                       "ethical-storytelling-initiative-th.pdf"]
    # The cache holds exactly the PDFs the site uses (the edited page's old one is gone).
    cached = sorted(p.stem for p in (second.root / ".cache" / "pdf").glob("*/*.pdf"))
    assert len(cached) == total


def test_cache_key_follows_html_stylesheet_and_engine(tmp_path: Path) -> None:
    keys = {pdf_key("<p>a</p>", "css", "w 1"), pdf_key("<p>b</p>", "css", "w 1"),
            pdf_key("<p>a</p>", "css2", "w 1"), pdf_key("<p>a</p>", "css", "w 2")}
    assert len(keys) == 4
    cache = PdfCache(tmp_path)
    key = pdf_key("<p>a</p>", "css", "w 1")
    assert cache.get(key) is None
    cache.put(key, b"%PDF-1.7")
    assert cache.get(key) is not None and cache.prune({key}) == 0
    assert cache.prune(set()) == 1 and cache.get(key) is None


# Glyphs: the same title, alone, in the PDF's fonts, drawn by WeasyPrint and by Chromium.

def _font_stack() -> str:
    found = re.search(r"html\s*\{[^}]*font-family:\s*([^;]+);", pdf.stylesheet())
    assert found
    return " ".join(found.group(1).split())


def _title_html(title: str, lang: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><style>'
            "@page { size: 4000px 200px; margin: 0 } html, body { margin: 0; background: #fff }"
            f"span {{ font-family: {_font_stack()}; font-size: 40px; line-height: 200px;"
            " white-space: nowrap; color: #000; padding-left: 20px }"
            f"</style></head><body><span>{title}</span></body></html>")


def _ink(image: Image.Image) -> tuple[int, int, int]:
    """(width, height, dark pixels) of the ink in a white picture."""
    width, height = image.size
    gray = image.convert("L").crop((5, 5, width - 5, height - 5))  # not the page's edge pixels
    mask = gray.point(lambda v: 255 if v < 128 else 0)
    box = mask.getbbox()
    assert box, "no ink at all"
    return box[2] - box[0], box[3] - box[1], mask.histogram()[255]


@pytest.mark.browser
@pytest.mark.parametrize("src", ["resources/blue-dragon-child-protection-vietnam.km.md",
                                 "resources/blue-dragon-child-protection-vietnam.my.md"])
def test_title_glyphs_match_chromium(src: str, built: Build, browser) -> None:
    site, library, docs = _versions(built.root)
    doc = library.by_src_uri(src)
    assert doc is not None
    html = _title_html(doc.title, doc.lang)
    rendered = pdf.render_pdf(html, "https://example.org/", css="")
    assert rendered.warnings == ()  # WeasyPrint found a glyph for every character
    page = pypdfium2.PdfDocument(rendered.data)[0]
    ours = _ink(page.render(scale=96 / 72).to_pil())
    tab = browser.new_page(viewport={"width": 4000, "height": 200}, device_scale_factor=1)
    try:
        tab.set_content(html)
        theirs = _ink(Image.open(io.BytesIO(tab.screenshot())))
    finally:
        tab.close()
    for name, a, b in zip(("width", "height", "ink"), ours, theirs, strict=True):
        assert abs(a - b) <= 0.15 * b, f"{doc.lang} {name}: PDF {a}, Chromium {b}"


def test_switches_read_the_environment_then_mkdocs_yml() -> None:
    site = load_site(ROOT / "mkdocs.yml")
    assert settings.enabled(site, "pdf", {}) and not settings.enabled(site, "zim", {})
    assert not settings.enabled(site, "pdf", {"LUMBUNG_PDF": "0"})
    assert settings.enabled(site, "zim", {"LUMBUNG_ZIM": "1"})
    on = dataclasses.replace(site, extra={"offline": {"zim": True, "pdf": False}})
    assert settings.enabled(on, "zim", {}) and not settings.enabled(on, "pdf", {})
    with pytest.raises(LumbungError, match="LUMBUNG_PDF='maybe'"):
        settings.enabled(site, "pdf", {"LUMBUNG_PDF": "maybe"})
    wrong = dataclasses.replace(site, extra={"offline": {"zim": "yes"}})
    with pytest.raises(LumbungError, match="extra: offline: zim: expected true or false"):
        settings.enabled(wrong, "zim", {})


def test_a_page_weasyprint_fails_on_is_named_and_gets_no_link(tmp_path: Path) -> None:
    site = dataclasses.replace(load_site(ROOT / "mkdocs.yml"), root=tmp_path)
    library = build_library(site.docs_dir, site.codes, site.default)
    doc = library.by_src_uri("resources/blue-dragon-child-protection-vietnam.km.md")
    assert doc is not None
    pdfs = PdfBuild(site, library)
    failed: Future[tuple[str, ...]] = Future()
    failed.set_exception(ValueError("layout failed"))
    pdfs.jobs[pdf.pdf_url(doc, site.default)] = _Job(doc, "0" * 64, failed)
    assert pdfs.link(doc) is None
    [warning] = pdfs.take_warnings()
    assert "blue-dragon-child-protection-vietnam-km.pdf" in warning
    assert "docs/resources/blue-dragon-child-protection-vietnam.km.md" in warning
    assert "ValueError: layout failed" in warning


def test_missing_system_libraries_are_said_once(tmp_path: Path) -> None:
    """Without Pango every page's PDF fails the same way: one line says what to install."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "weasyprint.py").write_text(
        'raise OSError("cannot load library libgobject-2.0-0 (no Pango here)")\n',
        encoding="utf-8")
    root = small_site(tmp_path / "site-copy")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LUMBUNG_PDF", "1")
        env.setenv("PYTHONPATH", f"{fake}{os.pathsep}{ROOT}")
        build = run_build(root, shared_pdf_cache=False)
    assert not build.ok
    said = [line for line in build.output.splitlines() if "could not" in line or "cannot" in line]
    assert said == [line for line in said if "WeasyPrint cannot load its system libraries" in line]
    assert len(said) == 1, said
    assert "libpango-1.0-0" in said[0] and "LUMBUNG_PDF=0" in said[0]
