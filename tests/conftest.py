"""Shared fixtures: temporary copies of the site, real builds, a local server, headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.chromium import CHROMIUM, launch
from bench.webserver import CompressingServer

ROOT = Path(__file__).resolve().parent.parent
SITE_PARTS = ("docs", "overrides", "hooks", "newsletters", "scripts", "mkdocs.yml")


def copy_site(dest: Path) -> Path:
    """Copy what a build needs (content, templates, hooks, config) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


@dataclass
class Build:
    root: Path
    result: subprocess.CompletedProcess

    @property
    def ok(self) -> bool:
        return self.result.returncode == 0

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr

    @property
    def site(self) -> Path:
        return self.root / "site"

    def html(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


# One PDF cache for every test build (files are named by content): each copy of the site
# would otherwise render all its PDFs again. Offline tests that count renders use their own.
SHARED_PDF_CACHE = Path(tempfile.gettempdir()) / f"lumbung-test-pdf-cache-{os.getuid()}"


def run_build(root: Path, *extra: str, shared_pdf_cache: bool = True,
              env: dict[str, str] | None = None) -> Build:
    """Run ``mkdocs build --strict`` in a subprocess, as an editor or CI would (``env``: more
    environment variables for it)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
           **(env or {})}
    if shared_pdf_cache:
        env["LUMBUNG_PDF_CACHE"] = str(SHARED_PDF_CACHE)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=root, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    return Build(root, result)


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the site for one test."""
    return copy_site(tmp_path / "site-copy")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One strict build of an untouched copy, shared by every test that only reads output."""
    build = run_build(copy_site(tmp_path_factory.mktemp("built") / "site-copy"))
    assert build.ok, build.output
    return build


@pytest.fixture(scope="session")
def served_site(built_site: Build) -> Iterator[CompressingServer]:
    with CompressingServer(built_site.site) as server:
        yield server


@dataclass
class RequestLog:
    urls: list[str] = field(default_factory=list)

    def foreign(self, origin: str) -> list[str]:
        """Requests to anywhere but ``origin`` (data: and blob: URLs are local)."""
        return [u for u in self.urls
                if not u.startswith((origin, "data:", "blob:", "about:"))]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one test module. (Module scope, not session: Playwright's sync API
    keeps an event loop running in this thread while it is open, which would break code under
    test that calls asyncio.run, like the newsletter fetcher.)"""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; .ci/run installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        yield browser
        browser.close()


@pytest.fixture
def page_with_log(browser):
    """A fresh browser page plus a log of every request it makes."""
    context = browser.new_context()
    page = context.new_page()
    log = RequestLog()
    page.on("request", lambda request: log.urls.append(request.url))
    yield page, log
    context.close()
