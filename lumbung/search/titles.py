"""The list of every title, per language: where the search form leads without JavaScript.

Search runs in the browser (Pagefind). Where JavaScript is off or fails, the search form's GET
still goes somewhere useful: a light page, generated with the site, that says why the words
typed were not searched and lists every title in the reader's language (the English original
where a page has no version in it), which the browser's find-in-page can search.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.model import Document
from lumbung.search.records import nfc, searchable
from lumbung.site import urls
from lumbung.site.generated import front_matter

PATH = urls.SEARCH  # under each language's prefix


@dataclass(frozen=True)
class Title:
    title: str
    url: str  # site-root
    lang: str  # the language it is written in


def titles(library: Library, site: Site, lang: str) -> list[Title]:
    """Every searchable page, in ``lang`` where it has a version, else its English original,
    sorted as ``lang`` sorts."""
    import icu  # here: a parallel build's merge step needs no ICU (11 MiB)
    versions: dict[str, dict[str, Document]] = {}
    for doc in library.documents:
        if searchable(doc):
            versions.setdefault(doc.norm_uri, {})[doc.lang] = doc
    out = []
    for norm_uri, docs in versions.items():
        found = docs.get(lang) or docs.get(site.default)
        if found is None:
            continue
        written = lang if lang in docs else site.default
        url = urls.prefix(lang, site.default) + urls.doc_path(norm_uri)
        out.append(Title(nfc(found.title), url, written))
    collator = icu.Collator.createInstance(icu.Locale(lang))
    return sorted(out, key=lambda t: (collator.getSortKey(t.title), t.url))


def src_uri(lang: str, default: str) -> str:
    return urls.prefix(lang, default) + PATH + "index.md"


def page_source(entries: list[Title], lang: str, default: str, heading: str, why: str,
                asked: str, english: str) -> str:
    """The page as Markdown with HTML blocks (the links are site-root, made relative here)."""
    up = "../" * (urls.prefix(lang, default).count("/") + PATH.count("/"))
    items = []
    for entry in entries:
        label = html.escape(entry.title)
        if entry.lang != lang:
            label = f'<span lang="{entry.lang}">{label}</span> ({html.escape(english)})'
        items.append(f'<li><a href="{up}{html.escape(entry.url)}">{label}</a></li>')
    # Where JavaScript runs after all (search failed to load), the words typed are shown too.
    show = ("<script>(function(){var q=new URLSearchParams(location.search).get('q'),"
            "p=document.getElementById('lb-asked');if(q&&p){p.textContent=p.dataset.text"
            ".replace('{query}',q);p.hidden=false}})()</script>")
    return (front_matter(title=heading) + f'\n# {html.escape(heading)}\n\n'
            f'<p class="lb-notice" id="lb-titles-why">{html.escape(why)}</p>\n'
            f'<p id="lb-asked" data-text="{html.escape(asked)}" hidden></p>\n{show}\n\n'
            f'<ul class="lb-titles">\n' + "\n".join(items) + "\n</ul>\n")
