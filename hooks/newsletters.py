"""The newsletter archive: a page per frozen issue in every language, an index, Atom feeds."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.config import current_language, site_from_mkdocs
from lumbung.content.library import load_library
from lumbung.content.vocabulary import language_name
from lumbung.newsletter import archive
from lumbung.site import urls
from lumbung.site.generated import front_matter
from lumbung.site.strings import Translator
from lumbung.site.views import generated_view

_PAGES: dict[str, archive.ArchivePage] = {}
_BUILD: dict[str, tuple] = {}  # the frozen issues, read once per build (not once per language)


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site = site_from_mkdocs(config)
    if current_language(config) == site.default:  # the first pass of a build
        _BUILD["issues"] = archive.load_issues(site)
    return config


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    _PAGES.clear()
    site = site_from_mkdocs(config)
    lang = current_language(config)
    t = Translator(lang)
    prefix = urls.prefix(lang, site.default)
    issues = _BUILD.get("issues") or archive.load_issues(site)
    for page in archive.pages(issues):
        title = t("newsletter.issue", week=page.issue.week) if page.issue else \
            t("newsletter.archive")
        src_uri = prefix + page.path + "index.md"
        files.append(File.generated(config, src_uri, content=front_matter(
            title=title, template="newsletter.html")))
        _PAGES[src_uri] = page
    library = load_library(site.docs_dir, site.codes, site.default)
    feeds = {
        "archive": archive.archive_feed(site, issues, lang, t("newsletter.archive")),
        "resources": archive.resources_feed(site, library, lang, t("newsletter.resources_feed")),
    }
    for kind, xml in feeds.items():
        files.append(File.generated(config, prefix + urls.feed_path(kind), content=xml))
    return files


@event_priority(-110)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    found = _PAGES.get(page.file.src_uri)
    if found is None:
        return context
    site = site_from_mkdocs(config)
    lang = current_language(config)
    extra: dict[str, Any] = {"archive": found, "feed": urls.feed_path("archive"),
                             "resources_feed": urls.feed_path("resources")}
    if found.issue is not None:
        intro, intro_lang = archive.intro_html(found.issue, lang, site.default)
        extra |= {"intro": intro, "intro_lang": intro_lang,
                  "items": found.issue.edition_items(lang),
                  "language_names": {c: language_name(c, lang) for c in site.codes}}
    context["lb"] = generated_view(site, found.path, lang, **extra)
    return context
