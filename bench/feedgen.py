"""Synthetic partner feeds for the newsletter benchmarks: RSS 2.0 and Atom, in the site's languages.

Every entry is dated inside one ISO week (in the newsletter's zone), with a title and an HTML
summary written by :mod:`bench.text` in the partner's languages, so parsing, cleaning,
script detection and rendering work on text like the real thing. The same seed gives the same
feeds byte for byte.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

import yaml

from bench import text
from bench.configs import repo_site
from lumbung.config import Site, load_site
from lumbung.errors import LumbungError
from lumbung.newsletter.dates import NEWSLETTER_TZ

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
# Where each language is mostly spoken, for the partner's country (ISO 3166-1 alpha-2).
COUNTRIES = {"km": "KH", "th": "TH", "vi": "VN", "my": "MM", "lo": "LA", "ms": "MY", "id": "ID"}
ENGLISH_COUNTRIES = ("TH", "PH", "KH", "MY", "SG")
NAME_PARTS = (
    ("Mekong", "Delta", "Highland", "Riverside", "Coastal", "Border", "Harbour", "Valley",
     "Island", "Northern"),
    ("Youth", "Women's", "Workers'", "Children's", "Migrant", "Community", "Survivors'",
     "Teachers'"),
    ("Network", "Alliance", "Foundation", "Collective", "Initiative"),
)
# The parts of the site a copy needs for the newsletter; state/ and out/ are machine-local.
SITE_PARTS = ("mkdocs.yml", "docs", "newsletters")
SKIPPED = ("state", "out", "__pycache__")
HOSTILE_NESTING = 250_000  # nested <div>s in the hostile feed's last entry: about 2.75 MB


@dataclass(frozen=True)
class Feed:
    slug: str
    name: str
    site: str
    languages: tuple[str, ...]
    country: str
    topics: tuple[str, ...]
    kind: str  # "rss" or "atom"
    body: bytes
    entries: int

    @property
    def path(self) -> str:
        """The URL path the benchmark server serves it at (and its file name under a folder)."""
        return f"/feeds/{self.slug}.xml"

    @property
    def content_type(self) -> str:
        return RSS_TYPE if self.kind == "rss" else ATOM_TYPE


def partner_name(index: int) -> str:
    """A unique, plausible organisation name for every index."""
    first, second, third = NAME_PARTS
    name = (f"{first[index % len(first)]} {second[index // len(first) % len(second)]} "
            f"{third[index // (len(first) * len(second)) % len(third)]}")
    span = len(first) * len(second) * len(third)
    return name if index < span else f"{name} {index // span + 1}"


def _languages(index: int, codes: tuple[str, ...], rng: random.Random) -> tuple[str, ...]:
    primary = codes[index % len(codes)]
    if primary != codes[0] and rng.random() < 0.4:
        return primary, codes[0]  # many partners also post in English
    if primary == codes[0] and rng.random() < 0.3:
        return primary, rng.choice(codes[1:])
    return (primary,)


def _summary(lang: str, link: str, rng: random.Random) -> str:
    parts = [f"<p>{escape(text.paragraph(lang, rng, (2, 4)))}</p>"]
    if rng.random() < 0.5:
        parts.append(f"<p><strong>{escape(text.sentence(lang, rng))}</strong> "
                     f'<a href="{escape(link)}">{escape(text.heading(lang, rng))}</a></p>')
    if rng.random() < 0.3:
        parts.append("<ul>" + "".join(f"<li>{escape(text.sentence(lang, rng))}</li>"
                                      for _ in range(rng.randint(2, 4))) + "</ul>")
    if rng.random() < 0.2:  # a tracking pixel, as many feeds carry
        parts.append('<p><img src="https://track.example.net/p.gif" width="1" height="1"></p>')
    return "\n".join(parts)


def _entry_dates(monday: date, count: int, rng: random.Random) -> list[datetime]:
    start = datetime(monday.year, monday.month, monday.day, tzinfo=NEWSLETTER_TZ)
    span = int(timedelta(days=7).total_seconds()) - 3600
    return sorted((start + timedelta(seconds=rng.randrange(span)) for _ in range(count)),
                  reverse=True)


def _rss(feed: dict, entries: list[dict]) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
           f"<channel><title>{escape(feed['name'])}: news</title>"
           f"<link>{escape(feed['site'])}</link><description>{escape(feed['name'])}"
           f"</description><language>{feed['languages'][0]}</language>"]
    for e in entries:
        out.append(f"<item><title>{escape(e['title'])}</title><link>{escape(e['link'])}</link>"
                   f'<guid isPermaLink="false">{e["guid"]}</guid>'
                   f"<pubDate>{format_datetime(e['date'])}</pubDate>"
                   f"<dc:language>{e['lang']}</dc:language>"
                   f"<description><![CDATA[{e['summary']}]]></description></item>")
    out.append("</channel></rss>")
    return "\n".join(out) + "\n"


def _atom(feed: dict, entries: list[dict]) -> str:
    updated = entries[0]["date"].isoformat() if entries else "2026-01-01T00:00:00+07:00"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{feed["languages"][0]}">',
           f"<title>{escape(feed['name'])}: news</title>"
           f'<link rel="alternate" href="{escape(feed["site"])}"/>'
           f"<id>{escape(feed['site'])}feed</id><updated>{updated}</updated>"]
    for e in entries:
        out.append(f'<entry xml:lang="{e["lang"]}"><title>{escape(e["title"])}</title>'
                   f'<link rel="alternate" href="{escape(e["link"])}"/><id>{e["guid"]}</id>'
                   f"<published>{e['date'].isoformat()}</published>"
                   f"<updated>{e['date'].isoformat()}</updated>"
                   f'<summary type="html">{escape(e["summary"])}</summary></entry>')
    out.append("</feed>")
    return "\n".join(out) + "\n"


def make_feed(index: int, codes: tuple[str, ...], topics: tuple[str, ...], monday: date,
              seed: int, nested: int = 0) -> Feed:
    """Partner ``index``'s feed; with ``nested``, a hostile one: RSS with one more entry whose
    summary is ``nested`` <div> elements inside each other (5 + 6 bytes each)."""
    rng = random.Random(f"{seed}:{index}")
    slug = f"partner-{index + 1:03d}"
    site = f"https://{slug}.example.org/"
    languages = _languages(index, codes, rng)
    country = COUNTRIES.get(languages[0]) or rng.choice(ENGLISH_COUNTRIES)
    chosen = tuple(rng.sample(topics, min(len(topics), rng.randint(1, 3))))
    entries = []
    dates = _entry_dates(monday, rng.randint(1, 7), rng)
    for number, when in enumerate(dates, start=1):
        lang = languages[0] if len(languages) == 1 or rng.random() < 0.7 else languages[1]
        link = f"{site}news/{when:%Y/%m}/{number}-{rng.randrange(10**6):06d}/"
        if rng.random() < 0.2:
            link += "?utm_source=rss&utm_medium=feed"
        entries.append({"title": text.title(lang, rng), "link": link, "lang": lang,
                        "guid": f"{slug}-{when:%Y%m%d%H%M%S}-{number}", "date": when,
                        "summary": _summary(lang, link, rng)})
    if nested:
        when = dates[0] if dates else datetime.combine(monday, datetime.min.time(),
                                                       NEWSLETTER_TZ)
        entries.append({"title": text.title(languages[0], rng), "link": f"{site}news/nested/",
                        "lang": languages[0], "guid": f"{slug}-nested", "date": when,
                        "summary": "<div>" * nested + text.sentence(languages[0], rng)
                        + "</div>" * nested})
    kind = "atom" if index % 3 == 2 and not nested else "rss"
    meta = {"name": partner_name(index), "site": site, "languages": languages}
    body = (_rss if kind == "rss" else _atom)(meta, entries).encode("utf-8")
    return Feed(slug, partner_name(index), site, languages, country, chosen, kind, body,
                len(entries))


def make_feeds(count: int, codes: tuple[str, ...], topics: tuple[str, ...], monday: date,
               seed: int = 1, hostile: int | None = None) -> tuple[Feed, ...]:
    """``count`` feeds; the one at index ``hostile`` (if any) is :data:`HOSTILE_NESTING` deep."""
    return tuple(make_feed(i, codes, topics, monday, seed,
                           HOSTILE_NESTING if i == hostile else 0) for i in range(count))


def feeds_yaml(feeds: tuple[Feed, ...], url: dict[str, str]) -> str:
    """newsletters/feeds.yml listing ``feeds``, each at ``url[slug]``."""
    rows = [{"name": f.name, "url": url[f.slug], "site": f.site, "languages": list(f.languages),
             "country": f.country, "topics": list(f.topics)} for f in feeds]
    return ("# Generated by the newsletter benchmark (scripts/bench.py).\n"
            + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=100))


def site_copy(repo: Path, dest: Path) -> Site:
    """Copy what the newsletter reads of the site (mkdocs.yml, docs/, newsletters/) to ``dest``;
    the copy's settings."""
    repo_site(repo)
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = repo / part
        if not src.exists():
            raise LumbungError(f"{src}: missing; the benchmark copies {', '.join(SITE_PARTS)}")
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns(*SKIPPED))
        else:
            shutil.copy2(src, dest / part)
    return load_site(dest / "mkdocs.yml")
