"""Ways through the site without JavaScript: breadcrumbs, the home page's browse links, and a
table of contents on long pages.

Breadcrumbs follow a page's URL: every shorter path that is a page of the site is an ancestor
('topics/education/page/2/' -> home, 'topics/', 'topics/education/'), and resources, which live
under 'resources/' (not a page), have the library as their parent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.vocabulary import language_name
from lumbung.site import catalog, urls
from lumbung.site.strings import Translator
from lumbung.site.urls import CatalogKind

TOC_MIN_SECTIONS = 3  # a page with at least this many h2 sections gets a table of contents
SECTION_PARENTS = {"resources/": urls.catalog_path(CatalogKind.LIBRARY)}
INDEX_KINDS = {urls.catalog_path(kind): kind for kind in urls.CATALOG_DIRS}


@dataclass(frozen=True)
class Link:
    label: str
    url: str  # site-root URL


def _label(path: str, site: Site, library: Library, lang: str) -> str | None:
    """The name of the page at ``path`` (site-root, no language prefix), or None if no page
    lives there."""
    t = Translator(lang)
    fixed = {
        "": t("nav.home"),
        urls.catalog_path(CatalogKind.LIBRARY): t("catalog.library"),
        urls.catalog_path(CatalogKind.WEBINARS): t("catalog.webinars"),
        urls.catalog_path(CatalogKind.NEW): t("catalog.new"),
        urls.ARCHIVE: t("newsletter.archive"),
        urls.STATUS: t("status.title"),
    }
    if path in fixed:
        return fixed[path]
    if path in INDEX_KINDS:
        return t(catalog.INDEX_TITLES[INDEX_KINDS[path]])
    for kind, folder in urls.CATALOG_DIRS.items():
        parts = path.split("/")
        if parts[0] == folder and len(parts) == 3:  # 'topics/education/'
            listing = catalog.CatalogPage(kind, parts[1], path, ())
            return catalog.title(listing, t, library.vocabulary, lang)
    doc = library.original_at(path + "index.md") or library.original_at(path[:-1] + ".md")
    if doc is not None:
        version = library.versions(doc).get(lang, doc)
        return version.title
    return None


def breadcrumbs(site: Site, library: Library, url: str, lang: str) -> tuple[Link, ...]:
    """The ancestors of the page at site-root ``url`` (with its language prefix), home first;
    empty for a home page."""
    prefix = urls.prefix(lang, site.default)
    path = url[len(prefix):] if url.startswith(prefix) else url
    if not path:
        return ()
    parts = path.rstrip("/").split("/")
    ancestors = [""] + ["/".join(parts[:n]) + "/" for n in range(1, len(parts))]
    trail = []
    for ancestor in ancestors:
        ancestor = SECTION_PARENTS.get(ancestor, ancestor)
        label = _label(ancestor, site, library, lang)
        if label is not None:
            trail.append(Link(label, prefix + ancestor))
    return tuple(trail)


def browse_links(site: Site, lang: str) -> tuple[Link, ...]:
    """The home page's ways into the whole library: every index of listings, what is new, and
    everything available in the reader's own language."""
    t = Translator(lang)

    def url(kind: CatalogKind, key: str = "") -> str:
        return urls.url_for(kind, key, lang=lang, default=site.default)

    return (
        Link(t("catalog.topics"), url(CatalogKind.TOPIC)),
        Link(t("catalog.countries"), url(CatalogKind.COUNTRY)),
        Link(t("catalog.types"), url(CatalogKind.TYPE)),
        Link(t("catalog.languages"), url(CatalogKind.LANGUAGE)),
        Link(t("catalog.new"), url(CatalogKind.NEW)),
        Link(t("home.in_language", language=language_name(lang, lang)),
             url(CatalogKind.LANGUAGE, lang)),
    )


def _flatten(entries: Iterable[Any]) -> Iterable[Any]:
    for entry in entries:
        yield entry
        yield from _flatten(entry.children)


def table_of_contents(toc: Iterable[Any], minimum: int = TOC_MIN_SECTIONS) -> tuple[Link, ...]:
    """The h2 sections of a page (MkDocs' ``page.toc``) when there are at least ``minimum``;
    each link's url is the section's fragment ('#how-to')."""
    sections = tuple(Link(entry.title, entry.url) for entry in _flatten(toc)
                     if entry.level == 2)
    return sections if len(sections) >= minimum else ()
