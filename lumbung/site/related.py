"""Related resources: other resources and webinars sharing a page's topics."""

from __future__ import annotations

from datetime import date

from lumbung.content.library import Library
from lumbung.content.model import Document, DocumentKind
from lumbung.site.catalog import Item, item_for

RELATED_MAX = 5


def related(library: Library, original: Document, lang: str,
            limit: int = RELATED_MAX) -> tuple[Item, ...]:
    """Up to ``limit`` resources and webinars sharing topics with ``original``, in ``lang``:
    most shared topics first, then the newest, then by title."""
    if original.data is None:
        return ()
    topics = set(original.data.topics)
    scored = []
    for doc in library.originals():
        if doc.norm_uri == original.norm_uri or doc.kind == DocumentKind.PAGE or doc.data is None:
            continue
        shared = len(topics & set(doc.data.topics))
        if shared:
            scored.append((-shared, -(doc.date or date.min).toordinal(), doc.title.casefold(), doc))
    scored.sort(key=lambda row: row[:3])
    return tuple(item_for(library, row[3], lang) for row in scored[:limit])
