"""Related resources: other resources and webinars sharing a page's topics.

Every resource and webinar page lists them, so a library of 10,000 pages cannot compare each page
with every other: :class:`RelatedIndex` lists the documents of each topic once, and ranks the
documents sharing a set of topics once per set (pages share sets: a few thousand sets, not one a
page).
"""

from __future__ import annotations

import heapq
from collections import Counter
from datetime import date

from lumbung.content.library import Library
from lumbung.content.model import Document, DocumentKind
from lumbung.site.catalog import Item, item_for

RELATED_MAX = 5


def _rank(doc: Document, shared: int) -> tuple[int, int, str]:
    """Most shared topics first, then the newest, then by title."""
    return (-shared, -(doc.date or date.min).toordinal(), doc.title.casefold())


class RelatedIndex:
    """Related documents of a library, by topic set (a part of the site build)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._by_topic: dict[str, list[Document]] = {}
        for doc in library.originals():
            if doc.kind == DocumentKind.PAGE or doc.data is None:
                continue
            for topic in dict.fromkeys(doc.data.topics):
                self._by_topic.setdefault(topic, []).append(doc)
        self._position = {doc.norm_uri: n for n, doc in enumerate(library.originals())}
        self._ranked: dict[tuple[frozenset[str], int], list[Document]] = {}

    def documents(self, original: Document, limit: int = RELATED_MAX) -> list[Document]:
        """Up to ``limit`` documents sharing topics with ``original`` (never itself)."""
        if original.data is None:
            return []
        topics = frozenset(original.data.topics)
        ranked = self._ranked.get((topics, limit))
        if ranked is None:
            shared: Counter[str] = Counter()
            found: dict[str, Document] = {}
            for topic in topics:
                for doc in self._by_topic.get(topic, ()):
                    shared[doc.norm_uri] += 1
                    found[doc.norm_uri] = doc
            ranked = heapq.nsmallest(limit + 1, found.values(), key=lambda d: (
                *_rank(d, shared[d.norm_uri]), self._position[d.norm_uri]))  # ties: library order
            self._ranked[(topics, limit)] = ranked
        return [doc for doc in ranked if doc.norm_uri != original.norm_uri][:limit]

    def items(self, original: Document, lang: str, limit: int = RELATED_MAX) -> tuple[Item, ...]:
        """:meth:`documents` as listing lines in ``lang``."""
        return tuple(item_for(self.library, doc, lang) for doc in self.documents(original, limit))


def related(library: Library, original: Document, lang: str,
            limit: int = RELATED_MAX) -> tuple[Item, ...]:
    """Up to ``limit`` resources and webinars sharing topics with ``original``, in ``lang``
    (one page; a build asks its :class:`RelatedIndex`)."""
    return RelatedIndex(library).items(original, lang, limit)
