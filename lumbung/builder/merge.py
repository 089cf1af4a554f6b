"""The merge step of a parallel build: what spans the languages, written once from the parts
every language's process left (lumbung.site.parts), then the parts removed.

The same step joins a build split across CI jobs (.github/workflows/pages.yml): each job builds
some languages with their parts; the last one puts the jobs' site folders together and merges.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from lumbung.config import Site
from lumbung.offline import listing, settings, zim
from lumbung.offline.session import prune_cache
from lumbung.search.session import merge_parts
from lumbung.site import frame, parts


@dataclass(frozen=True)
class Merged:
    search: str  # the search report, in words
    sitemap_urls: int
    offline: str  # the ZIM files made, in words, or ''


def merge(site: Site) -> Merged:
    """Write the search bundle, the sitemap and (if switched on) the ZIM files of every
    language into the site folder; raises lumbung.site.parts.PartsError naming a language whose
    parts are missing."""
    folder = parts.folder(site.site_dir)
    search = merge_parts(site, folder)
    urls = frame.merge_sitemap(site, folder)
    prune_cache(site, folder)
    offline = ""
    if settings.enabled(site, "zim"):
        made = zim.make_all(site)
        listing.fill_pages(site, made)
        offline = zim.summary(made)
    shutil.rmtree(folder)
    return Merged(search.summary(), urls, offline)
