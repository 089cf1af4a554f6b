"""Read fetched feed bytes into entries with feedparser, refusing what is unsafe or not a feed.

feedparser is only ever given the bytes (in a BytesIO: given a str or bytes it may open a local
file of that name, or fetch a URL). Documents that declare entities are refused before parsing
(billion laughs, external entities).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from lumbung.content.scripts import SCRIPTS, script_share
from lumbung.newsletter import charset
from lumbung.newsletter.dates import parse_date
from lumbung.newsletter.model import Entry, FeedStatus, Fetched, Partner

ALIASES = {"in": "id", "ind": "id", "msa": "ms", "may": "ms", "zsm": "ms", "bur": "my",
           "mya": "my", "khm": "km", "tha": "th", "lao": "lo", "vie": "vi", "eng": "en"}
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_HTML = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_ALTERNATE = re.compile(r"<link\b[^>]*\btype\s*=\s*[\"']?application/(?:rss|atom)\+xml[^>]*>",
                        re.IGNORECASE)
_HREF = re.compile(r"\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_LETTER = re.compile(r"[^\W\d_]")
_VIETNAMESE = re.compile(r"[\u1ea0-\u1ef9\u0103\u0102\u0111\u0110\u01a1\u01a0\u01b0\u01af]")
_ENCODING_TROUBLE = (feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown)


@dataclass(frozen=True)
class Parsed:
    partner: Partner
    status: FeedStatus
    entries: tuple[Entry, ...] = ()
    detail: str = ""


def declares_entities(body: bytes) -> bool:
    """A DOCTYPE with an <!ENTITY declaration, in any of the encodings XML may use."""
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        text = body.decode(encoding, errors="ignore")
        if _DOCTYPE.search(text) and _ENTITY.search(text):
            return True
    return False


def _html_detail(body: bytes, headers: dict[str, str], base: str) -> str:
    text = body[:200_000].decode("utf-8", errors="replace")
    looks_html = "html" in headers.get("content-type", "").lower() or _HTML.match(text)
    what = "an HTML page, not RSS or Atom" if looks_html else "neither RSS nor Atom"
    for tag in _ALTERNATE.findall(text):
        href = _HREF.search(tag)
        if href:
            return f"{what}; it links to a feed at {urljoin(base, href.group(1))}"
    return what


def _run_feedparser(body: bytes, headers: dict[str, str]) -> Any:
    return feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=False,
                            resolve_relative_uris=False)


def read(body: bytes, headers: dict[str, str]) -> tuple[Any, str]:
    """feedparser's result, read again in the right encoding when the declared one was wrong."""
    result = _run_feedparser(body, headers)
    used = result.get("encoding") or ""
    trouble = isinstance(result.get("bozo_exception"), _ENCODING_TROUBLE)
    latin = charset.normal(used) in {charset.normal(n) for n in charset.LATIN}
    utf8 = latin and any(b > 0x7F for b in body) and \
        (charset.is_utf8(body) or charset.mostly_utf8(body) is not None)
    if trouble or utf8 or (latin and charset.looks_thai(body)) or \
            charset.cp1252_misread(body, used):
        text, encoding = charset.decode(body)
        fixed = {**headers, "content-type": "application/xml; charset=utf-8"}
        return _run_feedparser(charset.as_utf8(text), fixed), f"read as {encoding}"
    return result, ""


def _vietnamese(text: str) -> bool:
    """Letters only Vietnamese uses this often (ơ, ư, đ, ă and the tone-marked vowels)."""
    text = unicodedata.normalize("NFC", text)
    letters = len(_LETTER.findall(text))
    marked = len(_VIETNAMESE.findall(text))
    return marked >= 3 and marked >= 0.08 * letters


def language(raw: Any, feed: Any, text: str, partner: Partner, codes: tuple[str, ...]) -> str:
    """The entry's language as a site code: its script's, else declared, else the partner's."""
    for lang in SCRIPTS:
        share = script_share(text, lang)
        if lang in codes and share is not None and share >= 0.5:
            return lang
    if "vi" in codes and _vietnamese(text):
        return "vi"
    declared = [(raw.get(key) or {}).get("language") for key in ("title_detail", "summary_detail")]
    for value in [raw.get("language"), *declared, feed.get("language")]:
        if value:
            primary = str(value).replace("_", "-").split("-")[0].strip().lower()
            code = ALIASES.get(primary, primary)
            if code in codes:
                return code
    return partner.languages[0] if partner.languages else codes[0]


def _date(raw: Any) -> Any:
    for key in ("published", "updated", "created"):
        if raw.get(key):
            return parse_date(raw.get(key), raw.get(f"{key}_parsed"))
    return None


def _http(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def entries(result: Any, partner: Partner, base: str, codes: tuple[str, ...]) -> list[Entry]:
    feed = result.get("feed") or {}
    feed_link = feed.get("link") or ""
    base = urljoin(base, feed_link) if feed_link else base
    found = []
    for raw in result.get("entries") or []:
        link = (raw.get("link") or "").strip()
        guid = (raw.get("id") or "").strip()
        if not link and _http(guid):
            link = guid
        link = urljoin(base, link) if link else ""
        summary = raw.get("summary") or ""
        content = raw.get("content") or []
        if not summary and content:
            summary = content[0].get("value") or ""
        title = raw.get("title") or ""
        found.append(Entry(
            partner=partner, title=title, link=link, summary_html=summary,
            published=_date(raw),
            language=language(raw, feed, _TAG.sub(" ", f"{title} {summary}"), partner, codes),
            guid=guid or link or title))
    return found


def parse_feed(fetched: Fetched, codes: tuple[str, ...], body: bytes | None = None) -> Parsed:
    """Entries of one fetched feed (``body`` overrides, e.g. a cached copy after a 304)."""
    partner = fetched.partner
    data = fetched.body if body is None else body
    if fetched.status not in (FeedStatus.OK, FeedStatus.NOT_MODIFIED) or not data:
        return Parsed(partner, fetched.status, detail=fetched.detail)
    if declares_entities(data):
        return Parsed(partner, FeedStatus.REFUSED,
                      detail="declares XML entities (<!ENTITY>); not read")
    headers = dict(fetched.headers)
    headers.pop("content-location", None)  # relative links: against the feed's own link
    base = fetched.final_url if _http(fetched.final_url) else partner.site
    result, note = read(data, headers)
    notes = [n for n in (fetched.detail, note) if n]
    if result.get("bozo") and not isinstance(result.get("bozo_exception"), _ENCODING_TROUBLE) \
            and result.get("entries"):
        notes.append("not well-formed, read leniently")
    if not result.get("entries"):
        if not result.get("version"):
            return Parsed(partner, FeedStatus.NOT_A_FEED, detail=_html_detail(data, headers, base))
        return Parsed(partner, FeedStatus.NO_ENTRIES, detail="; ".join(notes))
    return Parsed(partner, fetched.status, tuple(entries(result, partner, base, codes)),
                  "; ".join(notes))
