"""The content, read and checked once for a build (lumbung.builder.parallel hands it to every
language's process as a file)."""

from __future__ import annotations

import pickle
from collections.abc import Collection
from pathlib import Path

from lumbung.checks.run import check_built, run
from lumbung.config import Site, load_site
from lumbung.content.library import Library, ReadCache, build_library
from lumbung.errors import ContentError, Problem


def read_checked(site: Site, cache: ReadCache | None = None,
                 only: Collection[str] | None = None) -> Library:
    """The library, read and checked (the text of the pages at ``only``'s source paths only, if
    given); raises ContentError listing every problem."""
    try:
        library = build_library(site.docs_dir, site.codes, site.default, cache)
    except ContentError:
        raise ContentError(run(site, repair=False).problems) from None
    problems: list[Problem] = check_built(site, library, only)
    if problems:
        raise ContentError(problems)
    return library


def read_to_file(config_file: Path, library_file: Path,
                 cache: ReadCache | None = None) -> tuple[Problem, ...]:
    """Read and check the library, and write it to ``library_file`` for the languages'
    processes; the content problems found (nothing written if any)."""
    try:
        library = read_checked(load_site(config_file), cache)
    except ContentError as exc:
        return tuple(exc.problems)
    library_file.write_bytes(pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL))
    return ()
