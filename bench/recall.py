"""Whether the search box finds pages by words from their middle, and how fast it answers.

For each language, words are taken from the middle of sentences of the corpus's resource pages
in it, the same way every run: words on at most two pages of that language (else runs of two or
three words that are), those that begin longer words on the most other pages first (the hard
case), in turn from each page. Each is
typed into the real box of a resource page at a phone's size, as a reader would; the page is
found when it is among the first five results, the ones a phone shows without scrolling.
"""

from __future__ import annotations

import statistics
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icu

from bench import build
from bench.webserver import CompressingServer
from lumbung.content.library import build_library
from lumbung.content.scripts import SCRIPTS
from lumbung.search.text import PlainText, words

TOP = 5
PER_LANGUAGE = 10
PHONE = {"width": 360, "height": 740}
UNSPACED = frozenset(SCRIPTS)  # written without spaces between words
SHOWN = "q => document.getElementById('lb-search').dataset.shown === q"


@dataclass(frozen=True)
class Recall:
    lang: str
    words: int
    found: int
    first_ms: float  # a fresh page: from focusing the box to the first word's results
    median_ms: float  # from the last key of a word to its results (the box waits 250 ms first)
    missed: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.found / self.words if self.words else 0.0


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _sentences(text: str, lang: str) -> list[str]:
    breaker = icu.BreakIterator.createSentenceInstance(icu.Locale(lang))
    ustr = icu.UnicodeString(text)
    breaker.setText(ustr)
    out, start = [], breaker.first()
    for end in breaker:
        out.append(str(ustr[start:end]))
        start = end
    return out


def queries(docs_dir: Path, languages: tuple[str, ...], lang: str,
            per_language: int = PER_LANGUAGE) -> list[tuple[str, str]]:
    """(query, resource slug) pairs for ``lang`` (see the module docstring). Where every word
    is on more than two pages (the benchmark's corpus draws its words from short lists), a run
    of two or three words from the middle of a sentence is typed instead, without spaces where
    the language has none."""
    library = build_library(docs_dir, languages, languages[0])
    plain = PlainText()
    docs = sorted((d for d in library.documents if d.lang == lang and d.kind == "resource"),
                  key=lambda d: d.src_uri)
    texts = {d.src_uri: _nfc(plain(d.body)) for d in docs}
    vocab = {d.src_uri: {w.lower() for w in words(f"{d.title}\n{d.summary}\n{texts[d.src_uri]}",
                                                  lang)} for d in docs}
    joiner = "" if lang in UNSPACED else " "
    by_page: dict[str, list[str]] = {}
    for doc in docs:
        scored = set()
        for sentence in _sentences(texts[doc.src_uri], lang):
            found = [w.lower() for w in words(sentence, lang)]
            for i in range(1, len(found) - 2):
                for size in (1, 2, 3):
                    run = found[i:i + size]
                    if len(run) < size or any(w.isdigit() for w in run) or \
                            len("".join(run)) < (4 if run[0].isascii() else 2):
                        continue
                    pages = sum(set(run) <= ws for ws in vocab.values())
                    if pages <= 2:
                        longer = sum(any(x.startswith(run[0]) and x != run[0] for x in ws)
                                     for ws in vocab.values())
                        scored.add((size, -longer, pages, joiner.join(run)))
                        break
        by_page[doc.src_uri] = [q for *_, q in sorted(scored)]
    out: list[tuple[str, str]] = []
    taken: set[str] = set()
    while len(out) < per_language and any(by_page.values()):
        for src in sorted(by_page):
            while by_page[src] and len(out) < per_language:
                query = by_page[src].pop(0)
                if query not in taken:
                    taken.add(query)
                    out.append((query, src.split("/")[-1].split(".")[0]))
                    break
    return out


def _type(page: Any, word: str) -> float:
    """Type ``word`` into the emptied box; milliseconds from the last key to its results."""
    box = page.locator("#lb-q")
    box.fill("")
    page.keyboard.type(word)
    start = time.perf_counter()
    page.wait_for_function(SHOWN, arg=_nfc(word).strip(), timeout=20_000, polling=20)
    return (time.perf_counter() - start) * 1000


def _language(browser: Any, server: CompressingServer, site_dir: Path, lang: str,
              languages: tuple[str, ...], chosen: list[tuple[str, str]]) -> Recall:
    paths: dict[str, str] = {}

    def url(slug: str) -> str:
        if slug not in paths:
            paths[slug] = build.page_path(site_dir, slug, lang, languages)
        return server.url(paths[slug])

    context = browser.new_context(viewport=PHONE, service_workers="block")
    times, found, missed, first = [], 0, [], 0.0
    try:
        page = context.new_page()
        page.goto(url(chosen[0][1]))
        started = time.perf_counter()
        page.locator("#lb-q").click()
        for i, (word, slug) in enumerate(chosen):
            times.append(_type(page, word))
            if i == 0:
                first = (time.perf_counter() - started) * 1000
            shown = page.eval_on_selector_all("#lb-search-results li a",
                                              "l => l.map(a => a.href)")
            if url(slug) in shown[:TOP]:
                found += 1
            else:
                missed.append(word)
    finally:
        context.close()
    return Recall(lang, len(chosen), found, first, statistics.median(times), tuple(missed))


def measure(browser: Any, site_dir: Path, docs_dir: Path, languages: tuple[str, ...],
            per_language: int = PER_LANGUAGE) -> tuple[Recall, ...]:
    """Recall and time to first results in each of ``languages`` (see the module docstring)."""
    out = []
    with CompressingServer(site_dir) as server:
        for lang in languages:
            chosen = queries(docs_dir, languages, lang, per_language)
            out.append(_language(browser, server, site_dir, lang, languages, chosen) if chosen
                       else Recall(lang, 0, 0, 0.0, 0.0, ()))
    return tuple(out)
