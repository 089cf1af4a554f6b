"""Feed builders and a small copy of the site for feed tests; the feed server itself is the
benchmarks' (:mod:`bench.feedserver`), re-exported here."""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path

from bench.feedserver import (
    RSS_TYPE,
    Behaviour,
    FeedServer,
    Request,
    Route,
    gzip_bomb,
    hang,
    redirect_to,
    stream,
)

__all__ = ["RSS_TYPE", "ROOT", "Behaviour", "FeedServer", "Request", "Route", "atom",
           "gzip_bomb", "hang", "make_site", "partner_yaml", "redirect_to", "rss1", "rss2",
           "stream"]

ROOT = Path(__file__).resolve().parent.parent.parent


# Feed builders. ``items`` are dicts with title, link and optional date, summary, extra (raw XML).

def rss2(items: list[dict], *, title: str = "Feed", link: str = "https://partner.example.org/",
         language: str = "en", declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    parts = [declaration, '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
             f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>",
             f"<description>{escape(title)}</description><language>{language}</language>"]
    for item in items:
        parts.append(f"<item><title>{item['title']}</title><link>{escape(item['link'])}</link>"
                     f"<guid isPermaLink=\"false\">{escape(item.get('guid', item['link']))}</guid>")
        if item.get("date"):
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        if item.get("summary"):
            parts.append(f"<description><![CDATA[{item['summary']}]]></description>")
        parts.append(item.get("extra", "") + "</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)


def atom(entries: list[dict], *, title: str = "Feed", link: str = "https://partner.example.org/",
         lang: str = "en") -> str:
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
             f'<title>{escape(title)}</title><link rel="alternate" href="{escape(link)}"/>',
             f"<id>{escape(link)}feed</id><updated>2026-11-20T00:00:00Z</updated>"]
    for entry in entries:
        parts.append(f"<entry><title>{entry['title']}</title>"
                     f'<link rel="alternate" href="{escape(entry["link"])}"/>'
                     f"<id>{escape(entry.get('guid', entry['link']))}</id>")
        if entry.get("date"):
            parts.append(f"<published>{entry['date']}</published><updated>{entry['date']}"
                         "</updated>")
        if entry.get("summary"):
            parts.append(f'<summary type="html">{escape(entry["summary"])}</summary>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts)


def rss1(items: list[dict], *, title: str = "Feed", link: str = "https://partner.example.org/",
         language: str = "en") -> str:
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
             'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
             f'<channel rdf:about="{escape(link)}"><title>{escape(title)}</title>'
             f"<link>{escape(link)}</link><description>{escape(title)}</description>"
             f"<dc:language>{language}</dc:language><items><rdf:Seq>"]
    parts += [f'<rdf:li rdf:resource="{escape(item["link"])}"/>' for item in items]
    parts.append("</rdf:Seq></items></channel>")
    for item in items:
        parts.append(f'<item rdf:about="{escape(item["link"])}"><title>{item["title"]}</title>'
                     f"<link>{escape(item['link'])}</link>"
                     f"<description>{escape(item.get('summary', ''))}</description>"
                     f"<dc:date>{item['date']}</dc:date></item>")
    parts.append("</rdf:RDF>")
    return "\n".join(parts)


def make_site(dest: Path, feeds_yml: str = "") -> Path:
    """A small copy of the site with its own newsletters/ folder: mkdocs.yml and the part of docs/
    the newsletter reads (topics, resources, webinars)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "topics.yml", dest / "docs" / "topics.yml")
    for part in ("resources", "webinars"):
        shutil.copytree(ROOT / "docs" / part, dest / "docs" / part)
    (dest / "newsletters").mkdir()
    if feeds_yml:
        (dest / "newsletters" / "feeds.yml").write_text(feeds_yml, encoding="utf-8")
    return dest


def partner_yaml(name: str, url: str, languages: str = "[en]", country: str = "TH",
                 topics: str = "[trafficking-prevention]",
                 site: str = "https://partner.example.org/") -> str:
    return (f"- name: {name}\n  url: {url}\n  site: {site}\n  languages: {languages}\n"
            f"  country: {country}\n  topics: {topics}\n")
