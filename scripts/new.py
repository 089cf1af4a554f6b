"""Create a new page with every field filled in and explained.

    python scripts/new.py resource ethical-storytelling-guide
    python scripts/new.py webinar covid-19-response-2021
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from lumbung.config import load_site
from lumbung.content.scaffold import CREATABLE, create
from lumbung.content.vocabulary import load_topics
from lumbung.errors import LumbungError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=[str(kind) for kind in CREATABLE], help="what to create")
    parser.add_argument("slug", help="file name without .md: lowercase words joined by hyphens")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    args = parser.parse_args(argv)
    site = load_site(args.config)
    try:
        topics = load_topics(site.docs_dir, site.codes).topics
        path = create(site.docs_dir, args.kind, args.slug, next(iter(topics)), date.today())
    except LumbungError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"created {path.relative_to(site.root)}: fill in the fields and the text, then run "
          "python scripts/check.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
