"""The "Offline" page, generated in every language at /offline/: the ZIM files with their sizes,
how to open them, and where the PDFs are.

The build writes the page before any ZIM file exists (they are made from the written site), so
the page holds a marked place for the list; :func:`fill_pages` writes the list there once the
files are made, by the build or by ``scripts/offline.py zim``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from lumbung.config import Site
from lumbung.offline.zim import FOLDER, ZimFile
from lumbung.site import formatting, urls
from lumbung.site.strings import Translator
from lumbung.site.views import PageView, generated_view

START, END = "<!-- lumbung:zim-files -->", "<!-- /lumbung:zim-files -->"
_BLOCK = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)


@dataclass(frozen=True)
class OfflinePage:
    """Marks the generated Offline page among a build's generated pages."""


def page_path(site: Site, lang: str) -> str:
    """Site-root URL of the Offline page in ``lang``."""
    return urls.prefix(lang, site.default) + FOLDER


def src_uri(site: Site, lang: str) -> str:
    """Where the Offline page in ``lang`` is generated, for MkDocs."""
    return page_path(site, lang) + "index.md"


def offline_view(site: Site, lang: str, *, pdf: bool) -> PageView:
    """What offline.html shows in ``lang`` (the ZIM list is filled in later: START/END)."""
    return generated_view(site, FOLDER, lang, pdf=pdf, zim_start=Markup(START),
                          zim_end=Markup(END))


@cache
def _list_template() -> jinja2.Template:
    return jinja2.Environment(autoescape=True).from_string(
        '{{ start }}<ul class="lb-offline-files">\n'
        '{%- for f in files %}\n<li><a href="{{ f.href }}" download hreflang="{{ f.lang }}" '
        'lang="{{ f.lang }}">{{ f.name }}</a> <span class="lb-small">({{ f.size }})</span></li>'
        '{%- endfor %}\n</ul>{{ end }}')


@dataclass(frozen=True)
class _Row:
    lang: str
    name: str
    href: str
    size: str


def file_list(site: Site, lang: str, files: list[ZimFile]) -> str:
    """The list of ZIM files as the Offline page in ``lang`` shows it (links relative to it)."""
    t = Translator(lang)
    here = page_path(site, lang)
    names = {language.code: language.name for language in site.languages}
    rows = [_Row(f.lang, names[f.lang], posixpath.relpath(f.url, here.rstrip("/")),
                 t("offline.zim_size", size=formatting.format_size(f.size, lang)))
            for f in files]
    return _list_template().render(start=Markup(START), end=Markup(END), files=rows)


def fill_pages(site: Site, files: list[ZimFile], site_dir: Path | None = None) -> int:
    """Write the list of ``files`` into every language's written Offline page; how many."""
    built = site_dir or site.site_dir
    filled = 0
    for lang in site.codes:
        path = built / page_path(site, lang) / "index.html"
        if not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        found = _BLOCK.search(html)
        if found is None:
            continue
        listed = file_list(site, lang, files)
        path.write_text(html[:found.start()] + listed + html[found.end():], encoding="utf-8")
        filled += 1
    return filled
