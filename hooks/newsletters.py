"""The newsletter archive: a page per frozen issue in every language, an index, Atom feeds."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.newsletter import archive
from lumbung.site import session
from lumbung.site.generated import front_matter


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = session.current(config)
    issues = build.part("issues", lambda: archive.load_issues(build.site))  # once per build
    for src_uri, page, title in archive.generated_pages(build.site, issues, build.lang):
        files.append(File.generated(config, src_uri,
                                    content=front_matter(title=title, template="newsletter.html")))
        build.generated[src_uri] = page
    for src_uri, xml in archive.feeds(build.site, issues, build.library, build.lang):
        files.append(File.generated(config, src_uri, content=xml))
    return files


@event_priority(-110)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    build = session.current(config)
    found = build.page(page.file.src_uri, archive.ArchivePage)
    if found is not None:
        context["lb"] = archive.archive_view(build.site, found, build.lang)
    return context
