"""Build the site: every language in its own process, as many at once as there are cores, then
the search bundle, sitemap and (if switched on) ZIM files of all languages, once.

    python3 scripts/build.py                    # the whole site into site/
    python3 scripts/build.py --jobs 1           # one language at a time (least memory)
    python3 scripts/build.py --languages km,th --parts-only   # a CI job's share
    python3 scripts/build.py --merge-only       # the CI job that puts the shares together
    python3 scripts/build.py --shares 3         # print the languages of 3 CI jobs, as JSON

The content is read and checked once before any language starts; a problem stops the build with
every problem listed (as python3 scripts/check.py --no-fix lists them). `mkdocs build` still
builds the same site in one process.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import _venv

_venv.ensure()

# Only what the driver needs: it hands the languages to processes of their own, and its memory
# adds to theirs (lumbung.builder.tasks imports the rest in those processes).
from lumbung.builder.parallel import Options, build_site, ci_jobs, shares  # noqa: E402
from lumbung.config import load_site  # noqa: E402
from lumbung.errors import ContentError, LumbungError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _languages(value: str) -> tuple[str, ...]:
    codes = tuple(part.strip() for part in value.split(",") if part.strip())
    if not codes:
        raise argparse.ArgumentTypeError(f"expected language codes like km,th, got '{value}'")
    return codes


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got '{value}'")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    parser.add_argument("--jobs", type=_jobs, default=0,
                        help="languages built at once (default: one per core)")
    parser.add_argument("--languages", type=_languages, default=(),
                        help="build only these languages, comma-separated (default: all)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--parts-only", action="store_true",
                      help="leave what spans the languages as parts in the site folder, for "
                           "--merge-only (a CI job's share of the languages)")
    what.add_argument("--merge-only", action="store_true",
                      help="build nothing: merge the parts every language left in the site folder")
    what.add_argument("--shares", type=_jobs, nargs="?", const=0, metavar="N",
                      help="build nothing: print the site's languages split into N shares (no N: "
                           "mkdocs.yml's extra: build: ci_jobs, else 1), as a JSON list for a CI "
                           "matrix (each item: codes for --languages)")
    args = parser.parse_args(argv)

    def say(line: str) -> None:
        print(f"build: {line}", file=sys.stderr, flush=True)

    try:
        if args.shares is not None:
            site = load_site(args.config_file.resolve())
            count = args.shares or ci_jobs(site)
            print(json.dumps([",".join(share) for share in shares(site.codes, count)]))
            return 0
        if args.merge_only:
            from lumbung.builder.merge import merge

            merged = merge(load_site(args.config_file.resolve()))
            say(merged.search)
            return 0
        if args.languages and not args.parts_only:
            parser.error("--languages builds a share of the site: add --parts-only "
                         "(and merge the shares with --merge-only)")
        built = build_site(Options(args.config_file, args.languages, args.jobs,
                                   merge=not args.parts_only), say)
    except ContentError as exc:
        from lumbung.checks import report
        from lumbung.checks.run import guide_url

        site = load_site(args.config_file.resolve())
        guide = guide_url(site)
        for problem in exc.problems:
            print(report.line(problem, guide), file=sys.stderr)
        count = len(exc.problems)
        say(f"stopped: {count} content problem{'s' if count != 1 else ''} listed above "
            "(the same list as python3 scripts/check.py --no-fix)")
        return 1
    except LumbungError as exc:
        say(f"stopped: {exc}")
        return 1
    say(f"{len(built.languages)} language{'s' if len(built.languages) != 1 else ''} built in "
        f"{built.seconds:.1f} s ({built.jobs} at a time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
