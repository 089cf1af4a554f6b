"""A fallback for feeds whose declared encoding is wrong: Thai TIS-620 and Western windows-1252.

feedparser tries the encodings a feed declares, then UTF-8, windows-1252 and ISO-8859-2. A Thai
feed in TIS-620 (or its superset windows-874) that says it is UTF-8, or says nothing, thus comes
out as windows-1252 mojibake ("¡ÒÃ" for "การ"). :func:`looks_thai` recognises Thai in such
bytes by how Thai is written: long runs of Thai letters, and vowel and tone marks that always
follow a consonant. Western text read as windows-874 fails both tests.

feedparser also gives up on UTF-8 for a whole feed over one invalid byte. A feed that is UTF-8
but for a few bad bytes (:func:`mostly_utf8`) is read as UTF-8 with each bad byte replaced where
it stands by U+FFFD, so one stray byte does not turn a Khmer feed into mojibake.
"""

from __future__ import annotations

import codecs
import re

LATIN = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
                   "windows-1252", "cp1252", "iso-8859-15", "iso-8859-2"})
_THAI_LETTER = re.compile(r"[\u0e01-\u0e5b]")
_THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+")
# Marks written above or below a consonant: they never start a word.
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                   "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_ENCODING_ATTR = re.compile(r"""encoding\s*=\s*["'][^"']*["']""")


def normal(name: str | None) -> str:
    if not name:
        return ""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.strip().lower()


def is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def mostly_utf8(body: bytes) -> int | None:
    """How many invalid byte sequences a mostly-UTF-8 body has (None: it is not UTF-8). Mostly:
    at least four well-formed multi-byte characters for each invalid sequence."""
    text = body.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - body.count(b"\xef\xbf\xbd")
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    return invalid if wide > 0 and wide >= 4 * invalid else None


def looks_thai(body: bytes) -> bool:
    """Are these single-byte text bytes Thai in TIS-620 / windows-874?"""
    if is_utf8(body) or not any(b >= 0xA1 for b in body):
        return False
    text = body.decode("cp874", errors="replace")
    high = sum(1 for ch in text if ord(ch) > 0x7F)
    thai = len(_THAI_LETTER.findall(text))
    if thai < 0.8 * high:
        return False
    marks = valid = 0
    for index, ch in enumerate(text):
        if ch in _MARKS:
            marks += 1
            valid += index > 0 and "\u0e01" <= text[index - 1] <= "\u0e4e"
    runs = [len(run) for run in _THAI_RUN.findall(text)]
    long_runs = sum(runs) / len(runs) >= 3 if runs else False
    return long_runs and (marks == 0 or valid >= 0.9 * marks)


def cp1252_misread(body: bytes, used: str) -> bool:
    """ISO-8859-1 or ASCII was used, but the bytes have windows-1252's quotes and dashes."""
    return normal(used) in ("iso8859-1", "latin-1", "ascii") and \
        any(0x80 <= b <= 0x9F for b in body)


def decode(body: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in: BOM, else UTF-8 (bad bytes replaced when there
    are few), else Thai, else windows-1252."""
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    if is_utf8(body):
        return body.decode("utf-8"), "utf-8"
    invalid = mostly_utf8(body)
    if invalid is not None:
        plural = "s" if invalid != 1 else ""
        return body.decode("utf-8", errors="replace"), \
            f"utf-8, {invalid} invalid byte sequence{plural} replaced with U+FFFD"
    if looks_thai(body):
        return body.decode("cp874", errors="replace"), "windows-874"
    return body.decode("cp1252", errors="replace"), "windows-1252"


def as_utf8(text: str) -> bytes:
    """The document as UTF-8 bytes, its XML declaration saying so."""
    text = text.lstrip("\ufeff")
    match = _XML_DECL.match(text)
    if match:
        decl = match.group(0)
        fixed = _ENCODING_ATTR.sub('encoding="utf-8"', decl)
        if fixed == decl:
            fixed = decl[:-2].rstrip() + ' encoding="utf-8"?>'
        text = fixed + text[match.end():]
    return text.encode("utf-8")
