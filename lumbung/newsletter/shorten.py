"""Cut text to about N characters on a word boundary, never inside a grapheme, with an ellipsis.

Khmer, Thai, Lao and Burmese do not put spaces between words: ICU's dictionary-based word break
iterator finds the boundaries there. Elsewhere the last space before the limit is used.
"""

from __future__ import annotations

from functools import cache

import icu

DICTIONARY_LANGS = frozenset({"km", "th", "lo", "my"})
ELLIPSIS = "…"
_TRAILING = " \t,;:-–—(/·"


@cache
def _iterator(kind: str, lang: str) -> icu.BreakIterator:
    locale = icu.Locale(lang)
    if kind == "word":
        return icu.BreakIterator.createWordInstance(locale)
    return icu.BreakIterator.createCharacterInstance(locale)


def boundaries(text: str, kind: str, lang: str) -> list[int]:
    """Boundary positions (in code points) of ``kind`` 'word' or 'character' (graphemes)."""
    iterator = _iterator(kind, lang)
    iterator.setText(text)
    # ICU counts UTF-16 units; map them back to Python's code point indexes.
    units_to_index = {}
    units = 0
    for index, ch in enumerate(text):
        units_to_index[units] = index
        units += 2 if ord(ch) > 0xFFFF else 1
    units_to_index[units] = len(text)
    found = [0]
    found.extend(units_to_index[b] for b in iterator if b in units_to_index)
    return found


def shorten(text: str, lang: str, limit: int = 300) -> str:
    """``text`` with whitespace collapsed, cut to at most ``limit`` characters plus '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    window = text[: limit + 200]
    budget = limit
    graphemes = set(boundaries(window, "character", lang))
    cut = 0
    if lang not in DICTIONARY_LANGS:
        space = window.rfind(" ", 0, budget + 1)
        if space >= budget // 2:
            cut = space
    if not cut:
        words = [b for b in boundaries(window, "word", lang) if b <= budget and b in graphemes]
        if words and max(words) >= budget // 2:
            cut = max(words)
    if not cut:
        cut = max(b for b in graphemes if b <= budget)
    head = text[:cut].rstrip(_TRAILING)
    return (head or text[:cut]) + ELLIPSIS
