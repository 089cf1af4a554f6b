"""Make the pull request's preview: a copy of the built site that opens and navigates from an
unzipped folder (links to folders name their index.html), with a README-first index.html at the
top and a note on every page that search needs a server.

    make build && python3 scripts/preview.py site preview    # then zip or upload preview/
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import _venv

_venv.ensure()

from lumbung.checks.preview import make_preview  # noqa: E402
from lumbung.config import load_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site (mkdocs build's site_dir)")
    parser.add_argument("out", type=Path, help="the preview folder to write (replaced)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html; build the site first (make build)", file=sys.stderr)
        return 1
    count = make_preview(args.site, args.out, load_site(args.config).site_name)
    print(f"preview in {args.out}/: open index.html ({count} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
