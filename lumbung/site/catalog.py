"""Catalogs generated from front matter: by topic, country, type, language, new this month.

Every listing exists in every language. An item not translated into the listing's language is
shown from its English original and labelled as such, so readers find everything available.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.model import Document, DocumentKind, Resource
from lumbung.content.vocabulary import Vocabulary, country_name, language_name
from lumbung.site import urls
from lumbung.site.strings import Translator
from lumbung.site.urls import CatalogKind
from lumbung.site.views import PageView, generated_view

PAGE_SIZE = 20
NEW_FALLBACK = 10
INDEX_TITLES = {CatalogKind.TOPIC: "catalog.topics", CatalogKind.COUNTRY: "catalog.countries",
                CatalogKind.TYPE: "catalog.types", CatalogKind.LANGUAGE: "catalog.languages"}


@dataclass(frozen=True)
class Item:
    """One line of a listing, in the listing's language where a translation exists."""

    title: str
    url: str  # site-root URL
    kind: DocumentKind
    type: str  # a resource type, or "webinar"
    date: date | None
    summary: str
    lang: str  # language of title and summary
    languages: tuple[str, ...]  # languages with a real version
    fallback: bool  # shown in English because not translated into the listing's language


@dataclass(frozen=True)
class CatalogPage:
    """One generated listing page (one page of a paginated catalog)."""

    kind: CatalogKind
    key: str  # the topic id, country code, type or language ('' for library/webinars/new/index)
    path: str  # site-root path without the language prefix
    items: tuple[Item, ...]
    page: int = 1
    pages: int = 1
    total: int = 0
    groups: tuple[tuple[str, int], ...] = ()  # for index pages: (key, count)
    note: str = ""  # e.g. "new.none" when nothing is new this month
    index: bool = False  # the index of a kind's listings (all topics, all countries...)


def item_for(library: Library, original: Document, lang: str) -> Item:
    versions = library.versions(original)
    doc = versions.get(lang, original)
    data = original.data
    kind_type = data.type if isinstance(data, Resource) else DocumentKind.WEBINAR
    return Item(
        title=doc.title, url=urls.doc_url(original, lang, library.default), kind=original.kind,
        type=kind_type, date=original.date, summary=doc.summary, lang=doc.lang,
        languages=tuple(code for code in library.languages if code in versions),
        fallback=doc.lang != lang,
    )


def _sorted(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (-(i.date or date.min).toordinal(), i.title.casefold()))


