"""Offline files from the built site: a Kiwix library (ZIM file) per language.

    python scripts/offline.py zim --out site/offline/          # every language
    python scripts/offline.py zim --out site/offline/ --lang km

Run it after `mkdocs build`; it also writes the list of files into each language's Offline page
(site/offline/, site/km/offline/ ...) when the files go into the built site's offline/ folder.
The build makes the same files itself when LUMBUNG_ZIM=1 (or mkdocs.yml's extra: offline: zim).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import _venv

_venv.ensure()  # run as written: python3 scripts/...; re-runs under .venv if needed

from rich.console import Console  # noqa: E402

from lumbung.config import load_site  # noqa: E402
from lumbung.errors import LumbungError  # noqa: E402
from lumbung.offline import listing, zim  # noqa: E402
from lumbung.site import clock  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("zim", help="one ZIM file per language from the built site")
    make.add_argument("--site-dir", type=Path, help="the built site (default: mkdocs.yml's)")
    make.add_argument("--out", type=Path, help="where the files go (default: <site>/offline/)")
    make.add_argument("--lang", action="append", help="only this language (repeatable)")
    args = parser.parse_args(argv)
    console = Console(highlight=False)
    site = load_site(args.config)
    site_dir = (args.site_dir or site.site_dir).resolve()
    out = (args.out or site_dir / zim.FOLDER).resolve()
    langs = args.lang or list(site.codes)
    unknown = sorted(set(langs) - set(site.codes))
    if unknown:
        console.print(f"[red]--lang {', '.join(unknown)}: not a site language "
                      f"(expected one of {', '.join(site.codes)})[/red]")
        return 2
    try:
        made = [zim.make_zim(site, site_dir, lang, out, clock.today()) for lang in langs]
    except LumbungError as exc:
        console.print(f"[red]{exc}[/red]")
        return 1
    for f in made:
        console.print(f"{f.path}  {f.size // 1024} KiB, {f.pages} pages, {f.entries} entries")
    if out == (site_dir / zim.FOLDER).resolve():
        filled = listing.fill_pages(site, zim.found(site, out), site_dir)
        console.print(f"Offline pages updated: {filled}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
