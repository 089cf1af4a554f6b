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


@dataclass(frozen=True)
class ArchivePage:
    path: str  # site-root path without the language prefix
    issue: Issue | None  # None for the index
    issues: tuple[Issue, ...] = ()


def load_issues(site: Site) -> tuple[Issue, ...]:
    return tuple(issuefile.load(path) for path in issuefile.all_issues(site.issues_dir))


def pages(issues: tuple[Issue, ...]) -> list[ArchivePage]:
    return [ArchivePage(urls.archive_path(), None, issues)] + [
        ArchivePage(urls.archive_path(issue.week), issue) for issue in issues]


def intro_html(issue: Issue, lang: str, default: str) -> tuple[str, str]:
    """The intro in ``lang`` (or the default language's), and the language it is in."""
    text = issue.intro.get(lang)
    used = lang if text else default
    return intro_parts(text or issue.intro.get(default, ""))[0], used


def archive_feed(site: Site, issues: tuple[Issue, ...], lang: str, title: str) -> str:
    prefix = urls.prefix(lang, site.default)
    entries = [FeedEntry(title=f"{title} {issue.week}",
                         url=site.absolute(prefix + urls.archive_path(issue.week)),
                         updated=issue.generated or issue.end,
                         summary=intro_parts(issue.intro.get(lang) or
                                        issue.intro.get(site.default, ""))[1],
                         lang=lang if issue.intro.get(lang) else site.default)
               for issue in issues]
    feed = site.absolute(prefix + urls.feed_path("archive"))
    return atom(feed, title, feed, site.absolute(prefix + urls.archive_path()), lang, entries)


def resources_feed(site: Site, library: Library, lang: str, title: str, count: int = 30) -> str:
    entries = [FeedEntry(title=item.title, url=site.absolute(item.url), updated=item.date,
                         summary=item.summary, lang=item.lang)
               for item in newest(library, lang, "resource", count) if item.date]
    prefix = urls.prefix(lang, site.default)
    feed = site.absolute(prefix + urls.feed_path("resources"))
    return atom(feed, title, feed, site.absolute(prefix + urls.catalog_path("library")), lang,
                entries)
