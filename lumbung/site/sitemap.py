"""sitemap.xml for every language at once: each indexable page with its hreflang alternates.

Pages shown in English because they are not yet translated are left out: they carry
``noindex`` and name the English page as canonical, which is listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree

from lumbung.config import Site
from lumbung.site.views import PageView

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class Entry:
    url: str  # absolute
    alternates: tuple[tuple[str, str], ...]  # (language code, absolute URL), this page included


def entry(site: Site, view: PageView) -> Entry | None:
    """The sitemap entry of a page, or None for a page search engines should not list."""
    if view.noindex or view.canonical != site.absolute(view.url):
        return None
    return Entry(view.canonical, tuple((a.code, site.absolute(a.url)) for a in view.hreflang))


def sitemap_xml(entries: Iterable[Entry]) -> bytes:
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    seen = set()
    for item in sorted(entries, key=lambda e: e.url):
        if item.url in seen:
            continue
        seen.add(item.url)
        url = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = item.url
        if len(item.alternates) > 1:
            for code, href in item.alternates:
                ElementTree.SubElement(url, f"{{{XHTML_NS}}}link",
                                       {"rel": "alternate", "hreflang": code, "href": href})
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
