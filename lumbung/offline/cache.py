"""PDFs kept by content hash (``.cache/pdf/`` at the repository root, ignored by git).

A key is the SHA-256 of the page's printable HTML, the PDF stylesheet and WeasyPrint's version:
a page is rendered again only when one of them changes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from lumbung.site import parts

if TYPE_CHECKING:
    from lumbung.config import Site

CACHE_DIR = Path(".cache") / "pdf"  # under the repository root (lumbung.config.Site.root)
CACHE_ENV = "LUMBUNG_PDF_CACHE"  # another cache folder (e.g. one shared by test builds)
PDF_KEYS_PART = "pdf-keys"  # the cached PDFs a language's process used


def pdf_key(html: str, stylesheet: str, engine_version: str) -> str:
    digest = hashlib.sha256()
    for part in (engine_version, stylesheet, html):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


class PdfCache:
    """A folder of ``<key>.pdf`` files."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pdf"

    def get(self, key: str) -> Path | None:
        found = self.path(key)
        return found if found.is_file() else None

    def put(self, key: str, data: bytes) -> Path:
        """Store ``data`` under ``key`` (atomically: a reader never sees half a file)."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def prune(self, keep: set[str]) -> int:
        """Delete the PDFs whose key is not in ``keep`` (pages that changed or went away)."""
        removed = 0
        for path in self.directory.glob("*/*.pdf"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def prune_cache(site: Site, folder: Path) -> int:
    """The merge step of a parallel build: delete the cached PDFs no language used (unless the
    cache is shared with other builds); how many were deleted."""
    if os.environ.get(CACHE_ENV, "").strip():
        return 0
    used = parts.read_all(folder, PDF_KEYS_PART, site.codes)
    keep = {key for keys in used.values() for key in keys}
    return PdfCache(cache_dir(site.root)).prune(keep) if keep else 0
