"""Plan the search for a build (records, word lists) and publish it into the site folder."""

from __future__ import annotations

import gzip
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.model import Document
from lumbung.search.bundle import BUNDLE_DIR, BundleStats, Indexer
from lumbung.search.records import (
    ENCODED,
    Record,
    build_records,
    originals_bundle,
    originals_language,
    records,
    searchable,
    stemmer,
)
from lumbung.search.shards import extra_shards, shard_limit
from lumbung.search.text import PlainText
from lumbung.search.words import FOLDER, WordList, word_lists


@dataclass(frozen=True)
class SearchView:
    """What the search box of one language's pages needs (template global ``lb_search``)."""

    bundle: str  # site-root URL of the Pagefind bundle
    indexed: bool  # whether this language has pages of its own in the main bundle
    words: str  # site-root URL of the language's word list, or ''
    encoded: bool  # the index spells letters with stand-ins (lumbung.search.text.encode)
    stemmed: bool  # its indexes are stemmed and list the words as written (records.exact_forms)
    originals: str  # site-root URL of the bundle of originals not translated into it, or ''
    alphabet: str = ""  # the letters beyond ASCII that those originals use (see letters())
    # Site-root URLs of the further shards of the language's index (lumbung.search.shards),
    # merged before the first search, and of the originals', merged with the originals.
    shards: tuple[str, ...] = ()
    originals_shards: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchReport:
    bundle: BundleStats
    languages: tuple[str, ...]
    bundles: tuple[str, ...]
    word_lists: tuple[tuple[str, int, int], ...]  # language, words, gzip bytes
    shards: tuple[str, ...] = ()  # folders of the indexes' further shards (shards.py)

    def summary(self) -> str:
        kib = self.bundle.bytes / 1024
        lists = ", ".join(f"{lang} {count} words ({size / 1024:.1f} KiB gz)"
                          for lang, count, size in self.word_lists) or "none"
        return (f"Search: {self.bundle.records} records in {len(self.languages)} language "
                f"indexes ({', '.join(self.languages)}) and {len(self.bundles)} of originals "
                f"({', '.join(self.bundles) or 'none'}){self._shards()}; Pagefind ran "
                f"{self.bundle.seconds:.2f} s beside the build, which waited "
                f"{self.bundle.waited:.2f} s for it at the end; "
                f"{BUNDLE_DIR}/ is {self.bundle.files} files, {kib:.0f} KiB; word lists: {lists}")


    def _shards(self) -> str:
        if not self.shards:
            return ""
        return (f", split for Pagefind into {len(self.shards)} more shards of at most "
                f"{shard_limit()} records ({', '.join(self.shards)})")


