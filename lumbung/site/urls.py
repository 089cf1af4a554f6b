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
    base = {CatalogKind.LIBRARY: "library/", CatalogKind.WEBINARS: "webinars/",
            CatalogKind.NEW: "new/"}.get(CatalogKind(kind))
    if base is None:
        base = f"{CATALOG_DIRS[kind]}/" + (f"{key.lower()}/" if key else "")
    return base if page == 1 else f"{base}page/{page}/"


ARCHIVE = "newsletters/"  # the newsletter archive (index and one page per issue)
FEEDS = {"archive": f"{ARCHIVE}feed.xml", "resources": "library/feed.xml"}
STATUS = "status/"  # translation status
GUIDE = "guide/"  # the editors' guide


def archive_path(week: str = "") -> str:
    """'' -> 'newsletters/'; '2026-W47' -> 'newsletters/2026-W47/'."""
    return f"{ARCHIVE}{week}/" if week else ARCHIVE


def feed_path(kind: str) -> str:
    """'archive' -> the newsletter archive's Atom feed; 'resources' -> the library's."""
    return FEEDS[kind]


def url_for(kind: str, key: str = "", page: int = 1, *, lang: str, default: str) -> str:
    """The site-root URL of a page in ``lang``, by what it is: templates call this (as
    ``lb_url``) instead of joining path segments.

    ``kind`` is 'home', 'status', 'guide' (``key``: a page under it, like 'translate/'),
    'archive' (``key``: an issue's week), 'feed' (``key``: 'archive' or 'resources'), or a
    catalog kind of :func:`catalog_path` ('library', 'topic', ... with its key and page).
    """
    if kind == "home":
        path = ""
    elif kind == "status":
        path = STATUS
    elif kind == "guide":
        path = GUIDE + key
    elif kind == "archive":
        path = archive_path(key)
    elif kind == "feed":
        path = feed_path(key)
    else:
        path = catalog_path(kind, key, page)
    return prefix(lang, default) + path
