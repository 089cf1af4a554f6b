"""Build the site with one process per language, as many at once as asked (by default one per
core), then merge what spans the languages (lumbung.builder.merge).

The content is read and checked once, in a process of its own, before any language starts: a
content problem stops the build with every problem listed, as ``mkdocs build`` does. The library
is handed to the languages' processes as a file in a scratch folder. Each stage (reading, the
languages, the merge) has its own pool, gone before the next stage starts.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lumbung.builder.tasks import (
    LanguageBuilt,
    LanguageFailed,
    build_language,
    finish,
    read_library,
)
from lumbung.config import Site, load_site
from lumbung.errors import ContentError, LumbungError
from lumbung.site import parts

if TYPE_CHECKING:
    from lumbung.builder.merge import Merged
    from lumbung.content.library import ReadCache

LIBRARY_FILE = "library.pickle"


class BuildFailed(LumbungError):
    """One or more languages failed; the message lists each with MkDocs' words."""


@dataclass(frozen=True)
class Options:
    config_file: Path
    languages: tuple[str, ...] = ()  # () = every language in mkdocs.yml
    jobs: int = 0  # 0 = one per core
    merge: bool = True  # False: leave the parts (a CI job building some languages)


@dataclass(frozen=True)
class Built:
    languages: tuple[LanguageBuilt, ...]
    merged: Merged | None
    seconds: float
    jobs: int
    search_views: dict[str, dict[str, Any]]  # each language's search box settings


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def languages_to_build(site: Site, asked: Sequence[str]) -> tuple[str, ...]:
    unknown = [code for code in asked if code not in site.codes]
    if unknown:
        raise LumbungError(f"--languages: {', '.join(unknown)} not in mkdocs.yml (its languages: "
                           f"{', '.join(site.codes)})")
    return tuple(code for code in site.codes if not asked or code in asked)


def ci_jobs(site: Site) -> int:
    """How many CI jobs share the languages (mkdocs.yml: extra: build: ci_jobs; 1 if unset)."""
    value = (site.extra.get("build") or {}).get("ci_jobs", 1)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise LumbungError(f"mkdocs.yml: extra: build: ci_jobs: expected a whole number of 1 or "
                           f"more, got {value!r}")
    return value


def shares(codes: Sequence[str], count: int) -> list[tuple[str, ...]]:
    """The languages split into ``count`` shares (fewer if there are fewer languages), dealt in
    turn so that the default language's share is not also the largest."""
    count = max(1, min(count, len(codes)))
    return [tuple(codes[i::count]) for i in range(count)]


def _empty(folder: Path) -> None:
    """Empty the site folder (kept itself: a server may be serving it)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.iterdir():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def build_site(options: Options, progress: Callable[[str], None] = lambda line: None,
               cache: ReadCache | None = None) -> Built:
    started = time.perf_counter()
    config_file = options.config_file.resolve()
    site = load_site(config_file)
    languages = languages_to_build(site, options.languages)
    jobs = max(1, min(options.jobs or default_jobs(), len(languages)))
    context = multiprocessing.get_context("spawn")  # a fresh interpreter per task

    def stage(workers: int) -> ProcessPoolExecutor:
        """A pool for one stage, shut down (its processes gone) before the next starts: an
        idle process left from the languages would sit beside the merge's peak."""
        return ProcessPoolExecutor(workers, mp_context=context, max_tasks_per_child=1)

    with tempfile.TemporaryDirectory(prefix="lumbung-build-") as scratch:
        library_file = Path(scratch) / LIBRARY_FILE
        if cache is None:
            with stage(1) as pool:
                problems = pool.submit(read_library, config_file, library_file).result()
        else:  # the preview keeps its readings (and so the library) in its own process
            from lumbung.builder.reading import read_to_file

            problems = read_to_file(config_file, library_file, cache)
        if problems:
            raise ContentError(list(problems))
        _empty(site.site_dir)
        folder = parts.folder(site.site_dir)
        folder.mkdir(parents=True)
        progress(f"content read and checked; building {', '.join(languages)} "
                 f"({jobs} at a time)")
        with stage(jobs) as pool:
            done, failures = _build_languages(pool, config_file, languages, library_file,
                                              folder, progress)
        if failures:
            raise BuildFailed("\n".join(failures))
        # In a process of its own too: the merge reads every language's records.
        with stage(1) as pool:
            views, merged = pool.submit(finish, config_file, languages, options.merge).result()
        if merged is not None:
            progress(merged.search)
    return Built(tuple(done), merged, time.perf_counter() - started, jobs, views)


def _build_languages(pool: ProcessPoolExecutor, config_file: Path, languages: tuple[str, ...],
                     library_file: Path, folder: Path, progress: Callable[[str], None]
                     ) -> tuple[list[LanguageBuilt], list[str]]:
    """Every language in the pool; what was built, and why any failed (then the rest stop)."""
    done: list[LanguageBuilt] = []
    failures: list[str] = []
    futures: dict[Future[LanguageBuilt], str] = {
        pool.submit(build_language, config_file, lang, library_file, folder): lang
        for lang in languages}
    pending = set(futures)
    while pending:
        finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
        for future in finished:
            try:
                result = future.result()
            except LanguageFailed as exc:
                failures.append(str(exc))
            except Exception as exc:  # a process that died (killed, out of memory...)
                failures.append(f"{futures[future]}: {type(exc).__name__}: {exc}")
            else:
                done.append(result)
                for line in result.warnings:
                    progress(f"{result.lang}: {line}")
                progress(f"{result.lang} built in {result.seconds:.1f} s")
        if failures:
            for future in pending:
                future.cancel()
            break
    return done, failures
