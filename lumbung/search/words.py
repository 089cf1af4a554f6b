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


def _token(raw: str) -> str:
    """A word as Pagefind's query side sees it: lower case, punctuation dropped."""
    kept = "".join(ch for ch in raw if not unicodedata.category(ch).startswith("P"))
    return kept.lower()


def word_lists(records: Iterable[Record]) -> dict[str, WordList]:
    """One list per language with touching words, of every word in its records."""
    own = [rec for rec in records if not rec.bundle]  # not the English originals
    langs = {rec.language for rec in own if rec.segmented}
    found: dict[str, set[str]] = {lang: set() for lang in langs}
    for rec in own:
        if rec.language not in langs:
            continue
        for text in (rec.content, rec.title):
            found[rec.language].update(filter(None, map(_token, text.split())))
    return {lang: WordList(lang, tuple(sorted(words))) for lang, words in found.items()}
