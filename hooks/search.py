"""Site search: Pagefind indexes from the library, written once after the last language."""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from lumbung.config import current_language, site_from_mkdocs
from lumbung.content.library import load_library
from lumbung.search.publish import SearchPlan, plan_search, publish

log = logging.getLogger("mkdocs.hooks.lumbung.search")

# For the build under way: its plan, the top site folder, whether the search is written yet.
_BUILD: dict[str, SearchPlan | Path | bool] = {}


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site = site_from_mkdocs(config)
    if current_language(config) == site.default:  # the first pass; its site_dir is the top one
        _BUILD.clear()
        _BUILD["site_dir"] = site.site_dir
    return config


@event_priority(-110)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    site = site_from_mkdocs(config)
    plan = _BUILD.get("plan")
    if not isinstance(plan, SearchPlan):
        library = load_library(site.docs_dir, site.codes, site.default)
        plan = plan_search(library, site, config.markdown_extensions, config.mdx_configs)
        _BUILD["plan"] = plan
    env.globals["lb_search"] = plan.view(current_language(config))
    return env


@event_priority(-110)
def on_post_build(*, config: MkDocsConfig) -> None:
    site = site_from_mkdocs(config)
    plan, site_dir = _BUILD.get("plan"), _BUILD.get("site_dir", site.site_dir)
    last = current_language(config) == site.codes[-1]  # every language's pages are written
    if not last or _BUILD.get("written") or not isinstance(plan, SearchPlan):
        return
    report = publish(plan, site_dir if isinstance(site_dir, Path) else site.site_dir)
    _BUILD["written"] = True
    log.info(report.summary())
