"""The translation status page, generated in every language at /status/."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.config import current_language, site_from_mkdocs
from lumbung.content.library import load_library
from lumbung.site import status, urls
from lumbung.site.strings import Translator
from lumbung.site.views import generated_view

PATH = "status/"


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    site = site_from_mkdocs(config)
    lang = current_language(config)
    title = Translator(lang)("status.title").replace('"', "'")
    src_uri = urls.prefix(lang, site.default) + PATH + "index.md"
    files.append(File.generated(config, src_uri, content=f'---\ntitle: "{title}"\n'
                                "template: status.html\n---\n"))
    return files


@event_priority(-110)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    site = site_from_mkdocs(config)
    lang = current_language(config)
    if page.file.src_uri != urls.prefix(lang, site.default) + PATH + "index.md":
        return context
    library = load_library(site.docs_dir, site.codes, site.default)
    edit = f"{config.repo_url.rstrip('/')}/edit/main/" if config.repo_url else ""
    context["lb"] = generated_view(
        site, PATH, lang, languages=status.language_rows(library),
        pages=status.page_rows(library, lang), colours=status.COLOURS,
        bar_width=status.BAR_WIDTH, edit_base=edit,
        docs_prefix=site.docs_dir.relative_to(site.root).as_posix() + "/",
    )
    return context
