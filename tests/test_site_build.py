"""A strict build of the real site: every language, home pages, layouts, catalogs."""

from __future__ import annotations

import re

import pytest

from lumbung.config import load_site
from lumbung.content.library import build_library
from tests.conftest import ROOT

pytestmark = pytest.mark.build

SITE = load_site(ROOT / "mkdocs.yml")


def prefix(lang: str) -> str:
    return "" if lang == SITE.default else f"{lang}/"


def test_strict_build_has_no_warnings(built_site) -> None:
    assert "WARNING" not in built_site.output, built_site.output


@pytest.mark.parametrize("lang", SITE.codes)
def test_every_language_has_its_home_page(built_site, lang: str) -> None:
    html = built_site.html(f"{prefix(lang)}index.html")
    assert f'<html lang="{lang}"' in html
    assert "<h1>" in html


def test_resource_page_shows_its_metadata(built_site) -> None:
    library = build_library(SITE.docs_dir, SITE.codes, SITE.default)
    doc = next(d for d in library.originals("resource") if d.data.countries)
    html = built_site.html(f"resources/{doc.slug}/index.html")
    for topic in doc.data.topics:
        assert f'href="../../topics/{topic}/"' in html
    for country in doc.data.countries:
        assert f'href="../../countries/{country.lower()}/"' in html
    assert doc.data.organisation in html
    assert f'<time datetime="{doc.data.published.isoformat()}"' in html


def test_catalog_counts_match_front_matter(built_site) -> None:
    library = build_library(SITE.docs_dir, SITE.codes, SITE.default)
    originals = library.originals()
    for topic in library.vocabulary.topics:
        expected = sum(topic in d.data.topics for d in originals if d.data)
        for lang in ("en", "km"):
            html = built_site.html(f"{prefix(lang)}topics/{topic}/index.html")
            listed = len(re.findall(r'<li(?: lang="\w+")?>\s*<h2>', html))
            if expected <= 20:
                assert listed == expected, (topic, lang)
            assert re.search(r'<p class="lb-small">[^<]*\b' + str(expected) + r'\b', html) or \
                expected > 999, (topic, lang)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "km", "my"])
def test_pages_request_nothing_from_other_origins(built_site, served_site, page_with_log,
                                                   lang: str) -> None:
    page, log = page_with_log
    library = build_library(SITE.docs_dir, SITE.codes, SITE.default)
    resource = library.originals("resource")[0]
    webinar = library.originals("webinar")[0]
    for path in ("", "library/", "topics/education/", f"resources/{resource.slug}/",
                 f"webinars/{webinar.slug}/", "status/", "guide/"):
        page.goto(served_site.url(prefix(lang) + path))
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == lang
    assert log.urls, "the request log recorded nothing"
    assert log.foreign(served_site.origin) == []