def _paginate(kind: CatalogKind, key: str, items: list[Item], note: str = "") -> list[CatalogPage]:
    total = len(items)
    pages = max(1, -(-total // PAGE_SIZE))
    return [
        CatalogPage(kind, key, urls.catalog_path(kind, key, number),
                    tuple(items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]),
                    number, pages, total, (), note)
        for number in range(1, pages + 1)
    ]


def _index(kind: CatalogKind, groups: dict[str, int]) -> CatalogPage:
    return CatalogPage(kind, "", urls.catalog_path(kind), (), 1, 1, sum(groups.values()),
                       tuple(groups.items()), index=True)


def catalog_pages(library: Library, lang: str, today: date) -> list[CatalogPage]:
    """Every listing page of the site in one language."""
    originals = [d for d in library.originals() if d.kind != DocumentKind.PAGE]
    items = {d.norm_uri: item_for(library, d, lang) for d in originals}

    def listed(docs: Iterable[Document]) -> list[Item]:
        return _sorted(items[d.norm_uri] for d in docs)

    resources = [d for d in originals if d.kind == DocumentKind.RESOURCE]
    webinars = [d for d in originals if d.kind == DocumentKind.WEBINAR]
    pages = _paginate(CatalogKind.LIBRARY, "", listed(resources))
    pages += _paginate(CatalogKind.WEBINARS, "", listed(webinars))

    this_month = [d for d in originals
                  if d.date and (d.date.year, d.date.month) == (today.year, today.month)]
    if this_month:
        pages += _paginate(CatalogKind.NEW, "", listed(this_month))
    else:
        pages += _paginate(CatalogKind.NEW, "", listed(originals)[:NEW_FALLBACK],
                           note="catalog.new.none")

    by: dict[CatalogKind, dict[str, list[Document]]] = {k: {} for k in urls.CATALOG_DIRS}
    for topic in library.vocabulary.topics:
        by[CatalogKind.TOPIC][topic] = []
    for code in library.languages:
        by[CatalogKind.LANGUAGE][code] = []
    for doc in originals:
        data = doc.data
        if data is None:
            continue
        for topic in data.topics:
            by[CatalogKind.TOPIC][topic].append(doc)
        for country in data.countries:
            by[CatalogKind.COUNTRY].setdefault(country, []).append(doc)
        by[CatalogKind.TYPE].setdefault(items[doc.norm_uri].type, []).append(doc)
        for code in items[doc.norm_uri].languages:
            by[CatalogKind.LANGUAGE][code].append(doc)
    for kind, groups in by.items():
        keys = sorted(groups) if kind == CatalogKind.COUNTRY else list(groups)
        pages.append(_index(kind, {key: len(groups[key]) for key in keys}))
        for key in keys:
            pages += _paginate(kind, key, listed(groups[key]))
    return pages


def newest(library: Library, lang: str, kind: DocumentKind, count: int) -> list[Item]:
    return _sorted(item_for(library, d, lang) for d in library.originals(kind))[:count]


def title(page: CatalogPage, t: Translator, vocabulary: Vocabulary, lang: str) -> str:
    """The heading of a catalog page in the reader's language."""
    if page.index:
        return t(INDEX_TITLES[page.kind])
    names = {
        CatalogKind.LIBRARY: lambda: t("catalog.library"),
        CatalogKind.WEBINARS: lambda: t("catalog.webinars"),
        CatalogKind.NEW: lambda: t("catalog.new"),
        CatalogKind.TOPIC: lambda: t("catalog.topic", name=vocabulary.topic_name(page.key, lang)),
        CatalogKind.COUNTRY: lambda: t("catalog.country", name=country_name(page.key, lang)),
        CatalogKind.TYPE: lambda: t("catalog.type", name=t(f"type.{page.key}")),
        CatalogKind.LANGUAGE: lambda: t("catalog.language",
                                        name=language_name(page.key, lang)),
    }
    return names[page.kind]()


def group_links(page: CatalogPage, t: Translator, vocabulary: Vocabulary,
                lang: str) -> list[tuple[str, str, str, int]]:
    """For an index page: (key, name in the reader's language, site-root path, count)."""
    kind = page.kind
    namer = {
        CatalogKind.TOPIC: lambda k: vocabulary.topic_name(k, lang),
        CatalogKind.COUNTRY: lambda k: country_name(k, lang),
        CatalogKind.TYPE: lambda k: t(f"type.{k}"),
        CatalogKind.LANGUAGE: lambda k: language_name(k, lang),
    }[kind]
    return [(key, namer(key), urls.catalog_path(kind, key), count) for key, count in page.groups]


def home(library: Library, lang: str, count: int = 5) -> dict[str, object]:
    """What the home page lists: newest resources, latest webinars, topics with counts."""
    originals = library.originals()
    counts = dict.fromkeys(library.vocabulary.topics, 0)
    for doc in originals:
        if doc.data is not None:
            for topic in doc.data.topics:
                counts[topic] += 1
    return {
        "newest": newest(library, lang, DocumentKind.RESOURCE, count),
        "webinars": newest(library, lang, DocumentKind.WEBINAR, 3),
        "resource_count": len(library.originals(DocumentKind.RESOURCE)),
        "webinar_count": len(library.originals(DocumentKind.WEBINAR)),
        "topics": [(topic, library.vocabulary.topic_name(topic, lang), n)
                   for topic, n in counts.items()],
    }


def generated_pages(site: Site, library: Library, lang: str,
                    today: date) -> list[tuple[str, CatalogPage, str]]:
    """Every listing page in ``lang`` as (source path for MkDocs, page, title)."""
    t = Translator(lang)
    prefix = urls.prefix(lang, site.default)
    return [(prefix + page.path + "index.md", page, title(page, t, library.vocabulary, lang))
            for page in catalog_pages(library, lang, today)]


def catalog_view(site: Site, library: Library, listing: CatalogPage, lang: str) -> PageView:
    """What catalog.html shows: the listing, its neighbours, and an index page's groups."""
    prefix = urls.prefix(lang, site.default)
    neighbours: dict[str, object] = {
        "previous": listing.page > 1 and prefix + urls.catalog_path(listing.kind, listing.key,
                                                                    listing.page - 1),
        "next": listing.page < listing.pages and prefix + urls.catalog_path(
            listing.kind, listing.key, listing.page + 1),
    }
    # Every page of a listing is linked from each of its pages, so none is more than one click
    # from the first, however long the listing grows.
    neighbours["numbered"] = tuple(
        (number, prefix + urls.catalog_path(listing.kind, listing.key, number))
        for number in range(1, listing.pages + 1)) if listing.pages > 1 else ()
    groups = [(key, name, prefix + path, count) for key, name, path, count in
              group_links(listing, Translator(lang), library.vocabulary, lang)
              ] if listing.groups else []
    return generated_view(site, listing.path, lang, catalog=listing, groups=groups, **neighbours)
