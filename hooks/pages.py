"""Resource, webinar and plain pages: pick the layout and give it the page's view."""

from __future__ import annotations

import dataclasses
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.content.model import DocumentKind
from lumbung.site import catalog, navigation, related, session
from lumbung.site.views import document_view

LAYOUTS = {DocumentKind.RESOURCE: "resource.html", DocumentKind.WEBINAR: "webinar.html"}


@event_priority(-110)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    doc = session.current(config).library.by_src_uri(page.file.src_uri)
    if doc is not None and doc.kind in LAYOUTS:
        page.meta["template"] = LAYOUTS[doc.kind]
    return markdown


@event_priority(-110)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    build = session.current(config)
    library = build.library
    doc = library.by_src_uri(page.file.src_uri)
    if doc is None:
        return context
    view = document_view(build.site, library, library.original(doc), build.lang, build.changed)
    if doc.norm_uri == "index.md":
        view = dataclasses.replace(view, extra={**view.extra, **catalog.home(library, build.lang),
                                                "browse": navigation.browse_links(build.site,
                                                                                  build.lang)})
    elif doc.kind in LAYOUTS:
        view = dataclasses.replace(view, extra={
            **view.extra, "related": build.part(
                "related", lambda: related.RelatedIndex(library)).items(view.original or doc,
                                                                       build.lang)})
    context["lb"] = view
    return context
