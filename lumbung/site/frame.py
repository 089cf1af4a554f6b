"""What the page frame shows around every page's content, computed once per page: the
breadcrumbs, a table of contents on long pages, the sharing card; and the sitemap, gathered
page by page across the languages' passes and written after the last."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from typing import Any

from lumbung.site import navigation, sharing, sitemap
from lumbung.site.session import SiteBuild
from lumbung.site.strings import Translator
from lumbung.site.views import PageView

SITEMAP_PART = "sitemap"


def _entries(build: SiteBuild) -> list[sitemap.Entry]:
    """The sitemap entries gathered so far in this build (every language's pass adds its own)."""
    return build.part(SITEMAP_PART, list[sitemap.Entry])


def page_frame(build: SiteBuild, view: PageView, title: str, toc: Iterable[Any],
               card_image: str) -> dict[str, object]:
    """Template variables for the frame of one page (and its sitemap entry noted)."""
    site, lang = build.site, build.lang
    entry = sitemap.entry(site, view)
    if entry is not None:
        _entries(build).append(entry)
    description = Translator(lang)("site.tagline")
    return {
        "lb_trail": navigation.breadcrumbs(site, build.library, view.url, lang),
        "lb_toc": navigation.table_of_contents(toc),
        "lb_card": sharing.card(site, view, title, description, card_image),
    }


def write_sitemap(build: SiteBuild) -> None:
    """After the last language's pass: sitemap.xml (and .gz) at the top of the site, listing
    every language's pages, replacing the per-pass ones MkDocs wrote."""
    if build.lang != build.site.codes[-1]:
        return
    top = build.site.site_dir
    xml = sitemap.sitemap_xml(_entries(build))
    (top / "sitemap.xml").write_bytes(xml)
    (top / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))
    for code in build.site.codes:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            stale = top / code / name
            if code != build.site.default and stale.exists():
                stale.unlink()
