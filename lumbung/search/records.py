"""What goes into the search indexes: one record per page version, plus English originals.

The main bundle (pagefind/) has one index per language holding that language's real pages only.
A page not yet translated into a language is found from that language's search through its
English original, kept in a bundle of originals (pagefind/originals/<stemmer>/) that the search
box merges into its own (Pagefind's mergeIndex). A merged index runs on the WebAssembly module of
the page's language, so the originals are indexed with that module's stemmer: one bundle per
stemmer of the languages that lack pages (Pagefind 1.5 stems Indonesian; Khmer, Thai, Lao,
Burmese, Vietnamese and Malay are not stemmed). Every record carries the languages whose readers
it is for as a filter ("for": its own language, or the languages an original has no version in),
so a merged search lists a page's own language and the originals it lacks, nothing twice.

Every text is indexed in Unicode normalisation form C (:func:`nfc`): text pasted from Word or a
PDF often spells Vietnamese tone marks as combining characters (NFD), while phone keyboards type
precomposed letters; the search box normalises every query the same way.

Only the title is Pagefind metadata, which Pagefind 1.5 also indexes for search; the rest of what
a result shows (type, word breaks) rides along as filters, which are stored with the page but not
searched. In stemmed indexes (English, Indonesian) a second metadata field, ``x``, lists the
page's words as written, each wrapped in digits ("group" becomes "1group1"): a stemmer leaves a
word that ends in a digit alone, and no word typed begins like it, so the search box finds the
pages with a word exactly as typed (``1group1``) apart from those with only "groups" or
"grouping", which share the stem "group" (:func:`exact_forms`).
"""

from __future__ import annotations

import base64
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.model import Document, DocumentKind, Resource
from lumbung.content.scripts import SCRIPTS
from lumbung.search.text import HAIR_SPACE, PlainText, encode, segment
from lumbung.site import urls

ENCODED = frozenset(SCRIPTS)  # indexes whose letters get stand-ins (see lumbung.search.text)
# Languages Pagefind 1.5 stems (it ships a wasm.<code>.pagefind for each); others are not stemmed.
STEMMED = frozenset({"ar", "ca", "da", "de", "el", "en", "es", "eu", "fi", "fr", "ga", "hi", "hu",
                     "hy", "id", "it", "lt", "ne", "nl", "no", "pt", "ro", "ru", "sr", "sv", "ta",
                     "tr", "yi"})
ORIGINALS = "originals"  # folder of the originals bundles, inside the main bundle's
EXACT = "x"  # metadata field of the words as written, in stemmed indexes
_GAP = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")  # letters and digits; overrides/assets/search.js splits alike


def stemmer(lang: str) -> str:
    """The stemmer (and WebAssembly module) Pagefind uses for an index in ``lang``."""
    primary = lang.split("-")[0].lower()
    return primary if primary in STEMMED else "unknown"


def originals_bundle(lang: str) -> str:
    """Folder, inside the main bundle, of the English originals a ``lang`` reader searches."""
    return f"{ORIGINALS}/{stemmer(lang)}"


def originals_language(lang: str) -> str:
    """The index language of that bundle: English text, stemmed as ``lang`` searches are."""
    stem = stemmer(lang)
    return "und" if stem == "unknown" else f"{stem}-x-en"


@dataclass(frozen=True)
class Record:
    """A Pagefind custom record (see ``PagefindIndex.add_custom_record``)."""

    url: str  # site-root URL: the page itself, or an original's path after a language prefix
    content: str  # as written, with hair spaces between touching words
    language: str  # the index it goes into
    lang: str  # the language it is written in
    title: str
    type: str  # resource type, 'webinar', or '' for a plain page
    bundle: str = ""  # '' for the main bundle, else its folder inside it (originals)
    missing: tuple[str, ...] = ()  # an original's: the languages it has no version in

    @property
    def encoded(self) -> bool:
        return self.language in ENCODED

    @property
    def filters(self) -> dict[str, list[str]]:
        # The languages whose readers it is listed for: its own, or those it is missing from.
        found = {"for": list(self.missing) if self.bundle else [self.lang]}
        if self.type:
            found["type"] = [self.type]
        joined = joins(self.content)
        if joined:
            found["joins"] = [joined]
        return found

    @property
    def stemmed(self) -> bool:
        return stemmer(self.language) != "unknown"

    def as_kwargs(self) -> dict[str, Any]:
        code = encode if self.encoded else str
        meta = {"title": code(self.title)}
        if self.stemmed:
            meta[EXACT] = exact_forms(f"{self.title}\n{self.content}")
        return {
            "url": self.url,
            "content": code(self.content),
            "language": self.language,
            "meta": meta,
            "filters": self.filters,
        }

    @property
    def segmented(self) -> bool:
        """Whether any two words of this record touch (Khmer, Thai, Lao, Burmese)."""
        return HAIR_SPACE in self.content


