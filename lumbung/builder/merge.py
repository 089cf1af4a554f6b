"""The merge step of a parallel build: what spans the languages, written once from the parts
every language's process left (lumbung.site.parts), then the parts removed.

The same step joins a build split across CI jobs (.github/workflows/pages.yml): each job builds
some languages with their parts; the last one puts the jobs' site folders together and merges.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from lumbung.config import Site, load_site
from lumbung.offline import settings
from lumbung.offline.cache import PDF_KEYS_PART, prune_cache
from lumbung.search.session import PART as SEARCH_PART
from lumbung.search.session import merge_parts
from lumbung.site import frame, parts


@dataclass(frozen=True)
class Merged:
    search: str  # the search report, in words
    sitemap_urls: int
    offline: str  # the ZIM files made, in words, or ''


def merge_site(config_file: Path) -> Merged:
    """:func:`merge` for the site of ``config_file`` (a task for a process of its own)."""
    return merge(load_site(config_file))


def merge(site: Site) -> Merged:
    """Write the search bundle, the sitemap and (if switched on) the ZIM files of every
    language into the site folder; raises lumbung.site.parts.PartsError naming a language whose
    parts are missing."""
    folder = parts.folder(site.site_dir)
    if not folder.is_dir():
        raise parts.PartsError(f"{folder}: missing; build the languages first "
                               "(python scripts/build.py --languages ... --parts-only)")
    present = parts.kinds(folder)  # a site without one of the hooks leaves none of its parts
    search = merge_parts(site, folder).summary() if SEARCH_PART in present else "no search"
    urls = frame.merge_sitemap(site, folder) if frame.SITEMAP_PART in present else 0
    if PDF_KEYS_PART in present:
        prune_cache(site, folder)
    offline = ""
    if settings.enabled(site, "zim"):
        from lumbung.offline import listing, zim  # jinja2, libzim, Pillow: only when wanted

        made = zim.make_all(site)
        listing.fill_pages(site, made)
        offline = zim.summary(made)
    shutil.rmtree(folder)
    return Merged(search, urls, offline)
