"""What the parallel build's processes run. Each task imports what it needs when it runs, so the
driver, which only hands the tasks out and waits, stays small (about 15 MiB instead of 50: its
memory adds to the languages' processes' while they run)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lumbung.errors import LumbungError, Problem

if TYPE_CHECKING:
    from lumbung.builder.merge import Merged


class LanguageFailed(LumbungError):
    """A language's build stopped; the message says why (MkDocs' or a hook's words)."""


@dataclass(frozen=True)
class LanguageBuilt:
    lang: str
    seconds: float
    warnings: tuple[str, ...]


def read_library(config_file: Path, library_file: Path) -> tuple[Problem, ...]:
    """Read and check the content; write the library for the languages (none if problems)."""
    from lumbung.builder.reading import read_to_file

    return read_to_file(config_file, library_file)


def build_language(config_file: Path, lang: str, library_file: Path,
                   parts: Path) -> LanguageBuilt:
    from lumbung.builder.worker import build_language as build

    return build(config_file, lang, library_file, parts)


def finish(config_file: Path, languages: tuple[str, ...],
           merge: bool) -> tuple[dict[str, dict[str, Any]], Merged | None]:
    """Each language's search box settings (the preview keeps them) and, if ``merge``, the
    merge step's outcome."""
    from lumbung.builder.merge import merge_site
    from lumbung.config import load_site
    from lumbung.search.session import VIEW_PART
    from lumbung.site import parts

    folder = parts.folder(load_site(config_file).site_dir)
    views = parts.read_all(folder, VIEW_PART, languages) if VIEW_PART in parts.kinds(
        folder) else {}
    return views, (merge_site(config_file) if merge else None)
