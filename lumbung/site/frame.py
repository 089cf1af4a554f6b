"""What the page frame shows around every page's content, computed once per page: the
breadcrumbs, a table of contents on long pages, the sharing card; and the sitemap, gathered
page by page across the languages' passes and written after the last."""

from __future__ import annotations

import dataclasses
import gzip
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lumbung.config import Site
from lumbung.site import navigation, parts, sharing, sitemap
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
    """After each pass: in a parallel build, leave the language's entries as a part; else, after
    the last language's pass, write the sitemap of every language's pages."""
    entries = _entries(build)
    if build.preview:  # a few pages rebuilt: the first build's sitemap stands
        return
    if build.parts is not None:
        parts.write(build.parts, SITEMAP_PART, build.lang, [dataclasses.asdict(e) for e in entries])
        entries.clear()
    elif build.last_pass:
        write_sitemap_files(build.site, entries)


def merge_sitemap(site: Site, folder: Path) -> int:
    """The merge step of a parallel build: the sitemap from every language's part; how many
    addresses it lists."""
    found = parts.read_all(folder, SITEMAP_PART, site.codes)
    entries = [sitemap.Entry(item["url"], tuple(tuple(pair) for pair in item["alternates"]))
               for lang in site.codes for item in found[lang]]
    return write_sitemap_files(site, entries)


def write_sitemap_files(site: Site, entries: list[sitemap.Entry]) -> int:
    """sitemap.xml (and .gz, and numbered ones past 50,000 addresses) at the top of the site,
    listing every language's pages; MkDocs writes none (lumbung.site.theme drops its template)."""
    top = site.site_dir
    files = sitemap.sitemap_files(site, entries)
    for name, xml in files.items():
        (top / name).write_bytes(xml)
    (top / "sitemap.xml.gz").write_bytes(gzip.compress(files["sitemap.xml"], mtime=0))
    for code in site.codes:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            stale = top / code / name
            if code != site.default and stale.exists():
                stale.unlink()
    return len({e.url for e in entries})
