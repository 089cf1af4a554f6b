"""The page-weight budget, as CI checks it. Serves the built site from a local server that
compresses like a real host, loads pages in headless Chromium and counts real transferred bytes:

  - cold first view of every kind of page (home, catalog, catalog index, language catalog,
    resource, webinar, guide page, newsletter archive and issue, translation status) in en, km,
    my and th: at most 8 KB each (HTML, CSS, JS, fonts, images shown);
  - HTML of any page: at most 12 KB compressed;
  - a second page view with a warm cache: at most 12 KB.

    python scripts/budget.py [--site DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ lives next to lumbung/ in the repository, not in the wheel
from bench import pageweight  # noqa: E402
from bench.chromium import chromium  # noqa: E402
from bench.webserver import CompressingServer  # noqa: E402
from lumbung.config import load_site  # noqa: E402
from lumbung.content.library import build_library  # noqa: E402
from lumbung.content.model import DocumentKind  # noqa: E402
from lumbung.newsletter.archive import load_issues  # noqa: E402

LANGUAGES = ("en", "km", "my", "th")
COLD_LIMIT = 8_000  # bytes transferred for a first view of any page with an empty cache


def pages(config: Path) -> list[tuple[str, str]]:
    """(cold page, warm page) pairs: home, catalog, resource, webinar in each budget language."""
    site = load_site(config)
    library = build_library(site.docs_dir, site.codes, site.default)
    resources = library.originals(DocumentKind.RESOURCE)
    webinar = library.originals(DocumentKind.WEBINAR)[0]
    topic = next(iter(library.vocabulary.topics))
    issues = load_issues(site)
    pairs = []
    for lang in LANGUAGES:
        prefix = "" if lang == site.default else f"{lang}/"
        pairs += [
            (prefix, f"{prefix}library/"),
            (f"{prefix}library/", f"{prefix}resources/{resources[0].slug}/"),
            (f"{prefix}resources/{resources[0].slug}/", f"{prefix}resources/{resources[1].slug}/"),
            (f"{prefix}webinars/{webinar.slug}/", prefix),
            (f"{prefix}guide/translate/", f"{prefix}newsletters/"),
            (f"{prefix}newsletters/", f"{prefix}topics/{topic}/"),
            (f"{prefix}languages/", f"{prefix}languages/{lang}/"),
            (f"{prefix}languages/{lang}/", f"{prefix}status/"),
            (f"{prefix}status/", f"{prefix}library/"),
        ]
        if issues:
            pairs.append((f"{prefix}newsletters/{issues[-1].week}/", prefix))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site", type=Path, help="the built site (default: site_dir of the "
                        "config)")
    args = parser.parse_args(argv)
    site_dir = args.site or load_site(args.config).site_dir
    console = Console()
    if not (site_dir / "index.html").exists():
        console.print(f"{site_dir}: no built site; run make build first")
        return 2
    failures = []
    with CompressingServer(site_dir) as server, chromium() as browser:
        for cold, warm in pages(args.config):
            for view in pageweight.measure(browser, server, cold, warm):
                table = Table(title=f"/{view.page} ({view.kind} view): {view.total:,} bytes")
                table.add_column("asset")
                table.add_column("bytes", justify="right")
                for asset in view.assets:
                    table.add_row(asset.path, f"{asset.wire_bytes:,}")
                console.print(table)
                failures += pageweight.judge([view])
                if view.kind == "cold" and view.total > COLD_LIMIT:
                    failures.append(f"{view.page} (cold view): {view.total:,} bytes > "
                                    f"{COLD_LIMIT:,}")
    biggest = pageweight.html_sizes(site_dir)
    over = [(path, size) for path, size in biggest if size > pageweight.HTML_LIMIT]
    failures += [f"{path}: HTML is {size:,} bytes compressed > {pageweight.HTML_LIMIT:,}"
                 for path, size in over]
    console.print(f"largest HTML: {biggest[0][0]} ({biggest[0][1]:,} bytes compressed) of "
                  f"{len(biggest)} pages")
    for failure in failures:
        console.print(f"[red]over budget[/red]: {failure}", soft_wrap=True)
    console.print("within budget" if not failures else f"{len(failures)} over budget")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
