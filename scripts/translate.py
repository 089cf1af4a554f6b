"""Translations: start one, record a review, or print the status table.

    make translate-start PAGE=docs/resources/ethical-storytelling-initiative.md TO=km
    make translate-reviewed PAGE=docs/resources/ethical-storytelling-initiative.md TO=km
    make translate-status [TO=km]
    python3 scripts/translate.py start docs/resources/ethical-storytelling-initiative.md km
                                             (Windows: py scripts\\translate.py ...)
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
from lumbung.content import translating  # noqa: E402
from lumbung.content.library import Library, build_library  # noqa: E402
from lumbung.content.messages import LANGUAGES  # noqa: E402
from lumbung.errors import ContentError, LumbungError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    parser.add_argument("--lang", choices=LANGUAGES, dest="editor_lang",
                        help="(before the command) the language of messages (default: "
                             "$LUMBUNG_EDITOR_LANG, else the file's own language, else English)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("start", "create PAGE.LANG.md as a draft of the English PAGE"),
                       ("reviewed", "record that a native speaker reviewed PAGE in LANG")):
        command = sub.add_parser(name, help=text)
        command.add_argument("page", help="the English page, e.g. docs/resources/slug.md")
        command.add_argument("lang", help="a language code, e.g. km")
    status = sub.add_parser("status", help="print every page's translation status")
    status.add_argument("--lang", help="only this language")
    args = parser.parse_args(argv)

    site = load_site(args.config)
    try:
        library = build_library(site.docs_dir, site.codes, site.default)
        if args.command == "start":
            path = translating.start(library, site.docs_dir, args.page, args.lang)
            print(f"created {path.relative_to(site.root)}: translate it, then open a pull request")
        elif args.command == "reviewed":
            path = translating.reviewed(library, site.docs_dir, args.page, args.lang, date.today())
            print(f"recorded the review in {path.relative_to(site.root)}")
        else:
            langs = [args.lang] if args.lang else list(site.codes[1:])
            for line in status_lines(library, langs):
                print(line)
    except ContentError as exc:
        for problem in exc.problems:
            print(report.line(problem, guide_url(site), args.editor_lang), file=sys.stderr)
        return 1
    except LumbungError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def status_lines(library: Library, langs: list[str]) -> list[str]:
    lines = [f"{'page':60} " + " ".join(f"{lang:9}" for lang in langs)]
    for original in library.originals():
        states = [translating.status(library, original, lang).state for lang in langs]
        lines.append(f"{original.src_uri:60} " + " ".join(f"{s:9}" for s in states))
    return lines


if __name__ == "__main__":
    sys.exit(main())
