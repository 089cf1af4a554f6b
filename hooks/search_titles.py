"""A page per language listing every title, where the search form leads without JavaScript
(lumbung.search.titles)."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.search import titles
from lumbung.site import session
from lumbung.site.strings import Translator
from lumbung.site.views import generated_view


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = session.current(config)
    lang, default = build.lang, build.site.default
    t = Translator(lang)
    entries = titles.titles(build.library, build.site, lang)
    files.append(File.generated(config, titles.src_uri(lang, default), content=titles.page_source(
        entries, lang, default, t("search.titles"), t("search.titles_intro"), t("search.asked"),
        t("search.english"))))
    return files


@event_priority(-110)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    build = session.current(config)
    if page.file.src_uri == titles.src_uri(build.lang, build.site.default):
        context["lb"] = generated_view(build.site, titles.PATH, build.lang)
    return context
