"""What goes into the search indexes: one record per real page version, from the library.

Each language's index holds that language's own pages only. English originals carry a filter
naming the languages they are not yet translated into, so a reader of such a language also
finds them (labelled English) through a second search of the English index.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.model import Document, Resource
from lumbung.search.text import HAIR_SPACE, PlainText, segment
from lumbung.site import urls

AUDIENCE = "for"  # filter: the languages whose readers should find a record
_GAP = re.compile(r"\s+")


@dataclass(frozen=True)
class Record:
    """A Pagefind custom record (see ``PagefindIndex.add_custom_record``)."""

    url: str  # site-root URL of the page in its own language, e.g. km/resources/slug/
    content: str
    language: str
    meta: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "content": self.content,
            "language": self.language,
            "meta": dict(self.meta),
            "filters": {name: list(values) for name, values in self.filters},
        }

    @property
    def segmented(self) -> bool:
        """Whether any two words of this record touch (Khmer, Thai, Lao, Burmese)."""
        return HAIR_SPACE in self.content


def doc_type(doc: Document) -> str:
    """The type shown in results: a resource's type, 'webinar', or '' for a plain page."""
    if isinstance(doc.data, Resource):
        return doc.data.type
    return doc.kind if doc.kind == "webinar" else ""


def searchable(doc: Document) -> bool:
    """Every page version but the home pages, which only list other pages."""
    return doc.norm_uri != "index.md"


def joins(content: str) -> str:
    """Which gaps between the words of ``content`` are word breaks, not spaces, as base64.

    Pagefind keeps a record's words but joins them with plain spaces in what it returns. Bit
    ``i`` (little-endian within each byte) is set when words ``i`` and ``i + 1`` were joined
    by hair spaces only, so the browser can put the text back together as it was written.
    """
    gaps = [set(gap) == {HAIR_SPACE} for gap in _GAP.findall(content.strip())]
    if not any(gaps):
        return ""
    bits = bytearray((len(gaps) + 7) // 8)
    for i, joined in enumerate(gaps):
        if joined:
            bits[i // 8] |= 1 << (i % 8)
    return base64.b64encode(bytes(bits)).decode("ascii")


def record(doc: Document, site: Site, audience: Sequence[str], text: str) -> Record:
    """The record of one page version; ``text`` is its body as plain text."""
    lang = doc.lang
    content = segment("\n".join(part for part in (doc.summary, text) if part.strip()), lang)
    meta = [
        ("title", segment(doc.title, lang)),
        ("type", doc_type(doc)),
        ("lang", lang),
        ("path", urls.doc_path(doc.norm_uri)),
    ]
    joined = joins(content)
    if joined:
        meta.append(("joins", joined))
    return Record(
        url=urls.doc_url(doc, lang, site.default),
        content=content,
        language=lang,
        meta=tuple(meta),
        filters=((AUDIENCE, tuple(audience)),),
    )


def build_records(library: Library, site: Site, extensions: Sequence[Any] = (),
                  extension_configs: dict[str, Any] | None = None) -> list[Record]:
    """Records for every searchable page version, rendered with the site's Markdown settings."""
    plain = PlainText(extensions, extension_configs)
    out = []
    for doc in library.documents:
        if not searchable(doc):
            continue
        if doc.lang == site.default:
            translated = library.versions(doc)
            audience = [doc.lang, *(code for code in site.codes if code not in translated)]
        else:
            audience = [doc.lang]
        out.append(record(doc, site, audience, plain(doc.body)))
    return out
