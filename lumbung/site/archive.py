"""The newsletter archive on the site: one page per frozen issue in every language, an index,
and Atom feeds, all from the same frozen issue files as the emails."""

from __future__ import annotations

from dataclasses import dataclass

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.newsletter import issuefile
from lumbung.newsletter.model import Issue
from lumbung.newsletter.render import intro_parts
from lumbung.site import urls
from lumbung.site.catalog import newest
from lumbung.site.feeds import FeedEntry, atom

ARCHIVE = "newsletters/"


@dataclass(frozen=True)
class ArchivePage:
    path: str  # site-root path without the language prefix
    issue: Issue | None  # None for the index
    issues: tuple[Issue, ...] = ()


def load_issues(site: Site) -> tuple[Issue, ...]:
    return tuple(issuefile.load(path) for path in issuefile.all_issues(site.issues_dir))


def pages(issues: tuple[Issue, ...]) -> list[ArchivePage]:
    return [ArchivePage(ARCHIVE, None, issues)] + [
        ArchivePage(f"{ARCHIVE}{issue.week}/", issue) for issue in issues]


def intro_html(issue: Issue, lang: str, default: str) -> tuple[str, str]:
    """The intro in ``lang`` (or the default language's), and the language it is in."""
    text = issue.intro.get(lang)
    used = lang if text else default
    return intro_parts(text or issue.intro.get(default, ""))[0], used


def archive_feed(site: Site, issues: tuple[Issue, ...], lang: str, title: str) -> str:
    base = site.site_url.rstrip("/") + "/" + urls.prefix(lang, site.default)
    entries = [FeedEntry(title=f"{title} {issue.week}", url=f"{base}{ARCHIVE}{issue.week}/",
                         updated=issue.generated or issue.end,
                         summary=intro_parts(issue.intro.get(lang) or
                                        issue.intro.get(site.default, ""))[1],
                         lang=lang if issue.intro.get(lang) else site.default)
               for issue in issues]
    return atom(f"{base}{ARCHIVE}feed.xml", title, f"{base}{ARCHIVE}feed.xml",
                f"{base}{ARCHIVE}", lang, entries)


def resources_feed(site: Site, library: Library, lang: str, title: str, count: int = 30) -> str:
    base = site.site_url.rstrip("/") + "/"
    entries = [FeedEntry(title=item.title, url=base + item.url, updated=item.date,
                         summary=item.summary, lang=item.lang)
               for item in newest(library, lang, "resource", count) if item.date]
    own = base + urls.prefix(lang, site.default)
    return atom(f"{own}library/feed.xml", title, f"{own}library/feed.xml", f"{own}library/",
                lang, entries)


def feed_path(kind: str) -> str:
    return {"archive": f"{ARCHIVE}feed.xml", "resources": "library/feed.xml"}[kind]
