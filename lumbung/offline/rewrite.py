"""A built page made fit for a ZIM file: no scripts, no search box, links that stay inside.

Kiwix serves a ZIM file's entries at their paths, and a page's entry path ends in
``index.html`` (MkDocs' directory URLs end in ``/``), so links to pages in the file gain
``index.html``; links to what the file leaves out (other languages, PDFs, feeds) become the
site's absolute addresses. Kiwix brings its own search, so the site's search box goes.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import tinyhtml5

URL_ATTRIBUTES = ("href", "src", "action", "poster")
DROPPED_IDS = ("lb-search", "lb-search-out")  # the site's search box (partials/search.html)
DROPPED_TAGS = ("script", "noscript", "template")
DROPPED_LINKS = ("alternate", "preload", "modulepreload", "prefetch", "manifest")


@dataclass(frozen=True)
class OfflinePage:
    html: str
    title: str
    links: tuple[str, ...]  # site-root paths of the files the page refers to (kept or not)


def resolve(page_path: str, ref: str) -> str | None:
    """The site-root path a relative reference on the page at ``page_path`` points to
    (None for absolute URLs, fragments and other schemes); directories end in '/'."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path or ref.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), parts.path))
    if joined.startswith("..") or joined == ".":
        return "" if joined == "." else None
    return joined + ("/" if parts.path.endswith(("/", "..", ".")) else "")


def entry_path(path: str) -> str:
    """A site-root path as a ZIM entry path: directories are their index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def _drop(root: ET.Element) -> None:
    for parent in list(root.iter()):
        for child in list(parent):
            rel = (child.get("rel") or "").split()
            if (child.tag in DROPPED_TAGS or child.get("id") in DROPPED_IDS
                    or (child.tag == "link" and any(r in DROPPED_LINKS for r in rel))):
                parent.remove(child)


def offline_page(html: str, page_path: str, inside: Callable[[str], bool],
                 online: Callable[[str], str]) -> OfflinePage:
    """Rewrite the built page at site-root ``page_path`` ('km/resources/foo/index.html').

    ``inside(path)`` says whether a site-root path is an entry of the file (directories as
    their index.html); ``online(path)`` is the path's absolute address on the website.
    """
    root = tinyhtml5.parse(html, namespace_html_elements=False)
    _drop(root)
    links: list[str] = []
    for element in root.iter():
        for attribute in URL_ATTRIBUTES:
            ref = element.get(attribute)
            if ref is None:
                continue
            target = resolve(page_path, ref)
            if target is None:
                continue
            links.append(target)
            fragment = ref[ref.index("#"):] if "#" in ref else ""
            entry = entry_path(target)
            if inside(entry):
                relative = posixpath.relpath(entry, posixpath.dirname(page_path) or ".")
                element.set(attribute, relative + fragment)
            else:
                element.set(attribute, online(target) + fragment)
    title = root.findtext("head/title") or ""
    text = "<!doctype html>\n" + ET.tostring(root, encoding="unicode", method="html")
    return OfflinePage(text, title.strip(), tuple(links))
