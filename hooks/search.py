"""Site search: Pagefind indexes from the library, written once after the last language.

Each language's pass hands its pages' text, as MkDocs rendered it, to Pagefind (running beside
the build); the bundle is written while the last language's pages are, and waited for after.
"""

from __future__ import annotations

import logging

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from lumbung.config import current_language, site_from_mkdocs
from lumbung.search.session import SearchBuild

log = logging.getLogger("mkdocs.hooks.lumbung.search")

_BUILD: list[SearchBuild] = []  # the build under way (reset by its first pass)


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site = site_from_mkdocs(config)
    if current_language(config) == site.default:  # the first pass of a build
        for earlier in _BUILD:
            earlier.close()
        _BUILD[:] = [SearchBuild(site)]
    return config


@event_priority(-120)  # after the hooks that change the page's HTML
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    _BUILD[0].page_rendered(page.file.src_uri, current_language(config), html)
    return html


@event_priority(-110)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["lb_search"] = _BUILD[0].language_ready(
        current_language(config), config.markdown_extensions, config.mdx_configs)
    return env


@event_priority(-110)
def on_post_build(*, config: MkDocsConfig) -> None:
    report = _BUILD[0].finish(current_language(config))
    if report is not None:
        log.info(report.summary())


def on_build_error(*, error: Exception) -> None:
    for build in _BUILD:
        build.close()
