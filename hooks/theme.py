"""Page frame: template globals for the language being built, content-hashed assets, and what
every page's frame shows around its content (breadcrumbs, table of contents, sharing tags);
sitemap.xml for all languages once the last language is built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.errors import LumbungError
from lumbung.site import frame, session
from lumbung.site.theme import (
    UNUSED_THEME_FILES,
    search_scripts,
    skip_i18n_alternates,
    template_globals,
    theme_assets,
)
from lumbung.site.views import PageView


def _custom_dir(config: MkDocsConfig) -> Path:
    if not config.theme.custom_dir:
        raise Abort("mkdocs.yml: theme: custom_dir: expected the folder of Lumbung's templates "
                    "(overrides)")
    return Path(config.theme.custom_dir)


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # sitemap.xml is Lumbung's, every language's pages at once (lumbung.site.frame); MkDocs' and
    # mkdocs-static-i18n's, made again for every language, are not rendered.
    config.theme.static_templates.discard("sitemap.xml")
    skip_i18n_alternates(config.plugins["i18n"])
    return config


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = session.current(config)
    for file in list(files):
        if file.src_uri.startswith(UNUSED_THEME_FILES):
            files.remove(file)
    if build.lang == build.site.default:
        custom_dir = _custom_dir(config)
        scripts = build.part("search_scripts", lambda: search_scripts(build.site, custom_dir))
        for asset in [*theme_assets(custom_dir).values(), *scripts.values()]:
            files.append(File.generated(config, asset.url, content=asset.content))
    return files


@event_priority(-110)
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    build = session.current(config)
    custom_dir = _custom_dir(config)
    scripts = build.part("search_scripts", lambda: search_scripts(build.site, custom_dir))
    assets = {**theme_assets(custom_dir), "search": scripts[build.lang]}
    try:  # settings the page frame reads (extra.newsletter.list_url): a message, not a traceback
        env.globals.update(template_globals(build.site, build.lang, assets))
    except LumbungError as exc:
        raise Abort(f"Aborted: {exc}") from None
    return env


@event_priority(-150)  # after the hooks that give a page its view (context["lb"])
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    view = context.get("lb")
    if isinstance(view, PageView):
        build = session.current(config)
        assets = build.part("theme-assets", lambda: theme_assets(_custom_dir(config)))
        card_url = assets["card"].url
        context.update(frame.page_frame(build, view, page.title or "", page.toc, card_url))
    return context


@event_priority(-150)  # before hooks/validate.py closes the build (-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    frame.write_sitemap(session.current(config))
