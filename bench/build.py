"""Run a site build in a child process and measure it; then measure what it wrote.

Lumbung's configurations build with the measured repository's ``scripts/build.py`` (one process
per language, then a merge) when it has one, else with ``mkdocs build``; the stock configuration
always builds with ``mkdocs build``. Wall time is taken around the child's whole life
(interpreter start included, as an editor waits for it). Peak memory is the largest sum of the
proportional set sizes of the child and all its descendants, sampled every 20 ms
(:mod:`bench.memory`), the same way for both configurations. A build that outlives its timeout
is killed with its whole process group and raises :class:`BuildTimedOut`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.configs import STOCK
from bench.memory import TreeSampler
from bench.webserver import gzip_bytes
from lumbung.errors import LumbungError

LOG_TAIL = 25
# No PDFs or ZIM files: the stock configuration makes none, and they are cached by content
# across builds (tests/test_offline_pdf.py measures them on their own).
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "LUMBUNG_PDF": "0",
             "LUMBUNG_ZIM": "0"}


class BuildFailed(LumbungError):
    """A build exited non-zero; the message names the log and ends with its last lines."""


class BuildTimedOut(BuildFailed):
    """A build was still running after its timeout and was killed."""

    def __init__(self, message: str, timeout: float) -> None:
        super().__init__(message)
        self.timeout = timeout


@dataclass(frozen=True)
class BuildStats:
    seconds: float
    peak_rss: int  # bytes: the largest summed RSS of the build's whole process tree
    log: Path
    top_rss: int = 0  # bytes: wait4's ru_maxrss of the top process, a cross-check


@dataclass(frozen=True)
class SiteStats:
    bytes: int  # sum of file sizes
    files: int
    pages: int  # HTML files
    resource_pages: int  # resource pages in every language, fallbacks included
    resource_html: float  # mean bytes of a resource page
    resource_html_gzip: float  # the same, gzip-compressed as the server sends it


def tail(path: Path, lines: int = LOG_TAIL) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(no log)"
    return "\n".join(text.rstrip().splitlines()[-lines:])


def child_env() -> dict[str, str]:
    return {**os.environ, **BUILD_ENV}


def build_command(name: str, config_file: Path, repo: Path | None = None) -> list[str]:
    """How configuration ``name`` is built: Lumbung's own build script if ``repo`` has one."""
    script = repo / "scripts" / "build.py" if repo is not None else None
    if name != STOCK and script is not None and script.is_file():
        return [sys.executable, str(script), "-f", str(config_file)]
    return [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config_file)]


def kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    """Signal the process group led by ``pid`` (started with ``start_new_session``), if any."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def run_build(name: str, config_file: Path, timeout: float = 1800.0, *,
              repo: Path | None = None, command: list[str] | None = None) -> BuildStats:
    """Build one configuration; raise :class:`BuildFailed` with the log's tail on failure.

    ``command`` replaces :func:`build_command`'s (the tests time a stand-in with it).
    """
    root = config_file.parent
    log = root / "build.log"
    argv = command if command is not None else build_command(name, config_file, repo)
    expired = threading.Event()
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=root, env=child_env(), stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)

        def expire() -> None:
            expired.set()
            kill_group(proc.pid)

        timer = threading.Timer(timeout, expire)
        sampler = TreeSampler(proc.pid).start()
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            kill_group(proc.pid)
            proc.wait()
            raise
        finally:
            timer.cancel()
            peak = sampler.stop()
        seconds = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if expired.is_set():
        raise BuildTimedOut(f"{name} build did not finish in {timeout:g} s; last lines of "
                            f"{log}:\n{tail(log)}", timeout)
    if code != 0:
        why = f"killed by signal {-code}" if code < 0 else f"exit {code}"
        raise BuildFailed(f"{name} build failed ({why}); last lines of {log}:\n{tail(log)}")
    return BuildStats(seconds, peak, log, usage.ru_maxrss * 1024)  # Linux reports KiB


def _is_resource_page(rel: Path, slugs: frozenset[str]) -> bool:
    if rel.name == "index.html":
        return rel.parent.name in slugs and "resources" in rel.parts
    return rel.suffix == ".html" and rel.stem in slugs and "resources" in rel.parts


def site_stats(site_dir: Path, slugs: tuple[str, ...]) -> SiteStats:
    """Size of everything published, and the mean size of a resource page (all languages)."""
    wanted = frozenset(slugs)
    total = files = pages = 0
    raw_sizes: list[int] = []
    gzip_sizes: list[int] = []
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        files += 1
        if path.suffix == ".html":
            pages += 1
            if _is_resource_page(path.relative_to(site_dir), wanted):
                data = path.read_bytes()
                raw_sizes.append(len(data))
                gzip_sizes.append(len(gzip_bytes(data)))
    if not raw_sizes:
        raise LumbungError(f"{site_dir}: no resource pages found (looked for */resources/SLUG/)")
    return SiteStats(total, files, pages, len(raw_sizes), statistics.fmean(raw_sizes),
                     statistics.fmean(gzip_sizes))


def page_path(site_dir: Path, slug: str, lang: str, languages: tuple[str, ...]) -> str:
    """The site-root URL path of a resource page in one language, as the build wrote it."""
    default = languages[0]
    others = set(languages[1:])
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if not _is_resource_page(rel, frozenset({slug})):
            continue
        first = rel.parts[0]
        if (lang == default and first not in others) or (lang != default and first == lang):
            url = rel.as_posix()
            return "/" + (url[: -len("index.html")] if rel.name == "index.html" else url)
    raise LumbungError(f"{site_dir}: no page for resource '{slug}' in language '{lang}'")
