"""Site search: Pagefind indexes from the library, written once after the last language.

Each language's pass hands its pages' text, as MkDocs rendered it, to Pagefind (running beside
the build); the bundle is written while the last language's pages are, and waited for after.
The search build is a part of the site build (lumbung.site.session), which closes it.
"""

from __future__ import annotations

import logging

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from lumbung.config import current_language
from lumbung.search.session import SearchBuild
from lumbung.site import session

log = logging.getLogger("mkdocs.hooks.lumbung.search")


def _search(config: MkDocsConfig) -> SearchBuild:
    build = session.current(config)
    return build.part("search", lambda: SearchBuild(build.site, build.library, build.languages,
                                                      build.parts, build.search_view))


@event_priority(-120)  # after the hooks that change the page's HTML
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    _search(config).page_rendered(page.file.src_uri, current_language(config), html)
    return html


@event_priority(-110)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["lb_search"] = _search(config).language_ready(
        current_language(config), config.markdown_extensions, config.mdx_configs)
    return env


@event_priority(-110)
def on_post_build(*, config: MkDocsConfig) -> None:
    report = _search(config).finish(current_language(config))
    if report is not None:
        log.info(report.summary())
