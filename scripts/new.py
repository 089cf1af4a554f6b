"""Create a new page with every field filled in and explained.

    make new-resource NAME=ethical-storytelling-guide
    make new-webinar NAME=covid-19-response-2021
    python3 scripts/new.py resource ethical-storytelling-guide   (Windows: py scripts\\new.py ...)
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import _venv

_venv.ensure()

from lumbung.checks import report  # noqa: E402
from lumbung.checks.run import guide_url  # noqa: E402
from lumbung.config import load_site  # noqa: E402
from lumbung.content.messages import LANGUAGES  # noqa: E402
from lumbung.content.scaffold import CREATABLE, create  # noqa: E402
from lumbung.content.vocabulary import load_topics  # noqa: E402
from lumbung.errors import ContentError, LumbungError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=[str(kind) for kind in CREATABLE], help="what to create")
    parser.add_argument("slug", help="file name without .md: lowercase words joined by hyphens")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="the language of messages (default: $LUMBUNG_EDITOR_LANG or English)")
    args = parser.parse_args(argv)
    site = load_site(args.config)
    try:
        topics = load_topics(site.docs_dir, site.codes).topics
        path = create(site.docs_dir, args.kind, args.slug, next(iter(topics)), date.today())
    except ContentError as exc:
        for problem in exc.problems:
            print(report.line(problem, guide_url(site), args.lang), file=sys.stderr)
        return 1
    except LumbungError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"created {path.relative_to(site.root)}: fill in the fields and the text, then run "
          "make check (or python3 scripts/check.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
