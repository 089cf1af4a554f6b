"""Catalog pages (by topic, country, type, language, new this month), generated per language."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.site import catalog, clock, session
from lumbung.site.generated import front_matter


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = session.current(config)
    for src_uri, page, title in catalog.generated_pages(build.site, build.library, build.lang,
                                                        clock.today()):
        files.append(File.generated(config, src_uri,
                                    content=front_matter(title=title, template="catalog.html")))
        build.generated[src_uri] = page
    return files


@event_priority(-110)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    build = session.current(config)
    listing = build.page(page.file.src_uri, catalog.CatalogPage)
    if listing is not None:
        context["lb"] = catalog.catalog_view(build.site, build.library, listing, build.lang)
    return context
