"""Refuse to build when any page's front matter is wrong, listing every problem at once."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from lumbung.config import current_language, site_from_mkdocs
from lumbung.content.library import forget, load_library
from lumbung.errors import ContentError

log = logging.getLogger("mkdocs.hooks.lumbung.validate")


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site = site_from_mkdocs(config)
    if current_language(config) != site.default:
        return config  # validated once, in the first (default-language) pass
    forget()  # a new build (or a rebuild under mkdocs serve): read the content again
    try:
        load_library(site.docs_dir, site.codes, site.default)
    except ContentError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        count = len(exc.problems)
        raise Abort(f"Aborted: {count} content problem{'s' if count != 1 else ''} listed above; "
                    "see the editors' guide (guide/checks) for what each one means.") from None
    return config
