"""A page written is a page let go of: its source and HTML are not kept to the build's end."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from lumbung.site.release import release


@event_priority(-200)  # after every other hook and plugin has seen the page
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    release(page)
    return output
