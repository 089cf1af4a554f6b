"""Check every page: front matter, links and anchors in every language, images and alt text,
attachment sizes, Zawgyi, unfinished pages, translation records, topic ids. Lists every problem
at once, one line each (file:line: field: what is expected, and a link to the guide). Repairs what
it safely can, says so, and still exits non-zero so the repair is reviewed.

    python3 scripts/check.py              # check and repair     (Windows: py scripts\\check.py)
    python3 scripts/check.py --no-fix     # only report
    python3 scripts/check.py --lang km    # messages in Khmer (or set LUMBUNG_EDITOR_LANG=km)
    python3 scripts/check.py --github     # also annotate a pull request (automatic on GitHub)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import _venv

_venv.ensure()

from lumbung.checks import report  # noqa: E402
from lumbung.checks.run import guide_url, run  # noqa: E402
from lumbung.config import load_site  # noqa: E402
from lumbung.content.messages import LANGUAGES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    parser.add_argument("--no-fix", action="store_true", help="report only; change no file")
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="the language of the messages (default: $LUMBUNG_EDITOR_LANG, "
                             "else each file's own language, else English)")
    parser.add_argument("--github", action="store_true",
                        help="also write GitHub annotations and a job summary (the default "
                             "when GITHUB_ACTIONS=true)")
    args = parser.parse_args(argv)
    site = load_site(args.config)
    result = run(site, repair=not args.no_fix)
    guide = guide_url(site)
    for line in result.lines(guide, args.lang):
        print(line)
    if args.github or os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in result.problems:
            print(report.github_annotation(problem, guide, args.lang))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as out:
                out.write(report.github_summary(result.problems, result.fixed, guide, args.lang)
                          + "\n")
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
