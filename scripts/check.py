"""Check every page: front matter, links and anchors in every language, images and alt text,
attachment sizes, Zawgyi, translation records, topic ids. Repairs what it safely can, says so,
and still exits non-zero so the repair is reviewed.

    python scripts/check.py            # check and repair
    python scripts/check.py --no-fix   # only report
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lumbung.checks.run import guide_url, run
from lumbung.config import load_site

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    parser.add_argument("--no-fix", action="store_true", help="report only; change no file")
    args = parser.parse_args(argv)
    site = load_site(args.config)
    report = run(site, repair=not args.no_fix)
    for line in report.lines(guide_url(site)):
        print(line)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
