"""Benchmarks of Lumbung against what a project would otherwise use.

    python scripts/bench.py site [--resources 200,800,3200] [--stock-max 3200] [--timeout S]
                                 [--out FILE] [--seed 1] [--keep DIR]
    python scripts/bench.py search [--resources 200] [--repeat 3] [--out FILE] [--keep DIR]
    python scripts/bench.py newsletter [--feeds 100] [--hanging 10] [--deadline S] [--out FILE]
    python scripts/bench.py send [--subscribers 3200] [--out FILE]
    python scripts/bench.py list [--signups 1000] [--concurrency 20] [--seconds 30] [--out FILE]

`site` builds the same synthetic multilingual library twice in one run, with Lumbung's
configuration (its scripts/build.py when the repository has one) and with stock Material +
mkdocs-static-i18n + Material search, and compares build wall time, build peak memory (summed over
every process of the build), site size, page weight, what Chromium downloads for a cold page view
and a first search, and how long each preview server takes to show one edit. A build or preview
that outlives --timeout is reported as "did not finish"; stock is not built above --stock-max
(Lumbung alone at 10,000: --resources 10000 --stock-max 3200).

`search` builds one corpus with Lumbung, with Lumbung minus its search hook and with stock
Material, and reports what indexing adds to the build, the index size per language, and the
bytes of a first query in each of the eight languages.

`newsletter` serves generated partner feeds from a local server (some never answer) and times
Lumbung's fetch -> freeze against feedparser fetching each feed in turn, then renders every
edition. `send` sends an issue to generated subscribers through a local SMTP server, with
Lumbung's sending path and with a sender that opens a connection per message. `list` posts a
bounded load of sign-ups to the list service under uvicorn and to a naive sign-up handler, and
counts the confirmation mails at a local SMTP server. Each measures Lumbung and its baseline in
the same run and reports the ratio.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `import bench` finds the package next to lumbung/, not this script
from lumbung.errors import LumbungError  # noqa: E402

if TYPE_CHECKING:
    from bench.tables import Report


def _sizes(value: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers like 50,200,800, got '{value}'"
                                         ) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"expected positive numbers like 50,200, got '{value}'")
    return sizes


def _corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """What the benchmarks that build a synthetic corpus share."""
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="also write the results as Markdown to FILE")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep corpora, configurations, build logs and sites in DIR "
                             "(new or empty); default: a temporary folder, removed")
    parser.add_argument("--repo", type=Path, default=ROOT,
                        help="the Lumbung repository whose configuration is measured "
                             "(default: this one)")


def _site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--resources", type=_sizes, default=(200, 800, 3200), metavar="N,N,...",
                        help="corpus sizes in resources (default: 200,800,3200)")
    parser.add_argument("--stock-max", type=_positive_int, default=3200, metavar="N",
                        help="build and preview stock only up to N resources; larger sizes "
                             "report 'not run above N' (default: 3200)")
    parser.add_argument("--stock-preview-max", type=_positive_int, default=800, metavar="N",
                        help="time stock's preview only up to N resources (each edit rebuilds "
                             "every language; default: 800)")
    parser.add_argument("--previews", action=argparse.BooleanOptionalAction, default=True,
                        help="time the preview after one edit (default: yes)")
    parser.add_argument("--timeout", type=_timeout, default=1800.0, metavar="S",
                        help="seconds a build, a preview server's start or one preview edit may "
                             "take before it counts as 'did not finish' (default: 1800)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="build each configuration R times, alternating; the fastest "
                             "counts (default: 1)")
    parser.add_argument("--requests", action="store_true",
                        help="also print every request of every cold view")
    _corpus_arguments(parser)


def _run_site(args: argparse.Namespace) -> int:
    from rich.console import Console

    from bench.runner import Options, run_site
    from bench.sitereport import markdown, print_rich

    err = Console(stderr=True)
    options = Options(repo=args.repo.resolve(), sizes=args.resources, seed=args.seed,
                      keep=args.keep, repeat=args.repeat, timeout=args.timeout,
                      stock_max=args.stock_max, stock_preview_max=args.stock_preview_max,
                      previews=args.previews)
    report = run_site(options, progress=lambda line: err.print(f"bench: {line}", markup=False,
                                                               highlight=False))
    print_rich(report, Console(), requests=args.requests)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(markdown(report), encoding="utf-8")
        err.print(f"bench: wrote {args.out}", markup=False, highlight=False)
    return 0


def _whole(least: int, wording: str) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``least`` ("expected {wording}, got ...")."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got '{value}'") from None
        if number < least:
            raise argparse.ArgumentTypeError(f"expected {wording}, got {number}")
        return number

    return parse


_positive_int = _whole(1, "at least 1")
_count = _whole(0, "0 or more")


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds like 10 or 2.5, got '{value}'"
                                         ) from None
    if not 0 < number < 3600:
        raise argparse.ArgumentTypeError(f"expected more than 0 and less than 3600 seconds, "
                                         f"got {value}")
    return number


def _timeout(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds like 1800, got '{value}'") from None
    if not number > 0:
        raise argparse.ArgumentTypeError(f"expected more than 0 seconds, got {value}")
    return number


def _common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="also write the results as Markdown to FILE")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated feeds "
                        "(default: 1)")
    parser.add_argument("--repo", type=Path, default=ROOT,
                        help="the Lumbung repository whose site is copied (default: this one)")


def _newsletter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--feeds", type=_positive_int, default=100, metavar="N",
                        help="generated partner feeds (default: 100)")
    parser.add_argument("--hanging", type=_count, default=10, metavar="N",
                        help="how many of them accept the connection and never answer "
                             "(default: 10)")
    parser.add_argument("--deadline", type=_seconds, default=10.0, metavar="S",
                        help="per-feed deadline in seconds, Lumbung's and the baseline's socket "
                             "timeout (default: 10)")
    parser.add_argument("--hostile", action=argparse.BooleanOptionalAction, default=True,
                        help="make one answering feed a few MB of nested <div> (default: yes)")
    _common_arguments(parser)


def _send_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--subscribers", type=_positive_int, default=3200, metavar="N",
                        help="generated subscribers, one message each (default: 3200)")
    parser.add_argument("--feeds", type=_positive_int, default=100, metavar="N",
                        help="generated feeds the issue is built from (default: 100)")
    _common_arguments(parser)


def _finish(report: Report, args: argparse.Namespace) -> int:
    """Print a newsletter benchmark's report, write its Markdown; 1 if a check failed."""
    from rich.console import Console

    from bench.tables import markdown, print_rich

    err = Console(stderr=True)
    print_rich(report, Console())
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(markdown(report), encoding="utf-8")
        err.print(f"bench: wrote {args.out}", markup=False, highlight=False)
    for problem in report.problems:
        print(f"bench {args.command}: check failed: {problem}", file=sys.stderr)
    return 1 if report.problems else 0


