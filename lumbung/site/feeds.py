"""Atom feeds: the newsletter archive and new library resources, one feed per language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str  # absolute
    updated: datetime | date
    summary: str  # plain text
    lang: str


def _stamp(value: datetime | date) -> str:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0), UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(feed_id: str, title: str, self_url: str, site_url: str, lang: str,
         entries: Iterable[FeedEntry]) -> str:
    """An Atom 1.0 document; every string is escaped."""
    entries = list(entries)
    updated = max((e.updated for e in entries), default=date(2020, 1, 1),
                  key=lambda v: _stamp(v))
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(lang)}>',
        f"<id>{escape(feed_id)}</id>",
        f"<title>{escape(title)}</title>",
        f"<link rel=\"self\" href={quoteattr(self_url)}/>",
        f"<link rel=\"alternate\" href={quoteattr(site_url)}/>",
        f"<updated>{_stamp(updated)}</updated>",
        f"<author><name>{escape(title)}</name></author>",
    ]
    for entry in entries:
        parts += [
            f"<entry xml:lang={quoteattr(entry.lang)}>",
            f"<id>{escape(entry.url)}</id>",
            f"<title>{escape(entry.title)}</title>",
            f"<link rel=\"alternate\" href={quoteattr(entry.url)}/>",
            f"<updated>{_stamp(entry.updated)}</updated>",
            f"<summary>{escape(entry.summary)}</summary>",
            "</entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
