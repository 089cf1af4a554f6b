"""Benchmarks of Lumbung against what a project would otherwise use.

    python scripts/bench.py site --resources 50,200,800 [--out FILE] [--seed 1] [--keep DIR]

`site` builds the same synthetic multilingual library twice in one run, with Lumbung's
configuration and with stock Material + mkdocs-static-i18n + Material search, and compares build
time, memory, site size, page weight and what Chromium downloads for a cold page view and a first
search. `newsletter` and `send` are reserved for the newsletter pipeline.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lumbung.errors import LumbungError

ROOT = Path(__file__).resolve().parent.parent


def _sizes(value: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers like 50,200,800, got '{value}'"
                                         ) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"expected positive numbers like 50,200, got '{value}'")
    return sizes


def _site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--resources", type=_sizes, default=(50, 200, 800), metavar="N,N,...",
                        help="corpus sizes in resources (default: 50,200,800)")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="also write the results as Markdown to FILE")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep corpora, configurations, build logs and sites in DIR "
                             "(new or empty); default: a temporary folder, removed")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="build each configuration R times, alternating; the fastest "
                             "counts (default: 1)")
    parser.add_argument("--requests", action="store_true",
                        help="also print every request of every cold view")
    parser.add_argument("--repo", type=Path, default=ROOT,
                        help="the Lumbung repository whose configuration is measured "
                             "(default: this one)")


def _run_site(args: argparse.Namespace) -> int:
    from rich.console import Console

    from lumbung.bench.report import markdown, print_rich
    from lumbung.bench.runner import Options, run_site

    err = Console(stderr=True)
    options = Options(repo=args.repo.resolve(), sizes=args.resources, seed=args.seed,
                      keep=args.keep, repeat=args.repeat)
    report = run_site(options, progress=lambda line: err.print(f"bench: {line}", markup=False,
                                                               highlight=False))
    print_rich(report, Console(), requests=args.requests)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(markdown(report), encoding="utf-8")
        err.print(f"bench: wrote {args.out}", markup=False, highlight=False)
    return 0


def _not_implemented(args: argparse.Namespace) -> int:
    print(f"bench {args.command}: not implemented yet: needs the newsletter pipeline",
          file=sys.stderr)
    return 2


@dataclass(frozen=True)
class Command:
    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    any_arguments: bool = False  # placeholders accept whatever the future command will take


# Add a benchmark here: a name, a one-line help, what it does, and its own options.
COMMANDS: dict[str, Command] = {
    "site": Command("build one corpus with Lumbung and with stock Material, compare them",
                    _run_site, _site_arguments),
    "newsletter": Command("(not implemented yet) render the weekly newsletter editions",
                          _not_implemented, any_arguments=True),
    "send": Command("(not implemented yet) send a newsletter issue to a local SMTP server",
                    _not_implemented, any_arguments=True),
}


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="bench.py", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        command.arguments(sub.add_parser(name, help=command.help, description=command.help))
    return main


def main(argv: list[str] | None = None) -> int:
    cli = parser()
    args, extra = cli.parse_known_args(argv)
    if extra and not COMMANDS[args.command].any_arguments:
        cli.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return COMMANDS[args.command].run(args)
    except LumbungError as exc:
        print(f"bench {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"bench {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
