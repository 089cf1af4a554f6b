"""The editors' preview: the whole site once (the parallel build), then, after each save, only
what the save changed, in this process, with MkDocs kept warm.

A saved Markdown page is read again (the other files' readings are kept, lumbung.content.library
.ReadCache), its fields checked with the rest of the library and its links and sections on their
own (problems are listed; the preview goes on; a full build checks every page), and
rebuilt in its language together with the pages of that language that list it: the home page, the
catalogs it is in, the catalogs' indexes, the titles page and the translation status page. The
search bundle, the sitemap and the other languages' pages stay as the first build wrote them (an
English page's fallbacks in other languages show the change after a full rebuild). A new,
removed or renamed file, or any change outside the Markdown pages, rebuilds everything.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lumbung.builder.parallel import Options, build_site
from lumbung.builder.reading import read_checked
from lumbung.builder.worker import LogLines, site_folder_kept
from lumbung.config import load_site
from lumbung.content.library import Library, ReadCache
from lumbung.content.model import Document
from lumbung.errors import ContentError, LumbungError, Problem
from lumbung.search import titles
from lumbung.site import catalog, session, status, urls

Stamp = tuple[int, int]


@dataclass(frozen=True)
class Rebuilt:
    lang: str
    pages: tuple[str, ...]  # source paths of the pages written again
    seconds: float


@dataclass(frozen=True)
class Outcome:
    full: bool  # everything was built again
    rebuilt: tuple[Rebuilt, ...]
    problems: tuple[Problem, ...]  # content problems found (nothing was built if any)
    seconds: float


def _scan(folder: Path) -> dict[Path, Stamp]:
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def wanted(build: session.SiteBuild, src_uri: str, changed: frozenset[str],
           listed: frozenset[str]) -> bool:
    """Whether a page of the language being built is written again: the changed pages, and the
    pages that list them (``listed``: their site-root URLs in this language)."""
    if src_uri in changed:
        return True
    doc = build.library.by_src_uri(src_uri)
    if doc is not None:
        return doc.norm_uri == "index.md"  # the home page lists what is new
    if src_uri in (status.src_uri(build.site, build.lang),
                   titles.src_uri(build.lang, build.site.default)):
        return True
    listing = build.page(src_uri, catalog.CatalogPage)
    return listing is not None and (listing.index or any(i.url in listed for i in listing.items))


@contextmanager
def _only(keep: Callable[[Any], bool]) -> Iterator[None]:
    """MkDocs reads and writes only the pages ``keep`` accepts (the others stay as written)."""
    from mkdocs.commands import build as mkdocs_build

    populate, write = mkdocs_build._populate_page, mkdocs_build._build_page

    def populate_some(page: Any, *args: Any, **kwargs: Any) -> None:
        if keep(page):
            populate(page, *args, **kwargs)

    def write_some(page: Any, *args: Any, **kwargs: Any) -> None:
        if keep(page):
            write(page, *args, **kwargs)

    mkdocs_build._populate_page = populate_some
    mkdocs_build._build_page = write_some
    try:
        yield
    finally:
        mkdocs_build._populate_page = populate
        mkdocs_build._build_page = write


class Preview:
    """The preview of one site: ``build_all`` first, then ``refresh`` after every save."""

    def __init__(self, config_file: Path, jobs: int = 0,
                 progress: Callable[[str], None] = lambda line: None) -> None:
        self.config_file = config_file.resolve()
        self.site = load_site(self.config_file)
        self.jobs = jobs
        self.progress = progress
        self.cache = ReadCache()
        self.views: dict[str, dict[str, Any]] = {}
        self.seen: dict[Path, Stamp] = {}
        self.library: Library | None = None

    def _watched(self) -> dict[Path, Stamp]:
        """The pages, the templates and the settings: what a save can change."""
        found = {**_scan(self.site.docs_dir), **_scan(self.site.root / "overrides")}
        settings = self.site.root / "mkdocs.yml"
        stat = settings.stat()
        found[settings] = (stat.st_mtime_ns, stat.st_size)
        return found

    def build_all(self) -> None:
        """The whole site (the parallel build; PDFs as settings say)."""
        self.seen = self._watched()
        built = build_site(Options(self.config_file, jobs=self.jobs), self.progress, self.cache)
        self.views = built.search_views
        self.library = read_checked(self.site, self.cache)  # every reading is cached: quick

    def refresh(self) -> Outcome:
        """Build what changed since the last call (everything when more than pages changed)."""
        started = time.perf_counter()
        now = self._watched()
        changed = sorted(p for p in now if self.seen.get(p) != now[p])
        gone = [p for p in self.seen if p not in now]
        if not changed and not gone:
            return Outcome(False, (), (), 0.0)
        pages_only = not gone and self.library is not None and all(
            p.suffix == ".md" and p in self.seen for p in changed)
        self.seen = now
        if not pages_only:
            self.build_all()
            return Outcome(True, (), (), time.perf_counter() - started)
        saved = {p.relative_to(self.site.docs_dir).as_posix() for p in changed}
        try:  # every field of the library; the links and sections of the pages saved
            library = read_checked(self.site, self.cache, only=saved)
        except ContentError as exc:
            return Outcome(False, (), tuple(exc.problems), time.perf_counter() - started)
        self.library = library
        docs = [self._doc(library, path) for path in changed]
        rebuilt = []
        for lang in dict.fromkeys(doc.lang for doc in docs):
            mine = [doc for doc in docs if doc.lang == lang]
            rebuilt.append(self._rebuild(lang, mine, library))
        return Outcome(False, tuple(rebuilt), (), time.perf_counter() - started)

    def _doc(self, library: Library, path: Path) -> Document:
        rel = path.relative_to(self.site.docs_dir).as_posix()
        doc = library.by_src_uri(rel)
        if doc is None:
            raise LumbungError(f"{rel}: not a page of the library")
        return doc

    def _rebuild(self, lang: str, docs: list[Document], library: Library) -> Rebuilt:
        """Write again, in ``lang``, the pages of ``docs`` and the pages that list them."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        started = time.perf_counter()
        changed = frozenset(doc.src_uri for doc in docs)
        listed = frozenset(urls.doc_url(doc, lang, self.site.default) for doc in docs)
        written: list[str] = []

        def keep(page: Any) -> bool:
            build_now = session.current(config)
            if wanted(build_now, page.file.src_uri, changed, listed):
                written.append(page.file.src_uri)
                return True
            return False

        config = load_config(config_file=str(self.config_file))
        i18n = config.plugins["i18n"]
        i18n.current_language = lang  # type: ignore[attr-defined]
        i18n.building = True  # type: ignore[attr-defined]
        plan = session.Plan((lang,), None, library, preview=True,
                            search_view=self.views.get(lang))
        lines = LogLines()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(lines)
        try:
            with session.planned(self.config_file, plan), site_folder_kept(), _only(keep):
                build(config)
        except MkDocsException as exc:
            raise LumbungError("\n".join([*lines.lines, str(exc)])) from None
        finally:
            logger.removeHandler(lines)
        pages = tuple(dict.fromkeys(written))
        return Rebuilt(lang, pages, time.perf_counter() - started)
