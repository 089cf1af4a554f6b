"""Turn untrusted entries into safe items: sanitised HTML, plain-text titles, absolute links.

Every HTML fragment goes through nh3 (ammonia) with a strict allowlist: paragraphs, line breaks,
links, emphasis, lists and quotes. Scripts, styles, event handlers, forms, images (tracking
pixels), SVG, MathML and iframes are removed; links keep only absolute http(s) URLs, without
tracking parameters. An iframe becomes a "Watch the video" link to its source, marked with the
class ``newsletter-video`` so the renderer can put the link text in each edition's language.

Links are refused when they hold quotes, angle brackets, whitespace, control or format characters
(bidi overrides among them); what is kept is normalised (IDNA host, percent-encoded path).
Bidi controls are taken out of titles and summaries. Summaries nested deeper than MAX_DEPTH are
not given to the sanitiser at all (its cost grows with the square of the depth): see
:func:`too_deep`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from urllib.parse import urljoin, urlsplit

import httpx
import icu
import nh3

from lumbung.content.zawgyi import MYANMAR, is_zawgyi
from lumbung.newsletter.model import Entry, Item, ItemKind
from lumbung.newsletter.select import clean_url, item_id, strip_tracking
from lumbung.newsletter.shorten import shorten

TAGS = frozenset({"p", "br", "a", "strong", "em", "ul", "ol", "li", "blockquote"})
# Removed with everything inside them (other tags are removed but keep their text).
DROPPED = frozenset({"script", "style", "svg", "math", "iframe", "frame", "frameset", "object",
                     "embed", "applet", "form", "textarea", "select", "button", "template",
                     "noscript", "audio", "video", "canvas", "map", "head", "title"})
VIDEO_CLASS = "newsletter-video"
VIDEO_TEXT = "Watch the video"
SUMMARY_LIMIT = 300
TITLE_LIMIT = 200
HTML_LIMIT = 2 * SUMMARY_LIMIT  # longer summaries (whole articles) are replaced by the short text
MAX_DEPTH = 100  # elements open inside each other; real summaries stay far below
TOO_DEEP = f"left out: HTML nested more than {MAX_DEPTH} levels deep"
# Bidi embeddings, overrides and isolates, and the Arabic letter mark: never needed in a summary.
BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"))
MARKS = dict.fromkeys(map(ord, "\u200e\u200f"))  # LRM, RLM: kept only in right-to-left text
# Elements that are empty or whose end tag may be left out: they do not deepen the nesting.
_FLAT = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th",
                   "option", "optgroup", "rt", "rp", "tbody", "thead", "tfoot", "colgroup"})
_TAG_OR_END = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_HEX = re.compile(r"%[0-9a-f]{2}", re.IGNORECASE)
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

_IFRAME = re.compile(r"<iframe\b([^>]*)>(?:.*?</iframe\s*>)?", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_EMPTY_P = re.compile(r"<p>(?:\s|<br>|&nbsp;)*</p>\s*")
_BLOCK = re.compile(r"<(?:p|ul|ol|blockquote)>")
_VIDEO_LINK = re.compile(rf'<p><a class="{VIDEO_CLASS}" href="[^"]*">[^<]*</a></p>')
_BLOCK_END = re.compile(r"</(?:p|li|blockquote|ul|ol)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Cleaned:
    item: Item | None  # None when the entry was dropped
    note: str = ""  # e.g. "converted from Zawgyi", "no usable link"


def unsafe_in_link(url: str) -> str:
    """What makes ``url`` unfit for a link ("" when nothing does): double quotes, angle
    brackets, backticks, backslashes, whitespace, control and format characters (bidi controls
    among them). An apostrophe is a legitimate URL character and stays (percent-encoded)."""
    for ch in url:
        if ch in "\"<>`\\" or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            return f"U+{ord(ch):04X}"
    return ""


def absolute(url: str, base: str) -> str | None:
    """``url`` made absolute against ``base`` and normalised (IDNA host, non-ASCII and spaces
    percent-encoded, escapes in upper case); None unless it is a safe http(s) URL with a host."""
    url = url.strip()
    if unsafe_in_link(url):
        return None
    try:
        joined = urljoin(base, url)
        parts = urlsplit(joined)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        normal = str(httpx.URL(joined))
    except (ValueError, httpx.InvalidURL):
        return None
    parts = urlsplit(normal)
    fixed = parts._replace(path=_HEX.sub(lambda m: m.group(0).upper(), parts.path),
                           query=_HEX.sub(lambda m: m.group(0).upper(), parts.query))
    normal = fixed.geturl()
    return None if unsafe_in_link(normal) else normal


def without_bidi(text: str) -> str:
    """``text`` without bidi embeddings, overrides and isolates; LRM and RLM too unless the text
    is (partly) written right to left."""
    text = text.translate(BIDI)
    return text if _RTL.search(text) else text.translate(MARKS)


def too_deep(fragment: str, limit: int = MAX_DEPTH) -> bool:
    """Are more than ``limit`` elements open inside each other? A linear scan of the tags."""
    if fragment.count("<") <= limit:
        return False
    depth = 0
    for match in _TAG_OR_END.finditer(fragment):
        closing, name, empty = match.groups()
        if empty or name.lower() in _FLAT:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > limit:
                return True
    return False


def _videos(fragment: str, base: str) -> str:
    def link(match: re.Match[str]) -> str:
        src = _SRC.search(match.group(1))
        value = html.unescape(next(g for g in src.groups() if g is not None)) if src else ""
        url = absolute(("https:" + value) if value.startswith("//") else value, base)
        if url is None:
            return ""
        return (f'<p><a class="{VIDEO_CLASS}" href="{html.escape(url)}">'
                f"{VIDEO_TEXT}</a></p>")

    return _IFRAME.sub(link, fragment)


def clean_html(fragment: str, base: str) -> str:
    """Sanitised HTML: only the allowlisted tags, links absolute and http(s) only."""

    def only_http(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            url = absolute(value, base)
            return strip_tracking(url) if url else None
        return value

    cleaned = nh3.clean(_videos(fragment, base), tags=set(TAGS), clean_content_tags=set(DROPPED),
                        attributes={"a": {"href"}}, allowed_classes={"a": {VIDEO_CLASS}},
                        url_schemes={"http", "https"}, attribute_filter=only_http,
                        strip_comments=True, link_rel=None)
    cleaned = _EMPTY_P.sub("", cleaned).strip()
    if cleaned and not _BLOCK.search(cleaned):
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment (or of plain text), whitespace collapsed."""
    spaced = _BLOCK_END.sub(lambda m: m.group(0) + " ", fragment)
    text = nh3.clean(spaced, tags=set(), clean_content_tags=set(DROPPED), strip_comments=True)
    return " ".join(html.unescape(text).split())


