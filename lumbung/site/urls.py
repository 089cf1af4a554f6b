"""Where every page lives: URLs (relative to the site root, with directory URLs)."""

from __future__ import annotations

from enum import StrEnum

from lumbung.content.model import Document


class CatalogKind(StrEnum):
    """The site's listings (lumbung.site.catalog): the whole library, webinars, what is new, and
    one listing per topic, country, resource type and language (the kinds in CATALOG_DIRS)."""

    LIBRARY = "library"
    WEBINARS = "webinars"
    NEW = "new"
    TOPIC = "topic"
    COUNTRY = "country"
    TYPE = "type"
    LANGUAGE = "language"


CATALOG_DIRS = {
    CatalogKind.TOPIC: "topics",
    CatalogKind.COUNTRY: "countries",
    CatalogKind.TYPE: "types",
    CatalogKind.LANGUAGE: "languages",
}


def prefix(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def doc_path(norm_uri: str) -> str:
    """'resources/foo.md' -> 'resources/foo/'; 'index.md' -> ''; 'guide/index.md' -> 'guide/'."""
    stem = norm_uri[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def doc_url(doc: Document, lang: str, default: str) -> str:
    return prefix(lang, default) + doc_path(doc.norm_uri)


def catalog_path(kind: str, key: str = "", page: int = 1) -> str:
    """'topic', 'child-protection' -> 'topics/child-protection/'; kind 'library' -> 'library/'."""
    catalog = CatalogKind(kind)
    base = {CatalogKind.LIBRARY: "library/", CatalogKind.WEBINARS: "webinars/",
            CatalogKind.NEW: "new/"}.get(catalog)
    if base is None:
        base = f"{CATALOG_DIRS[catalog]}/" + (f"{key.lower()}/" if key else "")
    return base if page == 1 else f"{base}page/{page}/"


ARCHIVE = "newsletters/"  # the newsletter archive (index and one page per issue)
FEEDS = {"archive": f"{ARCHIVE}feed.xml", "resources": "library/feed.xml"}
STATUS = "status/"  # translation status
GUIDE = "guide/"  # the editors' guide
OFFLINE = "offline/"  # the Offline page; the ZIM files are published in this folder too
SEARCH = "search/"  # every title in one language, where search runs without JavaScript


def archive_path(week: str = "") -> str:
    """'' -> 'newsletters/'; '2026-W47' -> 'newsletters/2026-W47/'."""
    return f"{ARCHIVE}{week}/" if week else ARCHIVE


def feed_path(kind: str) -> str:
    """'archive' -> the newsletter archive's Atom feed; 'resources' -> the library's."""
    return FEEDS[kind]


class Place(StrEnum):
    """Pages that are not catalogs, for :func:`url_for`."""

    HOME = "home"
    STATUS = "status"
    GUIDE = "guide"  # key: a page of the guide, like 'translate/'
    ARCHIVE = "archive"  # key: an issue's week
    FEED = "feed"  # key: 'archive' or 'resources' (FEEDS)
    OFFLINE = "offline"
    SEARCH = "search"


def url_for(kind: str, key: str = "", page: int = 1, *, lang: str, default: str) -> str:
    """The site-root URL of a page in ``lang``, by what it is: templates call this (as
    ``lb_url``) instead of joining path segments.

    ``kind`` is a :class:`Place` or a :class:`CatalogKind` (with its key and page), or their
    value ('home', 'topic'...) as templates write it.
    """
    if kind == Place.HOME:
        path = ""
    elif kind == Place.STATUS:
        path = STATUS
    elif kind == Place.GUIDE:
        path = GUIDE + key
    elif kind == Place.ARCHIVE:
        path = archive_path(key)
    elif kind == Place.FEED:
        path = feed_path(key)
    elif kind == Place.OFFLINE:
        path = OFFLINE
    elif kind == Place.SEARCH:
        path = SEARCH
    else:
        path = catalog_path(kind, key, page)
    return prefix(lang, default) + path