def _progress() -> Callable[[str], None]:
    from rich.console import Console

    err = Console(stderr=True)
    return lambda line: err.print(f"bench: {line}", markup=False, highlight=False)


def _search_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--resources", type=_positive_int, default=200, metavar="N",
                        help="corpus size in resources (default: 200)")
    parser.add_argument("--repeat", type=_positive_int, default=3, metavar="R",
                        help="builds with and without search, alternating; the fastest of "
                             "each counts (default: 3)")
    _corpus_arguments(parser)


def _run_search(args: argparse.Namespace) -> int:
    from bench.search import Options, run_search

    options = Options(repo=args.repo.resolve(), resources=args.resources, seed=args.seed,
                      repeat=args.repeat, keep=args.keep)
    return _finish(run_search(options, _progress()), args)


def _run_newsletter(args: argparse.Namespace) -> int:
    from bench.newsletter import Options, run_newsletter

    options = Options(repo=args.repo.resolve(), feeds=args.feeds, hanging=args.hanging,
                      deadline=args.deadline, seed=args.seed, hostile=args.hostile)
    return _finish(run_newsletter(options, _progress()), args)


def _run_send(args: argparse.Namespace) -> int:
    from bench.send import Options, run_send

    options = Options(repo=args.repo.resolve(), subscribers=args.subscribers, feeds=args.feeds,
                      seed=args.seed)
    return _finish(run_send(options, _progress()), args)


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--signups", type=_positive_int, default=1000, metavar="N",
                        help="sign-ups to post to each server, at most (default: 1000)")
    parser.add_argument("--concurrency", type=_positive_int, default=20, metavar="C",
                        help="sign-ups in flight at once (default: 20)")
    parser.add_argument("--seconds", type=_seconds, default=30.0, metavar="S",
                        help="stop the load after S seconds if N sign-ups take longer "
                             "(default: 30)")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="also write the results as Markdown to FILE")
    parser.add_argument("--repo", type=Path, default=ROOT,
                        help="the Lumbung repository whose settings the service reads "
                             "(default: this one)")


def _run_list(args: argparse.Namespace) -> int:
    from bench.listbench import Options, run_list

    options = Options(repo=args.repo.resolve(), signups=args.signups,
                      concurrency=args.concurrency, seconds=args.seconds)
    return _finish(run_list(options, _progress()), args)


@dataclass(frozen=True)
class Command:
    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None


# Add a benchmark here: a name, a one-line help, what it does, and its own options.
COMMANDS: dict[str, Command] = {
    "site": Command("build and preview corpora of several sizes with Lumbung and with stock "
                    "Material, compare them",
                    _run_site, _site_arguments),
    "search": Command("what search costs a build and a reader's first query, in every "
                      "language, against stock Material search",
                      _run_search, _search_arguments),
    "newsletter": Command("fetch -> freeze generated feeds (some hanging) with Lumbung and "
                          "with sequential feedparser, then render every edition",
                          _run_newsletter, _newsletter_arguments),
    "send": Command("send an issue to generated subscribers through a local SMTP server, "
                    "with Lumbung and with a connection per message",
                    _run_send, _send_arguments),
    "list": Command("post a bounded load of sign-ups to the list service and to a naive "
                    "sign-up handler on loopback; count confirmation mails at a local SMTP server",
                    _run_list, _list_arguments),
}


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="bench.py", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        command.arguments(sub.add_parser(name, help=command.help, description=command.help))
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
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
