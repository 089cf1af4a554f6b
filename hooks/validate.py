"""Start and end each build: read the content once, refusing to build when any page's front
matter is wrong (listing every problem at once), and close the build when it is done."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from lumbung.errors import ContentError
from lumbung.site import session

log = logging.getLogger("mkdocs.hooks.lumbung.validate")


@event_priority(-105)  # after mkdocs-static-i18n's (-100), before every other Lumbung hook's
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        session.begin_pass(config)  # the first (default-language) pass reads the content again
    except ContentError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        count = len(exc.problems)
        raise Abort(f"Aborted: {count} content problem{'s' if count != 1 else ''} listed above; "
                    "see the editors' guide (guide/checks) for what each one means.") from None
    return config


@event_priority(-200)  # after every other Lumbung hook's
def on_post_build(*, config: MkDocsConfig) -> None:
    if session.current(config).pass_done():
        session.finish(config)


def on_build_error(*, error: Exception) -> None:
    session.finish_all()
