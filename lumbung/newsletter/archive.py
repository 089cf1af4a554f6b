"""The newsletter archive on the site: one page per frozen issue in every language, an index,
and Atom feeds, all from the same frozen issue files as the emails."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.model import DocumentKind
from lumbung.content.vocabulary import language_name
from lumbung.newsletter import issuefile
from lumbung.newsletter.model import Issue
from lumbung.newsletter.render import intro_parts
from lumbung.site import urls
from lumbung.site.catalog import newest
from lumbung.site.feeds import FeedEntry, atom
from lumbung.site.formatting import format_date
from lumbung.site.strings import Translator
from lumbung.site.views import PageView, generated_view


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


def issue_title(issue: Issue, lang: str) -> str:
    """An issue's title for readers: 'Week of 23 November 2026', in ``lang``'s date format."""
    return Translator(lang)("newsletter.week", date=format_date(issue.start, lang))


def intro_html(issue: Issue, lang: str, default: str) -> tuple[str, str]:
    """The intro in ``lang`` (or the default language's), and the language it is in."""
    text = issue.intro.get(lang)
    used = lang if text else default
    return intro_parts(text or issue.intro.get(default, ""))[0], used


def archive_feed(site: Site, issues: tuple[Issue, ...], lang: str, title: str) -> str:
    prefix = urls.prefix(lang, site.default)
    entries = [FeedEntry(title=issue_title(issue, lang),
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
               for item in newest(library, lang, DocumentKind.RESOURCE, count) if item.date]
    prefix = urls.prefix(lang, site.default)
    feed = site.absolute(prefix + urls.feed_path("resources"))
    return atom(feed, title, feed, site.absolute(prefix + urls.catalog_path("library")), lang,
                entries)


def generated_pages(site: Site, issues: tuple[Issue, ...],
                    lang: str) -> Iterator[tuple[str, ArchivePage, str]]:
    """(source path, page, title) of every archive page in ``lang``."""
    t = Translator(lang)
    prefix = urls.prefix(lang, site.default)
    for page in pages(issues):
        title = issue_title(page.issue, lang) if page.issue else t("newsletter.archive")
        yield prefix + page.path + "index.md", page, title


def feeds(site: Site, issues: tuple[Issue, ...], library: Library,
          lang: str) -> Iterator[tuple[str, str]]:
    """(source path, Atom XML) of the archive's and the library's feeds in ``lang``."""
    t = Translator(lang)
    prefix = urls.prefix(lang, site.default)
    yield prefix + urls.feed_path("archive"), archive_feed(site, issues, lang,
                                                           t("newsletter.archive"))
    yield prefix + urls.feed_path("resources"), resources_feed(site, library, lang,
                                                               t("newsletter.resources_feed"))


def archive_view(site: Site, page: ArchivePage, lang: str) -> PageView:
    """What newsletter.html shows for an archive page in ``lang``."""
    extra: dict[str, Any] = {"archive": page, "feed": urls.feed_path("archive"),
                             "resources_feed": urls.feed_path("resources"),
                             "titles": {i.week: issue_title(i, lang) for i in page.issues}}
    if page.issue is not None:
        intro, intro_lang = intro_html(page.issue, lang, site.default)
        extra |= {"intro": intro, "intro_lang": intro_lang,
                  "items": page.issue.edition_items(lang),
                  "language_names": {c: language_name(c, lang) for c in site.codes}}
    return generated_view(site, page.path, lang, **extra)
