"""One build's search, across mkdocs-static-i18n's passes (one per language).

Each pass hands over its pages' text as MkDocs rendered it (``page_rendered``), then, before
its pages are written, gets the search box's settings for its language (``language_ready``),
which also passes the language's records to Pagefind, running beside the build. After the last
language's pages, ``finish`` waits for the bundle and writes the word lists.

In a parallel build (``parts`` set, see lumbung.site.session) a process builds some languages
only: it leaves each language's records as a part, and the merge step (:func:`merge_parts`)
indexes them all at once. The settings of a language's search box need to know which letters the
English originals it lacks use; such a process reads them off the originals it renders itself
(the pages not yet translated into its language).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.search.bundle import Indexer
from lumbung.search.publish import (
    SearchPlan,
    SearchReport,
    SearchView,
    language_records,
    originals_for,
    publish,
)
from lumbung.search.records import Record, index_sizes, searchable
from lumbung.search.text import html_text
from lumbung.site import parts as build_parts

PART = "search"
VIEW_PART = "search-view"  # each language's search box settings (kept by the preview)


class SearchBuild:
    def __init__(self, site: Site, library: Library, languages: Sequence[str] = (),
                 parts: Path | None = None, view: dict[str, Any] | None = None) -> None:
        self.site = site  # as the first pass sees it: its site_dir is the top one
        self.library = library  # the build's (lumbung.site.session.SiteBuild.library)
        self.languages = tuple(languages) or site.codes  # built by this process
        self.parts = parts  # a parallel build's parts folder, or None
        self.texts: dict[str, str] = {}  # plain text of each page version, by source path
        self.plan = SearchPlan((), {}, index_sizes(library, site) if view is None else {})
        self._indexer: Indexer | None = None
        # The editors' preview rebuilds a few pages: their search box keeps the first build's
        # settings, and the bundle stays as that build wrote it.
        self.fixed = _view(view) if view is not None else None

    def page_rendered(self, src_uri: str, lang: str, html: str) -> None:
        """Keep the text of a page version written in ``lang`` (not its fallbacks, except the
        originals a parallel build's process needs the letters of)."""
        doc = self.library.by_src_uri(src_uri)
        if doc is None or not searchable(doc) or self.fixed is not None:
            return
        if doc.lang == lang or (self.parts is not None and doc.lang == self.site.default):
            self.texts[doc.src_uri] = html_text(html)

    def language_ready(self, lang: str, extensions: Sequence[Any] = (),
                       extension_configs: dict[str, Any] | None = None) -> SearchView:
        """Index ``lang``'s pages (all rendered by now); the search box settings for it."""
        if self.fixed is not None:
            return self.fixed
        records = language_records(self.library, self.site, lang, self.texts, extensions,
                                   extension_configs)
        self.plan = self.plan.extend(records)
        if self.parts is not None:
            build_parts.write(self.parts, PART, lang, [dataclasses.asdict(r) for r in records])
            if lang == self.site.default:
                view = self.plan.view(lang)
                build_parts.write(self.parts, VIEW_PART, lang, dataclasses.asdict(view))
                return view
            # The originals this language lacks, for the letters they use (not indexed here).
            lacking = originals_for(self.library, self.site, lang, self.texts)
            view = self.plan.extend(lacking).view(lang)
            build_parts.write(self.parts, VIEW_PART, lang, dataclasses.asdict(view))
            return view
        if self._indexer is None:
            self._indexer = Indexer(self.site.site_dir)
        self._indexer.add(records)
        if lang == self.languages[-1]:  # every record is known: write while pages are written
            self._indexer.write()
        return self.plan.view(lang)

    def finish(self, lang: str) -> SearchReport | None:
        """After the last language's pages (None before, or if nothing was indexed): wait for
        the bundle and add the word lists."""
        if lang != self.languages[-1]:
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


def _view(data: dict[str, Any]) -> SearchView:
    """A search box's settings as a part kept them (lists for tuples)."""
    fields: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value
                              for key, value in data.items()}
    return SearchView(**fields)


def _outline(record: Record) -> Record:
    return dataclasses.replace(record, content="", title="")


def _record(data: dict[str, Any]) -> Record:
    return Record(**{**data, "missing": tuple(data.get("missing", ()))})


def merge_parts(site: Site, parts: Path) -> SearchReport:
    """The merge step of a parallel build: index every language's records (left as parts) into
    one bundle, as the last pass of a one-process build does."""
    build_parts.check(parts, PART, site.codes)
    plan = SearchPlan((), {})
    indexer = Indexer(site.site_dir)
    try:
        for lang in site.codes:  # in the site's order, as one process would
            records = [_record(item) for item in build_parts.read(parts, PART, lang)]
            kept = plan.records
            plan = plan.extend(records)  # the language's word list, from its whole text
            # Only which index each record went to is needed from here on (the report).
            plan = dataclasses.replace(plan, records=(*kept, *map(_outline, records)))
            indexer.add(records)
            indexer.flush()  # one language's records in memory at a time
            del records
        indexer.write()
        return publish(plan, indexer, site.site_dir)
    except BaseException:
        indexer.close()
        raise
