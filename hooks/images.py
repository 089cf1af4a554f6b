"""Editors' images: resized, WebP with fallback, width/height, lazy; too-large ones refused."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from lumbung.errors import ContentError, Problem
from lumbung.site import images, session

log = logging.getLogger("mkdocs.hooks.lumbung.images")

@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    session.current(config).static_files.update(
        {f.url: f.src_uri for f in files if not f.is_documentation_page()})
    return files


@event_priority(-110)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    docs = Path(config.docs_dir)
    base = "../" * page.url.count("/")
    problems: list[Problem] = []
    static_files = session.current(config).static_files
    for tag, attrs in images.local_images(html):
        # MkDocs has already made the source relative to the page's URL.
        rel = static_files.get(images.resolve(page.url + "x", attrs["src"]), "")
        source = docs / rel
        where = f"{docs.name}/{page.file.src_uri}"
        if not rel or not source.is_file():
            problems.append(Problem(where, "", f"image '{attrs['src']}' not found", 0, "images"))
            continue
        if not attrs.get("alt", "").strip():
            problems.append(Problem(where, "", f"image {docs.name}/{rel} has no alt text; "
                                    "describe it: ![what the picture shows](file.jpg)", 0,
                                    "images"))
            continue
        try:
            rendition = images.render(source, f"{docs.name}/{rel}", Path(config.site_dir))
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        html = html.replace(tag, images.picture(attrs, rendition, base), 1)
    if problems:
        for problem in problems:
            log.error(str(problem))
        raise Abort(f"Aborted: {len(problems)} image problem(s) listed above.")
    return html
