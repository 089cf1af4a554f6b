"""One build's search, across mkdocs-static-i18n's passes (one per language).

Each pass hands over its pages' text as MkDocs rendered it (``page_rendered``), then, before
its pages are written, gets the search box's settings for its language (``language_ready``),
which also passes the language's records to Pagefind, running beside the build. After the last
language's pages, ``finish`` waits for the bundle and writes the word lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.search.bundle import Indexer
from lumbung.search.publish import (
    SearchPlan,
    SearchReport,
    SearchView,
    language_records,
    publish,
)
from lumbung.search.records import searchable
from lumbung.search.text import html_text


class SearchBuild:
    def __init__(self, site: Site, library: Library) -> None:
        self.site = site  # as the first pass sees it: its site_dir is the top one
        self.library = library  # the build's (lumbung.site.session.SiteBuild.library)
        self.texts: dict[str, str] = {}  # plain text of each page version, by source path
        self.plan = SearchPlan((), {})
        self._indexer: Indexer | None = None

    def page_rendered(self, src_uri: str, lang: str, html: str) -> None:
        """Keep the text of a page version written in ``lang`` (not its fallbacks)."""
        doc = self.library.by_src_uri(src_uri)
        if doc is not None and doc.lang == lang and searchable(doc):
            self.texts[doc.src_uri] = html_text(html)

    def language_ready(self, lang: str, extensions: Sequence[Any] = (),
                       extension_configs: dict[str, Any] | None = None) -> SearchView:
        """Index ``lang``'s pages (all rendered by now); the search box settings for it."""
        records = language_records(self.library, self.site, lang, self.texts, extensions,
                                   extension_configs)
        self.plan = self.plan.extend(records)
        if self._indexer is None:
            self._indexer = Indexer(self.site.site_dir)
        self._indexer.add(records)
        if lang == self.site.codes[-1]:  # every record is known: write while pages are written
            self._indexer.write()
        return self.plan.view(lang)

    def finish(self, lang: str) -> SearchReport | None:
        """After the last language's pages (None before, or if nothing was indexed): wait for
        the bundle and add the word lists."""
        if lang != self.site.codes[-1]:
            return None
        indexer, self._indexer = self._indexer, None
        if indexer is None:
            return None
        return publish(self.plan, indexer, self.site.site_dir)

    def close(self) -> None:
        """Stop Pagefind (a build that failed half-way)."""
        indexer, self._indexer = self._indexer, None
        if indexer is not None:
            indexer.close()
