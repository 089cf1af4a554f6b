"""What a page template needs to know, computed from the library as plain data.

Templates only lay this out; every decision (fallback, notices, alternates) is made here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from urllib.parse import urlsplit

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.model import Document, Resource, TranslationStatus, Webinar
from lumbung.site import urls
from lumbung.site.video import video_for


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str  # the language's own name
    url: str  # site-root URL of this page in that language
    translated: bool  # a real translation (or generated page), not an English fallback


class NoticeKind(StrEnum):
    """Notices above a page's text (partials/notice.html)."""

    DRAFT = "draft"  # a translation not yet reviewed
    FALLBACK = "fallback"  # not translated: the English original is shown
    OUTDATED = "outdated"  # the English original changed since it was translated


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    link: str = ""  # site-root URL the notice links to
    date: date | None = None


@dataclass(frozen=True)
class PageView:
    lang: str  # language of the page frame
    url: str  # this page's site-root URL
    body_lang: str  # language of the main text (English on a fallback page)
    canonical: str  # absolute URL
    noindex: bool
    alternates: tuple[Alternate, ...]
    notices: tuple[Notice, ...] = ()
    doc: Document | None = None  # the document shown (English original on a fallback page)
    original: Document | None = None
    extra: dict = field(default_factory=dict)

    @property
    def hreflang(self) -> tuple[Alternate, ...]:
        """Alternates for <link rel=alternate hreflang>: real translations only."""
        return tuple(a for a in self.alternates if a.translated)

    @property
    def fallback(self) -> bool:
        return self.body_lang != self.lang


def document_view(site: Site, library: Library, original: Document, lang: str,
                  changed: dict[str, date] | None = None) -> PageView:
    """The view of a resource, webinar or plain page in language ``lang``.

    ``changed`` maps docs-relative paths to the date each file last changed (see
    :mod:`lumbung.content.history`); it dates the "original was updated" notice.
    """
    versions = library.versions(original)
    doc = versions.get(lang, original)
    default = site.default
    alternates = tuple(
        Alternate(language.code, language.name, urls.doc_url(original, language.code, default),
                  language.code in versions)
        for language in site.languages
    )
    url = urls.doc_url(original, lang, default)
    notices: list[Notice] = []
    if doc.lang != lang:
        notices.append(Notice(NoticeKind.FALLBACK,
                              link=urls.prefix(lang, default) + urls.GUIDE + "translate/"))
    elif doc.translation is not None:
        if doc.translation.source != original.source_version:
            when = (changed or {}).get(original.src_uri) or original.date
            notices.append(Notice(NoticeKind.OUTDATED,
                                  link=urls.doc_url(original, default, default), date=when))
        if doc.translation.status == TranslationStatus.DRAFT:
            notices.append(Notice(NoticeKind.DRAFT))
    canonical_url = urls.doc_url(original, doc.lang, default)
    return PageView(lang=lang, url=url, body_lang=doc.lang,
                    canonical=site.absolute(canonical_url), noindex=doc.lang != lang,
                    alternates=alternates, notices=tuple(notices), doc=doc, original=original,
                    extra=document_extra(library, original, lang))


def generated_view(site: Site, path: str, lang: str, **extra: object) -> PageView:
    """The view of a page generated in every language (catalogs, status, archive)."""
    default = site.default
    alternates = tuple(Alternate(language.code, language.name,
                                 urls.prefix(language.code, default) + path, True)
                       for language in site.languages)
    url = urls.prefix(lang, default) + path
    return PageView(lang=lang, url=url, body_lang=lang, canonical=site.absolute(url),
                    noindex=False, alternates=alternates, extra=dict(extra))


def document_extra(library: Library, original: Document, lang: str) -> dict[str, object]:
    """Per-page details the layouts show: topic names, the recording's host, the source's host."""
    extra: dict[str, object] = {}
    data = original.data
    if isinstance(data, Resource | Webinar):
        extra["topic_names"] = {t: library.vocabulary.topic_name(t, lang) for t in data.topics}
    if isinstance(data, Webinar) and data.recording is not None:
        extra["video"] = video_for(data.recording.url)
    if isinstance(data, Resource) and data.source_url:
        extra["source_host"] = urlsplit(data.source_url).hostname or data.source_url
    return extra
