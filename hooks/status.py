"""The translation status page, generated in every language at /status/."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.site import session, status
from lumbung.site.generated import front_matter
from lumbung.site.strings import Translator


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = session.current(config)
    src_uri = status.src_uri(build.site, build.lang)
    title = Translator(build.lang)("status.title")
    files.append(File.generated(config, src_uri,
                                content=front_matter(title=title, template="status.html")))
    build.generated[src_uri] = status.StatusPage()
    return files


@event_priority(-110)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    build = session.current(config)
    if build.page(page.file.src_uri, status.StatusPage) is not None:
        context["lb"] = status.status_view(build.site, build.library, build.lang)
    return context
