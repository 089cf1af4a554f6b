"""Parts of a parallel build: what a language's process leaves for the merge step.

Each process of the parallel build (lumbung.builder) builds some languages; what spans every
language (the search bundle, the sitemap, the ZIM files) is written once, by the merge step, from
the parts the processes left: one gzip-compressed JSON file per kind and language, in a folder
inside the site folder (so that a CI job's artifact carries them) that the merge step removes.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

from lumbung.errors import LumbungError

FOLDER = ".lumbung-parts"  # inside site_dir; never published (the merge step removes it)
SUFFIX = ".json.gz"


class PartsError(LumbungError):
    """A part is missing or unreadable."""


def folder(site_dir: Path) -> Path:
    return site_dir / FOLDER


def write(parts: Path, kind: str, lang: str, data: Any) -> Path:
    """Write one part atomically (a process killed half-way leaves no half file)."""
    parts.mkdir(parents=True, exist_ok=True)
    path = parts / f"{kind}.{lang}{SUFFIX}"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp.write_bytes(gzip.compress(payload, compresslevel=1, mtime=0))
    tmp.replace(path)
    return path


def kinds(parts: Path) -> set[str]:
    """The kinds of parts present (a build without a hook leaves none of that hook's)."""
    if not parts.is_dir():
        return set()
    return {path.name.split(".", 1)[0] for path in parts.glob(f"*{SUFFIX}")}


def read(parts: Path, kind: str, lang: str) -> Any:
    """One language's part of ``kind`` (check first that none is missing: :func:`check`)."""
    path = parts / f"{kind}.{lang}{SUFFIX}"
    try:
        return json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, EOFError, ValueError) as exc:
        raise PartsError(f"{path}: unreadable ({exc}); build language '{lang}' again") from None


def check(parts: Path, kind: str, languages: tuple[str, ...]) -> None:
    """Raise PartsError naming the languages whose part of ``kind`` is missing."""
    missing = [lang for lang in languages if not (parts / f"{kind}.{lang}{SUFFIX}").is_file()]
    if missing:
        raise PartsError(f"{parts}: no {kind} part for {', '.join(missing)}: build "
                         f"{'that language' if len(missing) == 1 else 'those languages'} first "
                         f"(python scripts/build.py --languages {','.join(missing)} --parts-only)")


def read_all(parts: Path, kind: str, languages: tuple[str, ...]) -> dict[str, Any]:
    """Every language's part of ``kind``; names the languages whose parts are missing."""
    check(parts, kind, languages)
    return {lang: read(parts, kind, lang) for lang in languages}
