"""What goes into the search indexes: one record per page version in each language's index.

Each language's index holds that language's own pages and, for the pages not yet translated into
it, their English originals (labelled English, linked to their page in this language's frame),
so a reader's first query loads one index and one WebAssembly module, whatever it finds.

Only the title is Pagefind metadata, which Pagefind 1.5 also indexes for search; the rest of what
a result shows (type, language, word breaks) rides along as filters, which are stored with the
page but not searched. The search box loads one filter index only, the small one of "lang", to
list the page language's results before English originals.
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
from lumbung.content.scripts import SCRIPTS
from lumbung.search.text import HAIR_SPACE, PlainText, encode, segment
from lumbung.site import urls

ENCODED = frozenset(SCRIPTS)  # indexes whose letters get stand-ins (see lumbung.search.text)
_GAP = re.compile(r"\s+")


@dataclass(frozen=True)
class Record:
    """A Pagefind custom record (see ``PagefindIndex.add_custom_record``)."""

    url: str  # site-root URL of the page in the index's language, e.g. km/resources/slug/
    content: str  # as written, with hair spaces between touching words
    language: str  # the index it goes into
    lang: str  # the language it is written in (an English original in another index: "en")
    title: str
    type: str  # resource type, 'webinar', or '' for a plain page

    @property
    def encoded(self) -> bool:
        return self.language in ENCODED

    @property
    def filters(self) -> dict[str, list[str]]:
        found = {"lang": [self.lang]}
        if self.type:
            found["type"] = [self.type]
        joined = joins(self.content)
        if joined:
            found["joins"] = [joined]
        return found

    def as_kwargs(self) -> dict[str, Any]:
        code = encode if self.encoded else str
        return {
            "url": self.url,
            "content": code(self.content),
            "language": self.language,
            "meta": {"title": code(self.title)},
            "filters": self.filters,
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


def records(doc: Document, site: Site, indexes: Sequence[str], text: str) -> list[Record]:
    """The records of one page version, one per index; ``text`` is its body as plain text."""
    lang = doc.lang
    content = segment("\n".join(part for part in (doc.summary, text) if part.strip()), lang)
    title, kind = segment(doc.title, lang), doc_type(doc)
    return [Record(url=urls.doc_url(doc, index, site.default), content=content, language=index,
                   lang=lang, title=title, type=kind) for index in indexes]


def build_records(library: Library, site: Site, extensions: Sequence[Any] = (),
                  extension_configs: dict[str, Any] | None = None) -> list[Record]:
    """Records for every searchable page version, rendered with the site's Markdown settings."""
    plain = PlainText(extensions, extension_configs)
    out = []
    for doc in library.documents:
        if not searchable(doc):
            continue
        if doc.lang == site.default:  # also into the indexes of languages it lacks
            translated = library.versions(doc)
            indexes = [doc.lang, *(code for code in site.codes if code not in translated)]
        else:
            indexes = [doc.lang]
        out.extend(records(doc, site, indexes, plain(doc.body)))
    return out
