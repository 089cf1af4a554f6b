"""One build of the site, across mkdocs-static-i18n's passes (one per language).

Everything a build computes once and the hooks share lives on one :class:`SiteBuild`: the
validated library, when each content file last changed, the pages generated for the language
being built, the static files' source paths, and named parts other packages add (the search
build, the newsletter issues).

Lifecycle:

- :func:`start` in the first pass's ``on_config`` reads and validates the content (or takes the
  library a :class:`Plan` brings) and replaces the previous build of the same site, so a rebuild
  under ``mkdocs serve`` reads every file again;
- :meth:`SiteBuild.begin_language` in every pass's ``on_config`` forgets the previous language's
  generated pages;
- :func:`finish` once every pass's ``on_post_build`` has run (:meth:`SiteBuild.pass_done`), or
  :func:`finish_all` on ``on_build_error``, closes it and the parts it holds.

Where the hooks find it: MkDocs loads each hook as its own module, so they cannot share a
variable. They call :func:`current` with MkDocs' config, and this module's one registry answers,
keyed by the path of the config file (mkdocs.yml). The config object itself would be shorter
lived, but MkDocs validates its keys and shows ``config.extra`` to templates, so nothing is
stored on it. A key per config file also keeps two sites built in one process (tests) apart.

Who builds what: plain ``mkdocs build`` builds every language in one process, and the last
language's pass writes what spans the languages (search bundle, sitemap, ZIM files). The
parallel build (lumbung.builder) runs one process per language under a :class:`Plan`: that
process builds only its languages, takes the library the driver read and checked, and leaves
what spans the languages as parts in ``Plan.parts`` for the merge step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast, runtime_checkable

from lumbung.config import Site, current_language, site_from_mkdocs
from lumbung.content.history import last_changed
from lumbung.content.library import Library, build_library
from lumbung.errors import LumbungError

T = TypeVar("T")


@dataclass(frozen=True)
class Plan:
    """How one process takes part in a build (see the module docstring)."""

    languages: tuple[str, ...]  # the languages this process builds, in order
    parts: Path | None = None  # where what spans the languages goes; None: write it in the site
    library: Library | None = None  # read and checked by whoever made the plan
    # The editors' preview (lumbung.builder.preview): build only these pages, and give the
    # search box the settings the first build computed (nothing spanning languages is written).
    preview: bool = False
    search_view: dict[str, Any] | None = None


@runtime_checkable
class Closeable(Protocol):
    def close(self) -> None: ...


class SiteBuild:
    """The state of one build, shared by the hooks (see the module docstring)."""

    def __init__(self, site: Site, library: Library, plan: Plan | None = None) -> None:
        self.site = site  # as the first pass sees it: its site_dir is the top one
        self.library = library
        # The languages this process builds (all of them unless a plan says otherwise), and the
        # folder of parts when another step writes what spans the languages.
        self.languages = plan.languages if plan is not None else site.codes
        self.parts = plan.parts if plan is not None else None
        self.checked = plan is not None and plan.library is not None
        self.preview = plan is not None and plan.preview
        self.search_view = plan.search_view if plan is not None else None
        self.lang = self.languages[0]  # the language being built
        self.generated: dict[str, object] = {}  # src_uri -> page generated for self.lang
        self.static_files: dict[str, str] = {}  # output URL -> source path, for self.lang
        self._changed: dict[str, date] | None = None
        self._parts: dict[str, object] = {}
        self._passes = 0  # passes started
        self._done = 0  # passes whose on_post_build has run
        self.closed = False

    @property
    def changed(self) -> dict[str, date]:
        """When each content file last changed (docs-relative path -> date); read once."""
        if self._changed is None:
            self._changed = last_changed(self.site.docs_dir)
        return self._changed

    @property
    def last_pass(self) -> bool:
        """This process is building the last of its languages."""
        return self.lang == self.languages[-1]

    def begin_language(self, lang: str) -> None:
        """A pass starts: forget what the previous language generated."""
        self.lang = lang
        self.generated = {}
        self.static_files = {}
        self._passes += 1

    def page(self, src_uri: str, kind: type[T]) -> T | None:
        """The generated page at ``src_uri`` if it is a ``kind`` (a catalog, an archive page...)."""
        found = self.generated.get(src_uri)
        return found if isinstance(found, kind) else None

    def part(self, name: str, make: Callable[[], T]) -> T:
        """The part called ``name``, made by ``make()`` on first use; closed with the build."""
        if name not in self._parts:
            self._parts[name] = make()
        return cast(T, self._parts[name])

    def pass_done(self) -> bool:
        """A pass's on_post_build has run; True once every language's has."""
        self._done += 1
        return self._done >= max(self._passes, len(self.languages))

    def close(self) -> None:
        """Close the parts (stopping anything still running); safe to call twice."""
        self.closed = True
        parts, self._parts = self._parts, {}
        for part in parts.values():
            if isinstance(part, Closeable):
                part.close()


_BUILDS: dict[str, SiteBuild] = {}  # config file path -> the build under way
_PLANS: dict[str, Plan] = {}  # config file path -> how this process takes part


def _key(config: Any) -> str:
    path = getattr(config, "config_file_path", None)
    return _resolved(str(path)) if path else ""


@lru_cache(maxsize=64)
def _resolved(path: str) -> str:
    """The config file's real path (hooks ask for the build on every page: resolve it once)."""
    return str(Path(path).resolve())


@contextmanager
def planned(config_file: Path, plan: Plan) -> Iterator[None]:
    """Builds of ``config_file`` started inside this block follow ``plan``."""
    key = str(config_file.resolve())
    _PLANS[key] = plan
    try:
        yield
    finally:
        _PLANS.pop(key, None)


def start(config: Any) -> SiteBuild:
    """Open a new build (the first pass's on_config): close the previous one, read the content
    (unless the plan brings it).

    Raises :class:`lumbung.errors.ContentError` listing every content problem.
    """
    finish(config)
    site = site_from_mkdocs(config)
    plan = _PLANS.get(_key(config))
    library = plan.library if plan is not None else None
    if library is None:
        library = build_library(site.docs_dir, site.codes, site.default)
    build = SiteBuild(site, library, plan)
    _BUILDS[_key(config)] = build
    return build


def current(config: Any) -> SiteBuild:
    """The build under way for this config's site."""
    build = _BUILDS.get(_key(config))
    if build is None or build.closed:
        raise LumbungError("no site build under way: hooks/validate.py starts it in on_config")
    return build


def begin_pass(config: Any) -> SiteBuild:
    """Every pass's on_config: open the build in the first pass, then start the language."""
    lang = current_language(config)
    plan = _PLANS.get(_key(config))
    first = plan.languages[0] if plan is not None else site_from_mkdocs(config).default
    build = start(config) if lang == first else current(config)
    build.begin_language(lang)
    return build


def finish(config: Any) -> None:
    """Close and forget the build of this config's site, if any."""
    build = _BUILDS.pop(_key(config), None)
    if build is not None:
        build.close()


def finish_all() -> None:
    """Close every build (``on_build_error``, which MkDocs calls without the config)."""
    for key in list(_BUILDS):
        _BUILDS.pop(key).close()
