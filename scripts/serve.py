"""Preview the site while editing: builds it once (a process per language, as `make build`), serves
it on this computer, and after each save rebuilds only the saved page in its language and the
pages that list it, then reloads the browser.

    python3 scripts/serve.py                          # http://127.0.0.1:8000/
    python3 scripts/serve.py --dev-addr 127.0.0.1:8001

Set LUMBUNG_PDF=0 to skip the pages' PDFs (as `make serve` does). A new, removed or renamed file,
or a change to the templates or mkdocs.yml, rebuilds the whole site.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import _venv

_venv.ensure()

from mkdocs.livereload import LiveReloadServer  # noqa: E402

from lumbung.builder.preview import Preview  # noqa: E402
from lumbung.checks import report  # noqa: E402
from lumbung.checks.run import guide_url  # noqa: E402
from lumbung.errors import ContentError, LumbungError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT like 127.0.0.1:8000, got '{value}'")
    return host, int(port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's mkdocs.yml (default: the repository's)")
    parser.add_argument("-a", "--dev-addr", type=_address, default=("127.0.0.1", 8000),
                        metavar="HOST:PORT", help="where to serve (default: 127.0.0.1:8000)")
    parser.add_argument("--jobs", type=int, default=0,
                        help="languages built at once by a full build (default: one per core)")
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(message)s", level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)

    def say(line: str) -> None:
        print(f"serve: {line}", file=sys.stderr, flush=True)

    preview = Preview(args.config_file, args.jobs, say)
    guide = guide_url(preview.site)

    def problems(found: tuple[object, ...] | list[object]) -> None:
        for problem in found:
            print(report.line(problem, guide), file=sys.stderr)  # type: ignore[arg-type]

    try:
        preview.build_all()
    except ContentError as exc:
        problems(exc.problems)
        say("fix the problems listed above, then run this again")
        return 1
    except LumbungError as exc:
        say(f"stopped: {exc}")
        return 1

    def rebuild() -> None:
        try:
            outcome = preview.refresh()
        except ContentError as exc:
            problems(exc.problems)
            return
        except LumbungError as exc:
            say(f"not rebuilt: {exc}")
            return
        problems(outcome.problems)
        if outcome.full:
            say(f"rebuilt the whole site in {outcome.seconds:.1f} s")
        for done in outcome.rebuilt:
            say(f"rebuilt {len(done.pages)} page(s) in {done.lang} in {done.seconds:.2f} s")

    site = preview.site
    host, port = args.dev_addr
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site.site_dir),
                              polling_interval=0.2)
    for path in (site.docs_dir, site.root / "overrides", site.root / "mkdocs.yml"):
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        say("stopped")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
