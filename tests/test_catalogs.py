"""Catalogs follow the content: one new file updates every listing in every language."""

from __future__ import annotations

import gzip
import re
from datetime import date
from pathlib import Path

import pytest

from lumbung.config import load_site
from lumbung.content import frontmatter
from lumbung.content.library import build_library
from lumbung.site import catalog, urls
from lumbung.site.generated import front_matter
from tests.conftest import ROOT, run_build

pytestmark = pytest.mark.build
SITE = load_site(ROOT / "mkdocs.yml")

NEW = """---
title: {title}
summary: A test resource about {topic}, added to check that every catalog follows.
type: {type}
topics: [{topic}]
countries: [{country}]
organisation: Test Organisation
published: {date}
licence: CC-BY-4.0
---
Body of {title}.
"""


def add_resource(root: Path, slug: str, **fields: str) -> None:
    (root / "docs" / "resources" / f"{slug}.md").write_text(
        NEW.format(**fields), encoding="utf-8")


def listed(html: str, title: str) -> bool:
    return re.search(f">{re.escape(title)}</a></h[23]>", html) is not None


def test_adding_one_file_updates_every_catalog_in_every_language(site_copy: Path) -> None:
    title = "Zebra crossing safety for migrant children"
    add_resource(site_copy, "zebra-crossing", title=title, topic="child-protection",
                 type="dataset", country="LA", date="2026-11-02")
    build = run_build(site_copy)
    assert build.ok, build.output
    paths = ["library/", "topics/child-protection/", "countries/la/", "types/dataset/",
             "languages/en/", "new/", ""]
    for lang in SITE.codes:
        prefix = "" if lang == SITE.default else f"{lang}/"
        for path in paths:
            html = build.html(f"{prefix}{path}index.html")
            assert listed(html, title), f"{prefix}{path} does not list the new resource"
        # Not translated: the listing labels it as English in the reader's language.
        if lang != SITE.default:
            item = build.html(f"{prefix}types/dataset/index.html")
            assert re.search(r'<li lang="en">\s*<h2><a href="[^"]*resources/zebra-crossing/">',
                             item), lang
        page = build.html(f"{prefix}resources/zebra-crossing/index.html")
        assert f'<html lang="{lang}"' in page


def _resource_page_size(root: Path) -> int:
    build = run_build(root)
    assert build.ok, build.output
    html = build.html("resources/ethical-storytelling-initiative/index.html")
    return len(gzip.compress(html.encode("utf-8")))


def test_resource_page_does_not_grow_with_the_library(site_copy: Path) -> None:
    before = _resource_page_size(site_copy)
    for n in range(200):
        add_resource(site_copy, f"generated-{n}", title=f"Generated resource {n}",
                     topic="education", type="report", country="TH", date="2021-05-01")
    after = _resource_page_size(site_copy)
    assert after <= before * 1.02 + 64, (before, after)


@pytest.mark.parametrize(("kind", "key", "page", "lang", "expected"), [
    ("home", "", 1, "en", ""),
    ("home", "", 1, "km", "km/"),
    ("library", "", 2, "th", "th/library/page/2/"),
    ("topic", "", 1, "en", "topics/"),
    ("country", "MY", 1, "vi", "vi/countries/my/"),
    ("type", "guide", 1, "en", "types/guide/"),
    ("status", "", 1, "lo", "lo/status/"),
    ("guide", "translate/", 1, "my", "my/guide/translate/"),
    ("archive", "2026-W47", 1, "id", "id/newsletters/2026-W47/"),
    ("feed", "resources", 1, "ms", "ms/library/feed.xml"),
])
def test_url_for_spells_every_kind_of_page(kind: str, key: str, page: int, lang: str,
                                           expected: str) -> None:
    assert urls.url_for(kind, key, page, lang=lang, default="en") == expected


def test_generated_catalog_titles_read_back_as_written() -> None:
    library = build_library(SITE.docs_dir, SITE.codes, SITE.default)
    for lang in ("en", "km"):
        pages = catalog.generated_pages(SITE, library, lang, date(2026, 12, 1))
        assert pages
        for src_uri, _, title in pages:
            head = frontmatter.parse(front_matter(title=title, template="catalog.html"),
                                     src_uri, required=True)
            assert head.meta == {"title": title, "template": "catalog.html"}
    quoted = 'Say "no": safely'
    head = frontmatter.parse(front_matter(title=quoted), "x.md", required=True)
    assert head.meta["title"] == quoted