@dataclass(frozen=True)
class SearchPlan:
    records: tuple[Record, ...]
    words: dict[str, WordList]
    # Records per index, (bundle, language), as the library tells (records.index_sizes): the
    # whole indexes of originals, which a process building some languages does not index.
    sizes: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages of the main bundle's indexes."""
        return tuple(dict.fromkeys(rec.language for rec in self.records if not rec.bundle))

    @property
    def bundles(self) -> tuple[str, ...]:
        """The bundles of originals."""
        return tuple(sorted({rec.bundle for rec in self.records if rec.bundle}))

    def extend(self, records: Sequence[Record]) -> SearchPlan:
        """This plan and one language's records (a language's words come in one go)."""
        return SearchPlan((*self.records, *records), {**self.words, **word_lists(records)},
                          self.sizes)

    def size(self, bundle: str, language: str) -> int:
        """How many records index ``language`` of ``bundle`` holds (split into shards when
        there are too many); from the library's count where the plan has one."""
        if (bundle, language) in self.sizes:
            return self.sizes[bundle, language]
        return sum(rec.bundle == bundle and rec.language == language for rec in self.records)

    def shards(self, bundle: str, language: str) -> tuple[str, ...]:
        """Site-root URLs of the further shards of an index, as the indexer writes them."""
        return tuple(f"{BUNDLE_DIR}/{folder}/" for folder in
                     extra_shards(bundle, language, self.size(bundle, language)))

    @property
    def shards_written(self) -> tuple[str, ...]:
        """The folders of every index's further shards."""
        groups = Counter((rec.bundle, rec.language) for rec in self.records)
        return tuple(folder for (bundle, language), size in groups.items()
                     for folder in extra_shards(bundle, language, size))

    def view(self, lang: str) -> SearchView:
        words = self.words.get(lang)
        bundle = originals_bundle(lang)
        lacking = [rec for rec in self.records if rec.bundle == bundle and lang in rec.missing]
        indexed = lang in self.languages
        return SearchView(bundle=f"{BUNDLE_DIR}/", indexed=indexed,
                          words=words.url if words else "", encoded=lang in ENCODED,
                          stemmed=stemmer(lang) != "unknown",
                          originals=f"{BUNDLE_DIR}/{bundle}/" if lacking else "",
                          alphabet=letters(lacking),
                          shards=self.shards("", lang) if indexed else (),
                          originals_shards=(self.shards(bundle, originals_language(lang))
                                            if lacking else ()))


def letters(records: Sequence[Record]) -> str:
    """The letters beyond ASCII in ``records``, lower case, in one string.

    Pagefind matches words without their accents, so a Vietnamese query word such as "tổ" finds
    the English "to", "tools", "towards"... The search box merges the English originals into a
    search only when each letter of the query is ASCII or one of these: no false matches, and no
    index chunks fetched for them.
    """
    found = {ch for rec in records for text in (rec.content, rec.title)
             for ch in unicodedata.normalize("NFC", text.lower()) if ch > "\x7f" and ch.isalpha()}
    return "".join(sorted(found))


def language_records(library: Library, site: Site, lang: str, rendered: Mapping[str, str],
                     extensions: Sequence[Any] = (),
                     extension_configs: dict[str, Any] | None = None) -> list[Record]:
    """The records of the pages written in ``lang``, from their text as the build rendered it
    (``rendered``: plain text by source path; a page missing there is rendered again)."""
    plain: PlainText | None = None

    def text(doc: Document) -> str:
        nonlocal plain
        if doc.src_uri in rendered:
            return rendered[doc.src_uri]
        plain = plain or PlainText(extensions, extension_configs)
        return plain(doc.body)

    return build_records(library, site, text, langs=(lang,))


def originals_for(library: Library, site: Site, lang: str,
                  rendered: Mapping[str, str]) -> list[Record]:
    """The records of the English originals that ``lang`` has no version of, from the text the
    build rendered (a parallel build's process needs their letters, see SearchPlan.view)."""
    out: list[Record] = []
    bundle = originals_bundle(lang)
    for doc in library.documents:
        if doc.lang != site.default or doc.src_uri not in rendered or not searchable(doc):
            continue
        translated = library.versions(doc)
        if lang in translated:
            continue
        missing = [code for code in site.codes if code not in translated]
        out.extend(rec for rec in records(doc, site, missing, rendered[doc.src_uri])
                   if rec.bundle == bundle)
    return out


def publish(plan: SearchPlan, indexer: Indexer, site_dir: Path) -> SearchReport:
    """Wait for the Pagefind bundle, then write the word lists beside it into ``site_dir``."""
    stats = indexer.finish()  # replaces the whole folder, old lists too
    (site_dir / FOLDER).mkdir(parents=True, exist_ok=True)
    sizes = []
    for lang, words in sorted(plan.words.items()):
        data = words.text.encode("utf-8")
        (site_dir / words.url).write_bytes(data)
        sizes.append((lang, len(words.words), len(gzip.compress(data, 9))))
    return SearchReport(stats, plan.languages, plan.bundles, tuple(sizes), plan.shards_written)
