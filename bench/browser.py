"""What a reader's browser downloads: a cold view of a page, then a first search query.

Bytes are counted by :class:`~bench.webserver.CompressingServer` as they leave it (status line,
headers and the possibly compressed body of every response), so requests made by workers and
scripts count too, exactly as they would on the wire. Requests to any other host are blocked and
listed; nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from bench.webserver import CompressingServer, Served

SEARCH_REQUEST = re.compile(r"search|lunr|pagefind|\.pf_[a-z]+|wordcut|tinyseg", re.IGNORECASE)
# Search boxes the benchmark knows, most specific first, and what opens a collapsed one.
SEARCH_INPUTS = (".pagefind-ui__search-input", "input.md-search__input", "input[type=search]",
                 "[role=search] input", "input[name=q]")
SEARCH_OPENERS = ('label[for="__search"]', "button[aria-label*=earch i]")
# Status lines of known search UIs: they say "initialising" at first and change once ready.
SEARCH_STATUS = (".md-search-result__meta",)
QUIET = 0.8  # seconds without a request that mean "done loading"
LOAD_TIMEOUT = 60_000  # ms
# Counts changes to the document outside the search box itself; calling it again resets the count.
WATCH_DOM = """() => {
  window.__lbMutations = 0;
  if (window.__lbObserver) return;
  window.__lbObserver = new MutationObserver((records) => {
    const box = document.activeElement;
    for (const r of records) if (!(box && box.contains(r.target))) window.__lbMutations += 1;
  });
  window.__lbObserver.observe(document.body, {subtree: true, childList: true,
                                             characterData: true});
}"""
MUTATIONS = "() => window.__lbMutations"


def is_search_request(path: str) -> bool:
    return bool(SEARCH_REQUEST.search(path.split("?")[0]))


@dataclass(frozen=True)
class Query:
    term: str
    requests: tuple[Served, ...]
    responded: bool  # the page reacted to typing the term (new requests or a changed document)
    box_works: bool  # the box reacts to some query (the term, or an English probe after it)
    reason: str = ""  # what went wrong, when the term got no reaction

    @property
    def bytes(self) -> int | None:
        """Bytes the first query fetched; None when there is no search box that works."""
        return sum(r.wire_bytes for r in self.requests) if self.box_works else None


@dataclass(frozen=True)
class View:
    lang: str
    path: str
    requests: tuple[Served, ...]
    blocked: tuple[str, ...]  # requests to other hosts, refused
    query: Query

    @property
    def bytes(self) -> int:
        return sum(r.wire_bytes for r in self.requests)

    @property
    def search_bytes(self) -> int:
        return sum(r.wire_bytes for r in self.requests if is_search_request(r.path))


def _search_box(page: Any) -> Any | None:
    for selector in SEARCH_INPUTS:
        box = page.locator(selector).first
        if box.count() and box.is_visible():
            return box
    for selector in SEARCH_OPENERS:
        opener = page.locator(selector).first
        if opener.count() and opener.is_visible():
            opener.click()
            page.wait_for_timeout(300)
            for name in SEARCH_INPUTS:
                box = page.locator(name).first
                if box.count() and box.is_visible():
                    return box
    return None


def _settle(page: Any, server: CompressingServer) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # a page that never idles is still measured
        page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT)
    server.wait_quiet(QUIET, timeout=LOAD_TIMEOUT / 1000)


def _dom_quiet(page: Any, quiet: float = QUIET, timeout: float = 20.0) -> None:
    """Wait until the document stops changing (a search box may still be initialising)."""
    page.evaluate(WATCH_DOM)
    seen, still, waited = 0, 0.0, 0.0
    while still < quiet and waited < timeout:
        page.wait_for_timeout(200)
        waited += 0.2
        count = int(page.evaluate(MUTATIONS))
        still = still + 0.2 if count == seen else 0.0
        seen = count


def _type(page: Any, server: CompressingServer, term: str) -> tuple[int, int]:
    """Type ``term`` into the focused box, once the page is still.

    Returns how many requests the server had logged before the first key (anything that
    focusing the box fetched) and how many document changes the typing caused.
    """
    _settle(page, server)
    _dom_quiet(page)
    before = len(server.requests())
    page.evaluate(WATCH_DOM)
    page.keyboard.type(term, delay=60)
    page.wait_for_timeout(500)
    _settle(page, server)
    return before, int(page.evaluate(MUTATIONS))


def _statuses(page: Any) -> dict[str, str]:
    found = {}
    for selector in SEARCH_STATUS:
        status = page.locator(selector).first
        if status.count():
            found[selector] = status.text_content() or ""
    return found


def _wait_ready(page: Any, statuses: dict[str, str]) -> None:
    """Wait (bounded) until each known status line has moved on from its text at page load."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for selector, initial in statuses.items():
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function("([s, t]) => document.querySelector(s).textContent !== t",
                                   arg=[selector, initial], timeout=LOAD_TIMEOUT / 2)


def _first_query(page: Any, server: CompressingServer, term: str, probe: str,
                 statuses: dict[str, str]) -> Query:
    """Everything fetched from the moment the reader reaches for the search box.

    ``statuses``: the search status lines as the page first showed them (see ``SEARCH_STATUS``).
    """
    server.reset_log()
    box = _search_box(page)
    if box is None:
        return Query(term, (), False, False, "the page has no search box")
    box.click()
    _wait_ready(page, statuses)
    before, changes = _type(page, server, term)
    requests = tuple(server.requests())
    if len(requests) > before or changes:
        return Query(term, requests, True, True)
    if probe and probe != term:  # is the box dead, or deaf to this language?
        box.fill("")
        box.click()
        server.reset_log()
        more_before, more_changes = _type(page, server, probe)
        if len(server.requests()) > more_before or more_changes:
            return Query(term, requests, False, True,
                         f"no reaction to '{term}' (the box does answer '{probe}')")
    return Query(term, (), False, False, f"the search box does not react to typing '{term}'")


def cold_view(browser: Any, server: CompressingServer, path: str, lang: str, term: str,
              probe: str = "") -> View:
    """Open ``path`` in a fresh browser profile (empty cache), then type ``term`` to search.

    When the box ignores ``term``, ``probe`` (an English word) tells a dead box from one that
    cannot handle the language.
    """
    blocked: list[str] = []

    def route(handler: Any) -> None:
        url = handler.request.url
        if url.startswith(server.origin) or url.startswith(("data:", "blob:")):
            handler.continue_()
        else:
            blocked.append(url)
            handler.abort()

    context = browser.new_context(service_workers="block")
    try:
        context.route("**/*", route)
        page = context.new_page()
        server.reset_log()
        page.goto(server.url(path), wait_until="load", timeout=LOAD_TIMEOUT)
        statuses = _statuses(page)
        _settle(page, server)
        requests = tuple(server.requests())
        query = _first_query(page, server, term, probe, statuses)
    finally:
        context.close()
    return View(lang, path, requests, tuple(blocked), query)
