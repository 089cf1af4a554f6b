"""Resource, webinar and plain pages: pick the layout and give it the page's view."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.config import current_language, site_from_mkdocs
from lumbung.content.history import last_changed
from lumbung.content.library import load_library
from lumbung.site import catalog
from lumbung.site.views import document_view

LAYOUTS = {"resource": "resource.html", "webinar": "webinar.html"}
_CHANGED: dict[str, date] = {}  # when each content file last changed; computed once per build


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site = site_from_mkdocs(config)
    if current_language(config) == site.default:  # the first of the per-language passes
        _CHANGED.clear()
        _CHANGED.update(last_changed(site.docs_dir))
    return config


@event_priority(-110)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    site = site_from_mkdocs(config)
    doc = load_library(site.docs_dir, site.codes, site.default).by_src_uri(page.file.src_uri)
    if doc is not None and doc.kind in LAYOUTS:
        page.meta["template"] = LAYOUTS[doc.kind]
    return markdown


@event_priority(-110)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    site = site_from_mkdocs(config)
    library = load_library(site.docs_dir, site.codes, site.default)
    doc = library.by_src_uri(page.file.src_uri)
    if doc is None:
        return context
    lang = current_language(config)
    view = document_view(site, library, library.original(doc), lang,
                         _CHANGED)
    if doc.norm_uri == "index.md":
        view = dataclasses.replace(view, extra={**view.extra, **catalog.home(library, lang)})
    context["lb"] = view
    return context