def exact_forms(text: str) -> str:
    """The words of ``text`` with a letter, lower case, each once, wrapped in the digit 1."""
    found = {w for w in _WORD.findall(text.lower()) if not w.isdigit()}
    return " ".join(f"1{w}1" for w in sorted(found))


def doc_type(doc: Document) -> str:
    """The type shown in results: a resource's type, 'webinar', or '' for a plain page."""
    if isinstance(doc.data, Resource):
        return doc.data.type
    return doc.kind if doc.kind == DocumentKind.WEBINAR else ""


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


def nfc(text: str) -> str:
    """``text`` in Unicode normalisation form C (precomposed letters, as keyboards type them)."""
    return unicodedata.normalize("NFC", text)


def readers(missing: Sequence[str]) -> dict[str, list[str]]:
    """The bundles of originals an original missing from ``missing`` goes into, each with the
    languages whose readers search it there."""
    found: dict[str, list[str]] = {}
    for code in missing:
        found.setdefault(originals_bundle(code), []).append(code)
    return found


def records(doc: Document, site: Site, missing: Sequence[str], text: str) -> list[Record]:
    """The records of one page version: its own, and if it is an original, one per bundle of
    originals that the ``missing`` languages (those without a version of it) search."""
    lang = doc.lang
    body = "\n".join(part for part in (doc.summary, text) if part.strip())
    content = segment(nfc(body), lang)
    title, kind = segment(nfc(doc.title), lang), doc_type(doc)
    out = [Record(url=urls.doc_url(doc, lang, site.default), content=content, language=lang,
                  lang=lang, title=title, type=kind)]
    for bundle, codes in readers(missing).items():
        out.append(Record(url=urls.doc_path(doc.norm_uri), content=content,
                          language=originals_language(codes[0]), lang=lang, title=title,
                          type=kind, bundle=bundle, missing=tuple(codes)))
    return out


def _markdown_text() -> Callable[[Document], str]:
    plain = PlainText()
    return lambda doc: plain(doc.body)


def build_records(library: Library, site: Site, text: Callable[[Document], str] | None = None,
                  langs: Collection[str] | None = None) -> list[Record]:
    """Records for every searchable page version written in ``langs`` (all by default).

    ``text`` gives a page's body as plain text; by default its Markdown is rendered again (the
    build hands over the HTML MkDocs rendered instead).
    """
    read = text or _markdown_text()
    out = []
    for doc, missing in _sources(library, site, langs):
        out.extend(records(doc, site, missing, read(doc)))
    return out


def _sources(library: Library, site: Site,
             langs: Collection[str] | None) -> Iterator[tuple[Document, list[str]]]:
    """Each searchable page version written in ``langs``, with the languages an original has
    no version in."""
    for doc in library.documents:
        if not searchable(doc) or (langs is not None and doc.lang not in langs):
            continue
        missing: list[str] = []
        if doc.lang == site.default:
            translated = library.versions(doc)
            missing = [code for code in site.codes if code not in translated]
        yield doc, missing


def index_sizes(library: Library, site: Site) -> dict[tuple[str, str], int]:
    """How many records each index gets, by (bundle, index language), counted as
    :func:`build_records` makes them but without reading a page: what a build process that
    indexes some languages only knows of the indexes of originals (see lumbung.search.shards)."""
    sizes: Counter[tuple[str, str]] = Counter()
    for doc, missing in _sources(library, site, None):
        sizes["", doc.lang] += 1
        for bundle, codes in readers(missing).items():
            sizes[bundle, originals_language(codes[0])] += 1
    return dict(sizes)
