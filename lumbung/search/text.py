"""The text that search indexes: Markdown as plain text, with word breaks made visible.

Khmer, Thai, Lao and Burmese are written without spaces between words, and Pagefind only
splits words on whitespace. ICU's dictionary-based word break iterator finds the words; they
are joined with a hair space (U+200A), which Pagefind treats as whitespace. The browser splits
a query the same way (``Intl.Segmenter``) and removes hair spaces before showing text.

Pagefind 1.5 also folds away every combining mark when it indexes a word, as it does accents, and
keeps the marked spellings as "variants" that its index chunking does not count. In these four
scripts vowel signs are marks: folded, "ក" and "កែ" become one word and the whole language ends
up in one index chunk (125 KB compressed at 200 resources). Their indexes therefore spell each
letter and mark with a stand-in letter that has no marks (:func:`encode`); the browser encodes a
query the same way and decodes what it shows (overrides/assets/search.js).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import icu  # imported where used: the merge step of a parallel build needs no ICU (11 MiB)

HAIR_SPACE = "\u200a"

# Blocks whose letters and marks get stand-ins: Thai and Lao, Myanmar, Khmer. Each maps, code
# point for code point, onto Yi syllables (letters without case, marks or decompositions).
ENCODED_BLOCKS = ((0x0E00, 0x0EFF, 0xA000), (0x1000, 0x109F, 0xA100), (0x1780, 0x17FF, 0xA1A0))
_KEPT = frozenset("NPSZ")  # digits, punctuation, symbols and spaces stay as they are

# ICU word break rule statuses below 100 mark spaces and punctuation; 100 and up are numbers,
# letters, kana and ideographs ("word-like", as Intl.Segmenter calls them).
_WORD_LIKE_STATUS = 100

_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
})
_SKIP = frozenset({"script", "style", "template"})
_SPACES = re.compile(r"[^\S\n]+")
_LINES = re.compile(r"\s*\n\s*")


class _TextParser(HTMLParser):
    """Collects the text of an HTML fragment, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The readable text of an HTML fragment: tags dropped, one line per block."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = _SPACES.sub(" ", "".join(parser.parts))
    return _LINES.sub("\n", text).strip()


class PlainText:
    """Markdown rendered with the site's extensions, then reduced to its text."""

    def __init__(self, extensions: Sequence[Any] = (),
                 extension_configs: dict[str, Any] | None = None):
        import markdown
        self._md = markdown.Markdown(extensions=list(extensions),
                                     extension_configs=extension_configs or {})

    def __call__(self, source: str) -> str:
        return html_text(self._md.reset().convert(source))


@cache
def _word_breaker(lang: str) -> icu.BreakIterator:
    import icu
    return icu.BreakIterator.createWordInstance(icu.Locale(lang))


def _segments(text: str, lang: str) -> Iterator[tuple[str, bool]]:
    """ICU's word segments of ``text``, each with whether it is word-like."""
    import icu
    ustr = icu.UnicodeString(text)  # break positions count UTF-16 units, not Python characters
    breaker = _word_breaker(lang)
    breaker.setText(ustr)
    start = breaker.first()
    for end in breaker:
        yield str(ustr[start:end]), breaker.getRuleStatus() >= _WORD_LIKE_STATUS
        start = end


def words(text: str, lang: str) -> list[str]:
    """The words of ``text`` as ICU splits them for ``lang`` (spaces and punctuation left out)."""
    return [segment for segment, word_like in _segments(text, lang) if word_like]


# Text wholly in these ranges has no touching words (Latin, Greek, Cyrillic, ... Sinhala,
# Vietnamese letters, punctuation): ICU need not look for any.
_SPACED = re.compile(r"[\x00-\u0DFF\u1E00-\u1EFF\u2000-\u206F\u20A0-\u20CF\u2100-\u214F]*")


def segment(text: str, lang: str) -> str:
    """``text`` with a hair space between any two words that touch, so Pagefind sees them.

    Only scripts written without spaces get any: elsewhere two words never touch.
    """
    if _SPACED.fullmatch(text):
        return text
    out: list[str] = []
    previous_word = False
    for part, word_like in _segments(text, lang):
        if word_like and previous_word:
            out.append(HAIR_SPACE)
        out.append(part)
        previous_word = word_like
    return "".join(out)


def _stand_in(ch: str) -> str:
    code = ord(ch)
    for first, last, target in ENCODED_BLOCKS:
        if first <= code <= last:
            category = unicodedata.category(ch)
            if category[0] in _KEPT or category in ("Cc", "Cf"):
                return ch
            return chr(target + code - first)
    return ch


_STAND_INS = {code: _stand_in(chr(code)) for first, last, _ in ENCODED_BLOCKS
              for code in range(first, last + 1)}


def encode(text: str) -> str:
    """``text`` with the letters and marks of Thai, Lao, Burmese and Khmer as stand-ins."""
    return text.translate(_STAND_INS)


def decode(text: str) -> str:
    """The inverse of :func:`encode`."""
    out = []
    for ch in text:
        code = ord(ch)
        for first, last, target in ENCODED_BLOCKS:
            if target <= code <= target + last - first:
                ch = chr(first + code - target)
                break
        out.append(ch)
    return "".join(out)


def unsegment(text: str) -> str:
    """The inverse of :func:`segment`: the text as written."""
    return text.replace(HAIR_SPACE, "")