@cache
def _zawgyi_to_unicode() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Zawgyi-my")


def unzawgyi(entry: Entry) -> tuple[Entry, str]:
    """Burmese in the legacy Zawgyi encoding converted to Unicode (ICU's Zawgyi-my transform)."""
    text = f"{plain_text(entry.title)} {plain_text(entry.summary_html)}"
    if not MYANMAR.search(text) or not is_zawgyi(text):
        return entry, ""
    convert = _zawgyi_to_unicode().transliterate
    fixed = Entry(partner=entry.partner, title=convert(entry.title), link=entry.link,
                  summary_html=convert(entry.summary_html), published=entry.published,
                  language="my", guid=entry.guid)
    if is_zawgyi(f"{plain_text(fixed.title)} {plain_text(fixed.summary_html)}"):
        return entry, "zawgyi"
    return fixed, "converted"


def clean_entry(entry: Entry, published: datetime) -> Cleaned:
    """A safe Item from an entry, dated ``published`` (already checked against first-seen)."""
    if too_deep(entry.summary_html) or too_deep(entry.title):
        return Cleaned(None, TOO_DEEP)
    entry = Entry(partner=entry.partner, title=without_bidi(entry.title), link=entry.link,
                  summary_html=without_bidi(entry.summary_html), published=entry.published,
                  language=entry.language, guid=entry.guid)
    entry, zawgyi = unzawgyi(entry)
    if zawgyi == "zawgyi":
        return Cleaned(None, "Burmese in Zawgyi that could not be converted")
    link = absolute(entry.link, entry.partner.site)
    if link is None:
        bad = unsafe_in_link(entry.link.strip())
        http = entry.link.strip().lower().startswith(("http://", "https://"))
        return Cleaned(None, f"link refused ({bad} in it)" if bad and http else "no http(s) link")
    summary_html = clean_html(unicodedata.normalize("NFC", entry.summary_html), link)
    summary_full = plain_text(_VIDEO_LINK.sub(" ", summary_html))
    summary_text = shorten(summary_full, entry.language, SUMMARY_LIMIT)
    if len(summary_full) > HTML_LIMIT:
        summary_html = f"<p>{html.escape(summary_text, quote=False)}</p>"
    title = shorten(plain_text(unicodedata.normalize("NFC", entry.title)), entry.language,
                    TITLE_LIMIT)
    if not title:
        title = shorten(summary_full, entry.language, 80)
    if not title:
        return Cleaned(None, "no title and no summary")
    partner = entry.partner
    item = Item(id=item_id(link), title=title, url=clean_url(link),
                summary_html=summary_html, summary_text=summary_text, published=published,
                language=entry.language, partner=partner.name, partner_site=partner.site,
                country=partner.country, topics=partner.topics, kind=ItemKind.NEWS)
    return Cleaned(item, "converted from Zawgyi" if zawgyi else "")
