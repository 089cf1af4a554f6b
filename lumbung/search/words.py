"""Word lists that let the browser split a query into the words the index actually holds.

``Intl.Segmenter`` in Chromium does not split Khmer and Lao like ICU's dictionaries do (about
one word break in five differs for Khmer), so a word typed alone may be split into pieces the
index never saw. For every language whose records have touching words, the browser gets the
list of words in that language's index and re-splits the runs ``Intl.Segmenter`` found into
those words (see overrides/assets/search.js).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from lumbung.search.bundle import BUNDLE_DIR
from lumbung.search.records import Record

FOLDER = f"{BUNDLE_DIR}/lumbung"  # beside Pagefind's own files, written after them


@dataclass(frozen=True)
class WordList:
    lang: str
    words: tuple[str, ...]  # sorted, lower case, without punctuation

    @property
    def text(self) -> str:
        return "\n".join(self.words) + "\n"

    @property
    def url(self) -> str:
        """Site-root URL under a content-hashed name, so browsers may cache it for good."""
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:10]
        return f"{FOLDER}/words.{self.lang}.{digest}.txt"


def _tokens(raw: set[str]) -> tuple[str, ...]:
    """Words as Pagefind's query side sees them: lower case, punctuation dropped, sorted."""
    punctuation = {ord(ch): None for ch in set().union(*raw)
                   if unicodedata.category(ch).startswith("P")}
    return tuple(sorted({word.translate(punctuation).lower() for word in raw} - {""}))


def word_lists(records: Iterable[Record]) -> dict[str, WordList]:
    """One list per language with touching words, of every word in its records."""
    own = [rec for rec in records if not rec.bundle]  # not the English originals
    langs = {rec.language for rec in own if rec.segmented}
    raw: dict[str, set[str]] = {lang: set() for lang in langs}
    for rec in own:
        if rec.language in langs:
            raw[rec.language].update(rec.content.split(), rec.title.split())
    return {lang: WordList(lang, _tokens(words)) for lang, words in raw.items()}
