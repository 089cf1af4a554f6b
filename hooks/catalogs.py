"""Catalog pages (by topic, country, type, language, new this month), generated per language."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.config import current_language, site_from_mkdocs
from lumbung.content.library import load_library
from lumbung.site import catalog, clock, urls
from lumbung.site.strings import Translator
from lumbung.site.views import generated_view

_PAGES: dict[str, catalog.CatalogPage] = {}  # generated src_uri -> page, for the language now built


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _PAGES.clear()
    return config


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    _PAGES.clear()
    site = site_from_mkdocs(config)
    lang = current_language(config)
    library = load_library(site.docs_dir, site.codes, site.default)
    t = Translator(lang)
    for page in catalog.catalog_pages(library, lang, clock.today()):
        src_uri = urls.prefix(lang, site.default) + page.path + "index.md"
        heading = catalog.title(page, t, library.vocabulary, lang).replace('"', "'")
        content = f'---\ntitle: "{heading}"\ntemplate: catalog.html\n---\n'
        files.append(File.generated(config, src_uri, content=content))
        _PAGES[src_uri] = page
    return files


@event_priority(-110)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    listing = _PAGES.get(page.file.src_uri)
    if listing is None:
        return context
    site = site_from_mkdocs(config)
    lang = current_language(config)
    library = load_library(site.docs_dir, site.codes, site.default)
    prefix = urls.prefix(lang, site.default)
    neighbours = {
        "previous": listing.page > 1 and prefix + urls.catalog_path(listing.kind, listing.key,
                                                                    listing.page - 1),
        "next": listing.page < listing.pages and prefix + urls.catalog_path(
            listing.kind, listing.key, listing.page + 1),
    }
    groups = [(key, name, prefix + path, count) for key, name, path, count in
              catalog.group_links(listing, Translator(lang), library.vocabulary, lang)
              ] if listing.groups else []
    context["lb"] = generated_view(site, listing.path, lang, catalog=listing, groups=groups,
                                   **neighbours)
    return context
