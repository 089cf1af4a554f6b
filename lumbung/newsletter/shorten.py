"""Cut text to about N characters on a word boundary, never inside a grapheme, with an ellipsis.

Khmer, Thai, Lao and Burmese do not put spaces between words: ICU's dictionary-based word break
iterator finds the boundaries there. Elsewhere the last space before the limit is used.
:func:`wrap` breaks plain text into lines the same way (ICU's line break iterator).
"""

from __future__ import annotations

import re
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


URL = re.compile(r"https?://\S+")


@cache
def _line_iterator(lang: str) -> icu.BreakIterator:
    return icu.BreakIterator.createLineInstance(icu.Locale(lang))


def _pieces(text: str, lang: str) -> list[str]:
    """``text`` cut where a line may break (after spaces; between Thai, Khmer... words)."""
    iterator = _line_iterator(lang)
    iterator.setText(text)
    offsets = {0: 0}
    units = 0
    for index, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        offsets[units] = index + 1
    cuts = [0] + [offsets[b] for b in iterator if b in offsets]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _fill(text: str, lang: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for piece in _pieces(text, lang):
        if len((current + piece).rstrip()) <= width:
            current += piece
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = piece
        while len(current.rstrip()) > width:  # one word longer than a line: cut between graphemes
            cut = max(b for b in boundaries(current, "character", lang) if b <= width) or width
            lines.append(current[:cut])
            current = current[cut:]
    if current.strip():
        lines.append(current.rstrip())
    return lines


def wrap(text: str, lang: str, width: int = 78) -> str:
    """Plain text with every line at most ``width`` characters, broken where ``lang`` allows;
    a URL is never broken: it gets a line of its own (however long)."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        urls = URL.findall(line)
        for number, part in enumerate(URL.split(line.strip())):
            out.extend(indent + row for row in _fill(part.strip(), lang, width - len(indent)))
            if number < len(urls):
                out.append(indent + urls[number])
    return "\n".join(out)
