"""Site search: Pagefind indexes from the library, written once after the last language.

Each language's pass hands its pages' text, as MkDocs rendered it, to Pagefind (running beside
the build); the bundle is written while the last language's pages are, and waited for after.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from lumbung.config import current_language, site_from_mkdocs
from lumbung.content.library import Library, load_library
from lumbung.search.bundle import Indexer
from lumbung.search.publish import SearchPlan, language_records, publish
from lumbung.search.records import searchable
from lumbung.search.text import html_text

log = logging.getLogger("mkdocs.hooks.lumbung.search")

# For the build under way: the top site folder, the pages' text by source path, the plan so far,
# and Pagefind (until the bundle is written).
_BUILD: dict[str, object] = {}


def _stop() -> None:
    indexer = _BUILD.pop("indexer", None)
    if isinstance(indexer, Indexer):
        indexer.close()


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site = site_from_mkdocs(config)
    if current_language(config) == site.default:  # the first pass; its site_dir is the top one
        _stop()
        _BUILD.clear()
        _BUILD.update(site_dir=site.site_dir, texts={}, plan=SearchPlan((), {}))
    return config


@event_priority(-120)  # after the hooks that change the page's HTML
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    library = _BUILD.get("library")
    if not isinstance(library, Library):  # looked up once per build, not once per page
        site = site_from_mkdocs(config)
        library = _BUILD["library"] = load_library(site.docs_dir, site.codes, site.default)
    doc = library.by_src_uri(page.file.src_uri)
    texts = _BUILD.get("texts")
    if doc and doc.lang == current_language(config) and searchable(doc) and isinstance(texts, dict):
        texts[doc.src_uri] = html_text(html)
    return html


@event_priority(-110)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    site = site_from_mkdocs(config)
    lang = current_language(config)
    plan, texts = _BUILD.get("plan"), _BUILD.get("texts")
    assert isinstance(plan, SearchPlan) and isinstance(texts, dict)
    library = load_library(site.docs_dir, site.codes, site.default)
    records = language_records(library, site, lang, texts, config.markdown_extensions,
                               config.mdx_configs)
    plan = plan.extend(records)
    indexer = _BUILD.get("indexer")
    if not isinstance(indexer, Indexer):  # the first pass: start Pagefind
        indexer = _BUILD["indexer"] = Indexer(Path(str(_BUILD["site_dir"])))
    indexer.add(records)
    if lang == site.codes[-1]:  # every record is known: write while the pages are written
        indexer.write()
    _BUILD["plan"] = plan
    env.globals["lb_search"] = plan.view(lang)
    return env


@event_priority(-110)
def on_post_build(*, config: MkDocsConfig) -> None:
    site = site_from_mkdocs(config)
    indexer, plan = _BUILD.get("indexer"), _BUILD.get("plan")
    if current_language(config) != site.codes[-1] or not isinstance(indexer, Indexer):
        return
    assert isinstance(plan, SearchPlan)
    del _BUILD["indexer"]
    report = publish(plan, indexer, Path(str(_BUILD["site_dir"])))
    log.info(report.summary())


def on_build_error(*, error: Exception) -> None:
    _stop()
