"""Every language first-class: strings, honest fallbacks, switching, freshness, Zawgyi."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.webserver import CompressingServer
from lumbung.config import load_site
from lumbung.content.library import build_library
from lumbung.site import strings
from tests.conftest import ROOT, run_build

SITE = load_site(ROOT / "mkdocs.yml")
LIBRARY = build_library(SITE.docs_dir, SITE.codes, SITE.default)
MATERIAL = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"
KEY_RE = re.compile(r'^\s*"([\w.]+)":', re.MULTILINE)


def prefix(lang: str) -> str:
    return "" if lang == SITE.default else f"{lang}/"


def translated_and_not(lang: str):
    """A resource translated into ``lang`` and one that is not."""
    resources = LIBRARY.originals("resource")
    done = next(d for d in resources if lang in LIBRARY.versions(d))
    missing = next(d for d in resources if lang not in LIBRARY.versions(d))
    return done, missing


@pytest.mark.parametrize("lang", SITE.codes[1:])
def test_every_lumbung_string_exists_in_every_language(lang: str) -> None:
    assert strings.missing(lang) == []


@pytest.mark.parametrize("lang", SITE.codes)
def test_theme_strings_exist_for_every_language(lang: str) -> None:
    english = set(KEY_RE.findall((MATERIAL / "en.html").read_text(encoding="utf-8")))
    ours = ROOT / "overrides" / "partials" / "languages" / f"{lang}.html"
    path = ours if ours.exists() else MATERIAL / f"{lang}.html"
    assert path.exists(), f"no interface strings for {lang}"
    keys = set(KEY_RE.findall(path.read_text(encoding="utf-8")))
    if path == ours:  # ours must be complete; Material's own fall back to English per key
        assert english - keys == set()
    assert "language" in keys


def test_placeholders_survive_translation() -> None:
    source = strings.load("en")
    for lang in SITE.codes[1:]:
        for key, text in strings.load(lang).items():
            assert set(re.findall(r"{\w+}", text)) == set(re.findall(r"{\w+}", source[key])), \
                (lang, key)


@pytest.mark.build
@pytest.mark.parametrize("lang", ["km", "my", "th"])
def test_fallback_page_is_honest(built_site, lang: str) -> None:
    _, missing = translated_and_not(lang)
    html = built_site.html(f"{lang}/resources/{missing.slug}/index.html")
    t = strings.Translator(lang)
    assert f'<html lang="{lang}"' in html
    assert '<div lang="en">' in html
    notice = t("notice.fallback", language="X").split("X")[0]
    assert notice in html
    assert "guide/translate/" in html
    assert f'<link rel="canonical" href="{SITE.site_url}resources/{missing.slug}/">' in html
    assert '<meta name="robots" content="noindex">' in html
    # hreflang lists real translations only: here, just English
    assert re.findall(r'hreflang="(\w+)" href', html) == ["en"]


@pytest.mark.build
def test_translated_page_is_indexed_with_its_alternates(built_site) -> None:
    done, _ = translated_and_not("km")
    html = built_site.html(f"km/resources/{done.slug}/index.html")
    assert "noindex" not in html
    assert f'<link rel="canonical" href="{SITE.site_url}km/resources/{done.slug}/">' in html
    langs = re.findall(r'<link rel="alternate" hreflang="(\w+)"', html)
    assert sorted(langs) == sorted(LIBRARY.versions(done))
    assert strings.Translator("km")("notice.draft") in html
    assert '<div lang="en">' not in html


@pytest.mark.build
def test_catalogs_label_fallbacks_as_english(built_site) -> None:
    _, missing = translated_and_not("km")
    html = built_site.html("km/library/index.html") + "".join(
        built_site.html(f"km/library/page/{n}/index.html")
        for n in (2, 3) if (built_site.site / f"km/library/page/{n}/index.html").exists())
    english = strings.Translator("km")("lang.english_label")
    item = re.search(r'<li lang="en">\s*<h2><a href="[^"]*resources/' + missing.slug +
                     r'/">.*?</li>', html, re.S)
    assert item and english in item.group(0)


@pytest.mark.build
def test_no_sitemap_requests_and_404_speaks_every_language(built_site) -> None:
    html = built_site.html("index.html")
    assert "sitemap.xml" not in html
    page = built_site.html("404.html")
    for language in SITE.languages:
        assert f'<section lang="{language.code}">' in page
        assert strings.Translator(language.code)("error.title") in page


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("translated", [True, False], ids=["from-translated", "from-fallback"])
def test_language_switcher_lands_on_the_same_page(built_site, browser, translated) -> None:
    done, missing = translated_and_not("km")
    doc = done if translated else missing
    with CompressingServer(built_site.site) as server:
        page = browser.new_page()
        page.goto(server.url(f"km/resources/{doc.slug}/"))
        page.locator(".lb-langs summary").click()
        page.locator('.lb-langs a[hreflang="th"]').click()
        page.wait_for_load_state()
        assert page.url == server.url(f"th/resources/{doc.slug}/")
        assert page.locator("html").get_attribute("lang") == "th"
        page.close()


@pytest.mark.build
def test_editing_english_makes_translations_outdated(site_copy: Path) -> None:
    done, _ = translated_and_not("km")
    source = site_copy / "docs" / done.src_uri
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n",
                      encoding="utf-8")
    build = run_build(site_copy)
    assert build.ok, build.output
    outdated = strings.Translator("km")("notice.outdated", date="X").split("X")[0]
    html = build.html(f"km/resources/{done.slug}/index.html")
    assert outdated in html
    assert f'href="../../../resources/{done.slug}/"' in html
    status = build.html("km/status/index.html")
    row = re.search(r"<tr><td><a [^>]*>" + re.escape(LIBRARY.versions(done)["km"].title) +
                    r"</a></td>\s*<td>([^<]+)</td>", status)
    assert row and row.group(1) == strings.Translator("km")("status.outdated")


@pytest.mark.build
def test_zawgyi_file_is_rejected(site_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUMBUNG_EDITOR_LANG", "en")  # else the message is in the file's Burmese
    done, _ = translated_and_not("my")
    path = site_copy / "docs" / done.src_uri.replace(".md", ".my.md")
    text = path.read_text(encoding="utf-8").split("\n")
    text.append("ျမန္မာႏိုင္ငံသည္ အေရွ႕ေတာင္အာရွတြင္ တည္ရွိေသာ ႏိုင္ငံ ျဖစ္သည္။")
    path.write_text("\n".join(text), encoding="utf-8")
    build = run_build(site_copy)
    assert not build.ok
    assert f"docs/{done.src_uri[:-3]}.my.md" in build.output
    assert f"line {len(text)}: Burmese text in the legacy Zawgyi encoding" in build.output
    assert "Traceback" not in build.output
