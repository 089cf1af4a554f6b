"""Headless Chromium, the one way the benchmarks, the page-weight budget and the tests start it:
Debian's browser at /usr/bin/chromium through Playwright (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lumbung.errors import LumbungError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # no lookups of other hosts
)


def launch(playwright: Any) -> Any:
    """A headless Chromium browser from a started Playwright (``sync_playwright()``)."""
    if not CHROMIUM.exists():
        raise LumbungError(f"{CHROMIUM} is missing; install Debian's chromium package")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS),
                                      headless=True)


@contextmanager
def chromium() -> Iterator[Any]:
    """Playwright and a headless Chromium for the duration of the ``with`` block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            yield browser
        finally:
            browser.close()
