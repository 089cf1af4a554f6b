"""Run ``mkdocs build`` in a child process and measure it; then measure what it wrote.

Wall time is taken around the child's whole life (interpreter start included, as an editor
waits for it). Peak memory is the child's own maximum resident set size, read with ``wait4`` for
that one process, so earlier builds cannot leak into it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.webserver import gzip_bytes
from lumbung.errors import LumbungError

LOG_TAIL = 25


class BuildFailed(LumbungError):
    """A build exited non-zero; the message names the log and ends with its last lines."""


@dataclass(frozen=True)
class BuildStats:
    seconds: float
    peak_rss: int  # bytes
    log: Path


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


def run_build(name: str, config_file: Path, timeout: float = 3600.0) -> BuildStats:
    """Build one configuration; raise :class:`BuildFailed` with the log's tail on failure."""
    root = config_file.parent
    log = root / "build.log"
    # No PDFs or ZIM files: the stock configuration makes none, and they are cached by content
    # across builds (tests/test_offline_pdf.py measures them on their own).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "LUMBUNG_PDF": "0", "LUMBUNG_ZIM": "0"}
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config_file)]
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=root, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0:
        why = f"killed after {timeout:.0f} s" if code < 0 else f"exit {code}"
        raise BuildFailed(f"{name} build failed ({why}); last lines of {log}:\n{tail(log)}")
    return BuildStats(seconds, usage.ru_maxrss * 1024, log)  # Linux reports KiB


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
