"""Choose a week's items: the week's window, no duplicates across feeds, a cap per partner, and
the site's own new resources and webinars in every language they exist in."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from difflib import SequenceMatcher
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.model import DocumentKind
from lumbung.newsletter.dates import NEWSLETTER_TZ, week_window
from lumbung.newsletter.model import Item, ItemKind
from lumbung.newsletter.shorten import shorten
from lumbung.site.urls import doc_url

PER_PARTNER = 5
SIMILAR = 0.9
MIN_TITLE = 12  # shorter titles ("Update") are too common to call two items the same story
TRACKING = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "li_fat_id",
    "s_cid", "vero_id", "vero_conv", "ck_subscriber_id", "wt_mc", "ref_src", "rb_clickid",
    "oly_anon_id", "oly_enc_id", "__s", "srsltid", "cmpid", "spm",
})
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hsa_", "matomo_")
DEFAULT_PORTS = {"http": 80, "https": 443}
_DIGITS = re.compile(r"\d+")


def _tracking(name: str) -> bool:
    lower = name.lower()
    return lower in TRACKING or lower.startswith(TRACKING_PREFIXES)


def clean_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment or tracking parameters; the other
    parameters sorted. The path is kept as it is (the URL items link to)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = f"{parts.username or ''}{':' if parts.password else ''}" \
                 f"{parts.password or ''}@{netloc}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _tracking(k))
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def strip_tracking(url: str) -> str:
    """``url`` without tracking parameters; everything else (order, fragment) as it was."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [pair for pair in parts.query.split("&")
            if pair and not _tracking(unquote_plus(pair.split("=", 1)[0]))]
    return urlunsplit(parts._replace(query="&".join(kept)))


def canonical_url(url: str) -> str:
    """:func:`clean_url` without a trailing slash: what two links to one story share."""
    parts = urlsplit(clean_url(url))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def item_id(url: str) -> str:
    """A stable id: a hash of the canonical URL."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def title_key(title: str) -> str:
    """Case-folded, compatibility-normalised, without punctuation or symbols."""
    text = unicodedata.normalize("NFKC", title).casefold()
    kept = "".join(" " if unicodedata.category(ch)[0] in "PSZ" else ch for ch in text)
    return " ".join(kept.split())


def same_story(a: str, b: str) -> bool:
    """Near-identical titles (similarity >= 0.9) with the same numbers in them."""
    if min(len(a), len(b)) < MIN_TITLE or _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR and \
        matcher.ratio() >= SIMILAR


@dataclass
class Selection:
    items: list[Item]
    duplicates: Counter[str] = field(default_factory=Counter)  # partner -> items left out
    over_cap: Counter[str] = field(default_factory=Counter)
    in_week: Counter[str] = field(default_factory=Counter)


def dedupe(items: Iterable[Item], selection: Selection) -> list[Item]:
    """One item per story: the earliest, by canonical URL, then by near-identical titles from
    different partners."""
    kept: list[Item] = []
    by_id: set[str] = set()
    keys: list[tuple[str, str]] = []  # (title key, partner) of the kept items
    for item in sorted(items, key=lambda i: i.published):
        key = title_key(item.title)
        if item.id in by_id or any(partner != item.partner and same_story(key, other)
                                   for other, partner in keys):
            selection.duplicates[item.partner] += 1
            continue
        by_id.add(item.id)
        keys.append((key, item.partner))
        kept.append(item)
    return kept


def select_news(items: Sequence[Item], monday: date, per_partner: int = PER_PARTNER) -> Selection:
    """The week's news items: deduplicated over all weeks (a story re-shared later does not come
    back), inside the week's window, at most ``per_partner`` newest per partner."""
    selection = Selection([])
    begin, end = week_window(monday)
    unique = dedupe(items, selection)
    week = [item for item in unique if begin <= item.published < end]
    counts: Counter[str] = Counter()
    for item in sorted(week, key=lambda i: i.published, reverse=True):
        selection.in_week[item.partner] += 1
        if counts[item.partner] >= per_partner:
            selection.over_cap[item.partner] += 1
            continue
        counts[item.partner] += 1
        selection.items.append(item)
    return selection


def _new_in(day: date | None, monday: date, sunday: date) -> bool:
    # Dates known only to the month or year (PartialDate) are never "new this week".
    return day is not None and getattr(day, "precision", "day") == "day" and \
        monday <= day <= sunday


def site_items(library: Library, monday: date, sunday: date, site: Site) -> list[Item]:
    """This site's resources and webinars dated in the week, one item per language version."""
    found = []
    for kind, doc_kind in ((ItemKind.RESOURCE, DocumentKind.RESOURCE),
                           (ItemKind.WEBINAR, DocumentKind.WEBINAR)):
        for original in library.originals(doc_kind):
            day = original.date
            if day is None or not _new_in(day, monday, sunday):
                continue
            published = datetime.combine(date(day.year, day.month, day.day), time(0),
                                         NEWSLETTER_TZ)
            versions = library.versions(original)
            for lang in [c for c in site.codes if c in versions]:
                doc = versions[lang]
                url = site.absolute(doc_url(doc, lang, library.default))
                summary = doc.summary
                data = doc.data
                found.append(Item(
                    id=item_id(url), title=doc.title, url=url,
                    summary_html=f"<p>{html.escape(summary, quote=False)}</p>" if summary else "",
                    summary_text=shorten(summary, lang), published=published, language=lang,
                    partner=site.site_name, partner_site=site.absolute(),
                    country=(getattr(data, "countries", ()) or ("",))[0],
                    topics=tuple(getattr(data, "topics", ()) or ()), kind=kind))
    return found
