"""The page-weight budget: what a reader's phone really downloads, measured in Chromium against a
local server that compresses like a real host. Used by scripts/budget.py and the tests."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.webserver import HASHED_NAME, CompressingServer, Served

COLD_LIMIT = 60_000  # bytes transferred for a first view with an empty cache
HTML_LIMIT = 12_000  # compressed bytes of any one page's HTML
WARM_LIMIT = 12_000  # bytes transferred for a second page view with a warm cache


@dataclass(frozen=True)
class View:
    page: str  # site-root path
    kind: str  # "cold" or "warm"
    assets: tuple[Served, ...]

    @property
    def total(self) -> int:
        return sum(a.wire_bytes for a in self.assets)


def _load(page: Any, server: CompressingServer, path: str) -> tuple[Served, ...]:
    server.reset_log()
    page.goto(server.url(path), wait_until="load")
    page.wait_for_load_state("networkidle")
    server.wait_quiet(0.3, timeout=10)
    return tuple(server.requests())


def measure(browser: Any, server: CompressingServer, cold: str, warm: str) -> list[View]:
    """A cold first view of ``cold``, then a warm view of ``warm`` in the same browser."""
    context = browser.new_context()
    try:
        page = context.new_page()
        first = View(cold, "cold", _load(page, server, cold))
        second = View(warm, "warm", _load(page, server, warm))
    finally:
        context.close()
    return [first, second]


def judge(views: list[View]) -> list[str]:
    failures = []
    for view in views:
        limit = COLD_LIMIT if view.kind == "cold" else WARM_LIMIT
        if view.total > limit:
            biggest = max(view.assets, key=lambda a: a.wire_bytes)
            failures.append(f"{view.page} ({view.kind} view): {view.total:,} bytes > "
                            f"{limit:,}; largest asset {biggest.path} ({biggest.wire_bytes:,})")
        for asset in view.assets:
            if asset.status >= 400:
                failures.append(f"{view.page}: {asset.path} answered {asset.status}")
            is_html = asset.content_type.startswith("text/html")
            if is_html and asset.body_bytes > HTML_LIMIT:
                failures.append(f"{view.page}: HTML is {asset.body_bytes:,} bytes compressed "
                                f"> {HTML_LIMIT:,}")
            if not is_html and asset.status == 200 and not HASHED_NAME.search(asset.path):
                failures.append(f"{view.page}: {asset.path} has no content hash in its name, "
                                "so it cannot be cached forever")
    return failures


def html_sizes(site_dir: Path) -> list[tuple[str, int]]:
    """Every HTML file's gzip size (level 6, as hosts compress), largest first."""
    sizes = [(p.relative_to(site_dir).as_posix(), len(gzip.compress(p.read_bytes(), 6)))
             for p in site_dir.rglob("*.html")]
    return sorted(sizes, key=lambda s: -s[1])
