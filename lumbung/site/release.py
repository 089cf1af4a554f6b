"""Let go of what a page holds once it is written.

MkDocs keeps every page of a build, and mkdocs-static-i18n every language's pages, until the
build ends: each with its Markdown source, its rendered HTML and its table of contents. Nothing
reads them once the page is written (links and anchors are checked from what rendering noted),
so holding them makes a build's memory grow with the pages of every language at once.
"""

from __future__ import annotations

from typing import Any


def release(page: Any) -> None:
    """Drop a written page's source, HTML and table of contents (kept: URL, title, meta)."""
    page.markdown = None
    page.content = None
    page.toc = []
