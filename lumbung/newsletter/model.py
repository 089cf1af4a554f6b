"""Data passed between the newsletter stages. All frozen; all times timezone-aware (UTC)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from lumbung.errors import LumbungError


class FeedStatus(StrEnum):
    """A feed's health, in the words of the report printed and saved with each issue."""

    OK = "ok"
    NOT_MODIFIED = "not modified"
    TIMEOUT = "timeout"
    HTTP_ERROR = "HTTP error"
    NOT_A_FEED = "not a feed"
    TOO_LARGE = "too large"
    TOO_COMPLEX = "too complex"  # reading and cleaning it was cut off (CPU time, nesting)
    NO_ENTRIES = "no entries"
    REFUSED = "refused"
    ERROR = "error"


class ItemKind(StrEnum):
    """What an item is: a partner's news, or one of the site's own resources or webinars."""

    NEWS = "news"
    RESOURCE = "resource"
    WEBINAR = "webinar"


class IssueStatus(StrEnum):
    """The review gate of a frozen issue: only an approved issue is sent."""

    DRAFT = "draft"  # as built; an editor reviews it
    APPROVED = "approved"  # an editor changed the status line: it may be sent


class NewsletterError(LumbungError):
    """Base class of every error the newsletter raises on purpose."""


@dataclass(frozen=True)
class Partner:
    """One partner from newsletters/feeds.yml."""

    name: str
    url: str  # the feed
    site: str  # the partner's website
    languages: tuple[str, ...]
    country: str  # ISO 3166-1 alpha-2
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Fetched:
    """What fetch got for one partner: the body (or why not) and what to remember for next time."""

    partner: Partner
    status: FeedStatus
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case
    final_url: str = ""
    etag: str = ""
    last_modified: str = ""
    detail: str = ""  # e.g. "HTTP 500", "read timeout after 10 s"
    seconds: float = 0.0


@dataclass(frozen=True)
class Entry:
    """One feed entry as parsed, before cleaning: its HTML is still untrusted."""

    partner: Partner
    title: str
    link: str
    summary_html: str
    published: datetime | None  # aware, or None when the feed gave no usable date
    language: str  # best guess: the entry's, else the feed's, else the partner's first language
    guid: str


@dataclass(frozen=True)
class Item:
    """A cleaned item, safe to render: text and sanitised HTML only, absolute http(s) links."""

    id: str  # stable: a hash of the canonical URL
    title: str
    url: str  # canonical
    summary_html: str  # sanitised by nh3 with a strict allowlist
    summary_text: str  # plain text, cut on grapheme/word boundaries
    published: datetime  # aware; first-seen time when the feed had none or a future one
    language: str
    partner: str  # partner name, or the site's own name for its resources and webinars
    partner_site: str
    country: str
    topics: tuple[str, ...]
    kind: ItemKind = ItemKind.NEWS


@dataclass(frozen=True)
class Health:
    partner: str
    status: FeedStatus
    items: int = 0
    detail: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Issue:
    """A frozen weekly issue: what newsletters/issues/YYYY/YYYY-Www.yml holds."""

    week: str  # ISO week, e.g. "2026-W47"
    start: date  # Monday
    end: date  # Sunday
    items: tuple[Item, ...]
    intro: dict[str, str]  # language -> Markdown an editor can edit
    health: tuple[Health, ...] = ()
    generated: datetime | None = None
    status: IssueStatus = IssueStatus.DRAFT

    def edition_items(self, lang: str) -> tuple[Item, ...]:
        """An edition's items: those in its language first, then the others (by date)."""
        own = [i for i in self.items if i.language == lang]
        other = [i for i in self.items if i.language != lang]
        return tuple(own + other)
