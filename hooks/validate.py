"""Start and end each build. The first pass reads the content once and runs Lumbung's checker
over it (the same one as scripts/check.py: fields, links and anchors with line numbers, images,
unfinished pages); when anything is wrong the build lists every problem at once, in the
checker's format, and stops. MkDocs' own link warnings are off in mkdocs.yml (validation), so
no broken link is reported twice."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from lumbung.checks import report
from lumbung.checks.run import check_built, guide_url, run
from lumbung.config import current_language, site_from_mkdocs
from lumbung.errors import ContentError, Problem
from lumbung.site import session

log = logging.getLogger("mkdocs.hooks.lumbung.validate")


def _stop(problems: list[Problem], guide: str) -> Abort:
    for problem in problems:
        log.error(report.line(problem, guide))
    count = len(problems)
    return Abort(f"Aborted: {count} content problem{'s' if count != 1 else ''} listed above "
                 "(the same list as python3 scripts/check.py --no-fix).")


@event_priority(-105)  # after mkdocs-static-i18n's (-100), before every other Lumbung hook's
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site = site_from_mkdocs(config)
    try:
        build = session.begin_pass(config)  # the first pass reads the content
    except ContentError:
        # Some page's fields are wrong: run the whole checker so that nothing hides behind them.
        raise _stop(run(site, repair=False).problems, guide_url(site)) from None
    if current_language(config) == build.languages[0] and not build.checked:
        problems = check_built(site, build.library)
        if problems:
            session.finish(config)
            raise _stop(problems, guide_url(site))
    return config


@event_priority(-200)  # after every other Lumbung hook's
def on_post_build(*, config: MkDocsConfig) -> None:
    if session.current(config).pass_done():
        session.finish(config)


def on_build_error(*, error: Exception) -> None:
    session.finish_all()
