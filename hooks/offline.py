"""Offline reading: a PDF of every resource and webinar page, the "Offline" page in every
language, and (when switched on) a Kiwix library (ZIM) per language after the last language.

PDFs and ZIM files are switched on and off by lumbung.offline.settings (LUMBUNG_PDF,
LUMBUNG_ZIM, or mkdocs.yml's extra: offline:). The offline build is a part of the site build
(lumbung.site.session), which closes it.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from lumbung.config import current_language, load_site
from lumbung.errors import LumbungError
from lumbung.offline import listing, settings
from lumbung.offline.session import OfflineBuild
from lumbung.site import session
from lumbung.site.generated import front_matter
from lumbung.site.strings import Translator

log = logging.getLogger("mkdocs.hooks.lumbung.offline")


def _offline(config: MkDocsConfig) -> OfflineBuild:
    build = session.current(config)

    def make() -> OfflineBuild:
        try:
            pdfs, zims = settings.enabled(build.site, "pdf"), settings.enabled(build.site, "zim")
        except LumbungError as exc:
            raise Abort(f"Aborted: {exc}") from None
        # The files leave the site: they carry its published address, also under `mkdocs
        # serve` (which puts its own in site_url), so a preview reuses the build's PDFs.
        published = load_site(Path(config.config_file_path)).site_url or build.site.site_url
        site = dataclasses.replace(build.site, site_url=published)
        # A parallel build's ZIM files are made by its merge step (lumbung.builder).
        return OfflineBuild(site, build.library, pdfs=pdfs, zims=zims and build.parts is None
                            and not build.preview, parts=build.parts,
                            lang=build.lang)

    return build.part("offline", make)


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = session.current(config)
    src_uri = listing.src_uri(build.site, build.lang)
    title = Translator(build.lang)("offline.title")
    files.append(File.generated(config, src_uri,
                                content=front_matter(title=title, template="offline.html")))
    build.generated[src_uri] = listing.OfflinePage()
    return files


@event_priority(-120)  # after the hooks that change the page's HTML
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    pdfs = _offline(config).pdfs
    build = session.current(config)
    doc = build.library.by_src_uri(page.file.src_uri)
    if pdfs is None or doc is None:
        return html
    if doc.lang == current_language(config):
        pdfs.add(doc, html)
    elif build.parts is not None and doc.lang == build.site.default:
        pdfs.add(doc, html, own=False)  # an original the English process writes: for its link
    return html


@event_priority(-115)  # after hooks/pages.py's
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    build = session.current(config)
    pdfs = _offline(config).pdfs
    if build.page(page.file.src_uri, listing.OfflinePage) is not None:
        context["lb"] = listing.offline_view(build.site, build.lang, pdf=pdfs is not None)
        return context
    doc = build.library.by_src_uri(page.file.src_uri)
    if pdfs is not None and doc is not None:
        context["lb_pdf"] = pdfs.link(doc)
        for warning in pdfs.take_warnings():
            log.warning(warning)
    return context


@event_priority(-150)  # before hooks/validate.py closes the build
def on_post_build(*, config: MkDocsConfig) -> None:
    if session.current(config).last_pass:
        for line in _offline(config).finish():
            log.info(line)
