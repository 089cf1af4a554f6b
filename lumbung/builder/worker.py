"""One language of the site, built in this process (a task of the parallel build).

MkDocs builds the language as ``mkdocs build`` would, with two differences: mkdocs-static-i18n
builds this language only (its own loop over the other languages stays off), and the site folder
is not cleaned (the other languages' processes write into it too; the driver cleaned it once).
The hooks follow a :class:`lumbung.site.session.Plan`: they take the library the driver read and
checked, and leave what spans the languages as parts for the merge step.
"""

from __future__ import annotations

import logging
import pickle
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lumbung.builder.tasks import LanguageBuilt, LanguageFailed
from lumbung.content.library import Library
from lumbung.site import session


class LogLines(logging.Handler):
    """Keeps the warnings and errors MkDocs and the hooks log, to report them with the language."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def site_folder_kept() -> Iterator[None]:
    """MkDocs cleans the site folder before a build; here it must not (see the docstring)."""
    from mkdocs import utils

    clean = utils.clean_directory
    utils.clean_directory = lambda path: None  # type: ignore[assignment]
    try:
        yield
    finally:
        utils.clean_directory = clean


def load_library(path: Path) -> Library:
    """The library the driver read and checked for this build (written by it, never by others)."""
    library = pickle.loads(path.read_bytes())  # this build's own file
    if not isinstance(library, Library):
        raise LanguageFailed(f"{path}: not a library")
    return library


def build_language(config_file: Path, lang: str, library_file: Path,
                   parts: Path) -> LanguageBuilt:
    """Build ``lang`` into the site folder; what spans the languages goes to ``parts``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    started = time.perf_counter()
    lines = LogLines()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    try:
        config = load_config(config_file=str(config_file))
        i18n = config.plugins["i18n"]
        i18n.current_language = lang  # type: ignore[attr-defined]
        i18n.building = True  # type: ignore[attr-defined]  # its loop over the languages: off
        plan = session.Plan((lang,), parts, load_library(library_file))
        with session.planned(config_file, plan), site_folder_kept():
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    except MkDocsException as exc:
        said = "\n".join([*lines.lines, str(exc)])
        raise LanguageFailed(f"{lang}: {said}") from None
    finally:
        logger.removeHandler(lines)
    return LanguageBuilt(lang, time.perf_counter() - started, tuple(lines.lines))
