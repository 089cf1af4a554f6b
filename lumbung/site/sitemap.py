"""sitemap.xml for every language at once: each indexable page with its hreflang alternates.

Pages shown in English because they are not yet translated are left out: they carry
``noindex`` and name the English page as canonical, which is listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lumbung.config import Site
from lumbung.site.views import PageView

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000  # per sitemap file (sitemaps.org)
QUOTE = {'"': "&quot;"}


@dataclass(frozen=True)
class Entry:
    url: str  # absolute
    alternates: tuple[tuple[str, str], ...]  # (language code, absolute URL), this page included


def entry(site: Site, view: PageView) -> Entry | None:
    """The sitemap entry of a page, or None for a page search engines should not list."""
    if view.noindex or view.canonical != site.absolute(view.url):
        return None
    return Entry(view.canonical, tuple((a.code, site.absolute(a.url)) for a in view.hreflang))


def _urlset(entries: Sequence[Entry]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
    for item in entries:
        out.append(f"  <url>\n    <loc>{escape(item.url)}</loc>")
        if len(item.alternates) > 1:
            out.extend(f'    <xhtml:link rel="alternate" hreflang="{escape(code)}" '
                       f'href="{escape(href, QUOTE)}" />' for code, href in item.alternates)
        out.append("  </url>")
    out.append("</urlset>\n")
    return "\n".join(out).encode("utf-8")


def sitemap_xml(entries: Iterable[Entry]) -> bytes:
    """One sitemap of every entry (sorted by URL, each once), whatever its size."""
    return _urlset(_unique(entries))


def _unique(entries: Iterable[Entry]) -> list[Entry]:
    seen: dict[str, Entry] = {}
    for item in entries:
        seen.setdefault(item.url, item)
    return [seen[url] for url in sorted(seen)]


def sitemap_files(site: Site, entries: Iterable[Entry]) -> dict[str, bytes]:
    """The sitemap files, by name: ``sitemap.xml`` alone, or, past the 50,000 addresses a
    sitemap may list (sitemaps.org), numbered sitemaps and ``sitemap.xml`` as their index."""
    found = _unique(entries)
    if len(found) <= MAX_URLS:
        return {"sitemap.xml": _urlset(found)}
    files = {f"sitemap-{n + 1}.xml": _urlset(found[start:start + MAX_URLS])
             for n, start in enumerate(range(0, len(found), MAX_URLS))}
    index = ['<?xml version="1.0" encoding="utf-8"?>', f'<sitemapindex xmlns="{SITEMAP_NS}">']
    index.extend(f"  <sitemap>\n    <loc>{escape(site.absolute(name))}</loc>\n  </sitemap>"
                 for name in files)
    index.append("</sitemapindex>\n")
    return {**files, "sitemap.xml": "\n".join(index).encode("utf-8")}
