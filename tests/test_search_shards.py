"""Search indexes in shards (lumbung/search/shards.py): the split, the bundles on disk, what each
build process tells the search box, and searches in Chromium that must reach the shards."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from lumbung.config import Site, load_site
from lumbung.content.library import Library, build_library
from lumbung.search.bundle import ENTRY, Indexer
from lumbung.search.publish import SearchPlan, originals_for
from lumbung.search.records import (
    Record,
    build_records,
    index_sizes,
    originals_bundle,
    originals_language,
)
from lumbung.search.session import SearchBuild
from lumbung.search.shards import (
    SHARD_RECORDS,
    SHARD_VARIABLE,
    ShardSettingInvalid,
    extra_shards,
    shard_limit,
    split,
)
from lumbung.search.text import PlainText
from lumbung.site import urls
from tests.conftest import ROOT, copy_site, run_build
from tests.helpers.server import StaticServer
from tests.test_search import PLAIN, ask, hrefs, queries

SITE = load_site(ROOT / "mkdocs.yml")
SMALL = 4  # records per shard in the end-to-end build


def _records(n: int) -> list[Record]:
    return [Record(url=f"resources/page-{i:03d}/", content=f"word{i}", language="en", lang="en",
                   title=f"Page {i}", type="") for i in range(n)]


# -- the split ---------------------------------------------------------------------------------

def test_split_bounds_each_shard_and_leaves_a_small_index_as_it_is() -> None:
    recs = _records(10)
    random.Random(7).shuffle(recs)
    assert split(recs[:4], 4) == [recs[:4]]  # as handed over, not sorted: unchanged output
    assert split([], 4) == [[]]
    shards = split(recs, 4)
    assert [len(s) for s in shards] == [3, 3, 4]
    assert [r.url for s in shards for r in s] == sorted(r.url for r in recs)  # URL order
    assert split(list(reversed(recs)), 4) == shards  # whatever order they come in
    for n in range(1, 40):
        sizes = [len(s) for s in split(_records(n), 4)]
        assert sum(sizes) == n and max(sizes) <= 4 and len(sizes) == -(-n // 4)
        assert max(sizes) - min(sizes) <= 1


def test_the_limit_and_its_override(monkeypatch) -> None:
    monkeypatch.delenv(SHARD_VARIABLE, raising=False)
    assert shard_limit() == SHARD_RECORDS == 2500
    assert len(split(_records(2500))) == 1 and len(split(_records(2501))) == 2
    monkeypatch.setenv(SHARD_VARIABLE, "5")
    assert shard_limit() == 5 and [len(s) for s in split(_records(11))] == [3, 4, 4]
    for bad in ("0", "-3", "many", "2.5"):
        monkeypatch.setenv(SHARD_VARIABLE, bad)
        with pytest.raises(ShardSettingInvalid, match=f"{SHARD_VARIABLE} is '{re.escape(bad)}'"):
            shard_limit()


def test_shard_folders_are_named_for_their_bundle() -> None:
    assert extra_shards("", "en", 4, 4) == ()
    assert extra_shards("", "en", 10, 4) == ("shards/en-2", "shards/en-3")
    assert extra_shards("originals/unknown", "und", 9, 4) == (
        "originals/unknown/shards/2", "originals/unknown/shards/3")


# -- every process names the shards the indexer writes ----------------------------------------

@pytest.fixture(scope="module")
def library() -> Library:
    return build_library(SITE.docs_dir, SITE.codes, SITE.default)


def test_index_sizes_count_what_build_records_makes(library) -> None:
    made = Counter((rec.bundle, rec.language) for rec in build_records(library, SITE))
    assert index_sizes(library, SITE) == dict(made)


def _views_of_one_and_many_processes(library: Library, site: Site, text) -> Iterator[tuple]:
    """(language, its view in a one-process build, its view in a parallel build's process)."""
    records = build_records(library, site, text)
    sizes = index_sizes(library, site)
    whole = SearchPlan((), {}, sizes)
    for lang in site.codes:
        whole = whole.extend([rec for rec in records if rec.lang == lang])
    rendered = {d.src_uri: text(d) for d in library.documents if d.lang == site.default}
    for lang in site.codes:  # a process of its own: its records, and the originals it lacks
        part = SearchPlan((), {}, sizes).extend(build_records(library, site, text, (lang,)))
        if lang != site.default:
            part = part.extend(originals_for(library, site, lang, rendered))
        yield lang, whole.view(lang), part.view(lang)


def test_every_build_process_lists_the_shards_the_indexer_writes(tmp_path, monkeypatch,
                                                                  library) -> None:
    # At 5, a process for Khmer, which sees the 19 originals it lacks, would name 3 further
    # shards of them (not 4) if it counted them, not the whole bundle's 22 (vi, th, ms alike).
    monkeypatch.setenv(SHARD_VARIABLE, "5")
    plain = PlainText()

    def text(doc):
        return plain(doc.body)

    listed = set()
    for lang, one, many in _views_of_one_and_many_processes(library, SITE, text):
        assert one == many, lang
        listed |= {*one.shards, *one.originals_shards}
        if one.originals:  # the shards of its originals are those of the whole bundle
            bundle = originals_bundle(lang)
            size = index_sizes(library, SITE)[bundle, originals_language(lang)]
            assert len(one.originals_shards) == -(-size // 5) - 1
    records = build_records(library, SITE, text)
    indexer = Indexer(tmp_path)
    for lang in SITE.codes:
        indexer.add([rec for rec in records if rec.lang == lang])
    stats = indexer.finish()
    main = tmp_path / "pagefind"
    written = {f"pagefind/{p.parent.relative_to(main).as_posix()}/".replace("/./", "/")
               for p in main.rglob(ENTRY)}
    bundles = {f"pagefind/{rec.bundle}/" for rec in records if rec.bundle} | {"pagefind/"}
    assert written == bundles | listed
    assert {"pagefind/shards/en-3/", "pagefind/shards/km-2/",
            "pagefind/originals/unknown/shards/2/"} <= listed
    assert stats.records == len(records)
    _check_bundles(main, index_sizes(library, SITE))


def test_the_preview_keeps_the_shards_of_the_first_build(monkeypatch, library) -> None:
    """The editors' preview restores each search box's settings from JSON (lists, not tuples)."""
    monkeypatch.setenv(SHARD_VARIABLE, "5")
    plan = SearchPlan((), {}, index_sizes(library, SITE)).extend(
        build_records(library, SITE, lambda doc: doc.title))
    view = plan.view("km")
    assert view.shards and view.originals_shards
    kept = json.loads(json.dumps(dataclasses.asdict(view)))
    assert SearchBuild(SITE, library, view=kept).language_ready("km") == view


def _check_bundles(main: Path, sizes: dict[tuple[str, str], int]) -> None:
    """Each shard is a tidy bundle of one index; the shards of an index hold all its pages."""
    counted: Counter[tuple[str, str]] = Counter()
    for entry_file in main.rglob(ENTRY):
        folder = entry_file.parent
        languages = json.loads(entry_file.read_text(encoding="utf-8"))["languages"]
        rel = folder.relative_to(main).as_posix()
        if "shards" not in rel.split("/"):
            bundle = "" if rel == "." else rel
        else:
            (language, index), = languages.items()  # one index a shard
            found = re.fullmatch(r"shards/([a-z-]+)-\d+|(originals/[a-z]+)/shards/\d+", rel)
            assert found and found.group(1) in (None, language), rel
            bundle = found.group(2) or ""
            assert not (folder / "pagefind.js").exists()
            assert [p.name for p in folder.glob("*.pagefind")] == \
                [f"wasm.{index['wasm'] or 'unknown'}.pagefind"]
        for language, index in languages.items():
            counted[bundle, language] += index["page_count"]
    assert dict(counted) == sizes


# -- end to end: the shipped site built with tiny shards -------------------------------------

@dataclass(frozen=True)
class Built:
    site: Path
    server: StaticServer
    library: Library
    records: list[Record]
    output: str


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Iterator[Built]:
    root = copy_site(tmp_path_factory.mktemp("shards") / "site-copy")
    build = run_build(root, env={SHARD_VARIABLE: str(SMALL)})
    assert build.ok, build.output
    config = load_site(root / "mkdocs.yml")
    library = build_library(config.docs_dir, config.codes, config.default)
    with StaticServer(build.site) as server:
        yield Built(build.site, server, library, build_records(library, config), build.output)


@pytest.mark.build
def test_the_build_writes_every_shard_and_names_them_in_the_pages(built) -> None:
    sizes = index_sizes(built.library, SITE)
    main = built.site / "pagefind"
    _check_bundles(main, sizes)
    assert len(list(main.glob("shards/en-*"))) == -(-sizes["", "en"] // SMALL) - 1 >= 2
    more = sum(-(-size // SMALL) - 1 for size in sizes.values())
    assert f"split for Pagefind into {more} more shards of at most {SMALL} records" in \
        built.output
    for lang, path in (("en", ""), ("km", "km/")):
        html = (built.site / path / "index.html").read_text(encoding="utf-8")
        form = _attributes(html)
        shards = form["data-shards"].split()
        assert [s.rsplit("/pagefind/", 1)[1] for s in shards] == \
            [f"shards/{lang}-{n}/" for n in range(2, len(shards) + 2)]
        assert all((main / s.rsplit("/pagefind/", 1)[1] / ENTRY).is_file() for s in shards)
        if lang == "en":
            assert "data-originals-shards" not in form
        else:
            size = sizes[originals_bundle(lang), originals_language(lang)]
            assert len(form["data-originals-shards"].split()) == -(-size // SMALL) - 1


def _attributes(html: str) -> dict[str, str]:
    """The attributes of the search form."""
    found = re.search(r'<form id="lb-search"[^>]*>', html)
    assert found, "no search form"
    return dict(re.findall(r'([\w-]+)="([^"]*)"', found.group(0)))


def _third(records: list[Record], keep) -> Record:
    """A record that landed in shard 3 of its index (the first such that ``keep`` allows)."""
    return next(rec for rec in split(records, SMALL)[2] if keep(rec))


def _requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


@pytest.mark.build
@pytest.mark.browser
def test_a_page_in_shard_three_is_found_in_english_and_from_khmer(built, browser) -> None:
    english = [r for r in built.records if r.language == "en" and not r.bundle]
    docs = {urls.doc_url(d, d.lang, SITE.default): d for d in built.library.documents}
    texts = [PLAIN(d.body) for d in built.library.documents if d.lang == "en"]
    page = browser.new_page()
    seen = _requests(page)
    rec = _third(english, lambda r: True)
    doc = docs[rec.url]
    page.goto(built.server.url(""))
    word = queries(page, PLAIN(doc.body), texts, "en")[0]
    assert built.server.url(rec.url) in hrefs(ask(page, word), 10), word
    assert any("/pagefind/shards/en-3/" in u for u in seen)
    # an English original in shard 3 of the originals Khmer readers search
    originals = [r for r in built.records if r.bundle == originals_bundle("km")]
    rec = _third(originals, lambda r: "km" in r.missing)
    doc = next(d for d in built.library.documents
               if d.lang == "en" and urls.doc_path(d.norm_uri) == rec.url)
    page.goto(built.server.url("km/"))
    word = queries(page, PLAIN(doc.body), texts, "en")[0]
    results = ask(page, word)
    assert built.server.url(f"km/{rec.url}") in hrefs(results, 10), (word, results)
    assert any("/pagefind/originals/unknown/shards/3/" in u for u in seen)
    page.close()


@pytest.mark.build
@pytest.mark.browser
def test_own_pages_from_every_shard_come_before_the_originals(built, browser) -> None:
    khmer = [r for r in built.records if r.language == "km" and not r.bundle]
    later = [rec for shard in split(khmer, SMALL)[1:] for rec in shard]
    originals = [r for r in built.records
                 if r.bundle == originals_bundle("km") and "km" in r.missing]

    def latin(recs: list[Record]) -> Counter[str]:
        return Counter(w for r in recs for w in {w.lower() for w in re.findall(
            r"[A-Za-z]{5,}", f"{r.title} {r.content}")})

    own, theirs = latin(later), latin(originals)
    word = max(set(own) & set(theirs), key=lambda w: (min(own[w], theirs[w]), w))
    page = browser.new_page()
    page.goto(built.server.url("km/"))
    results = ask(page, word)
    page.locator("#lb-search-out button.lb-more").click()  # all of them, not the first five
    page.wait_for_function("n => document.querySelectorAll('#lb-search-results li').length > n",
                           arg=5)
    languages = page.eval_on_selector_all(
        "#lb-search-results li a .lb-result-title", "titles => titles.map(t => t.lang)")
    assert "" in languages and "en" in languages, (word, results)
    assert languages == sorted(languages), languages  # every own page ("") before English
    shown = set(page.eval_on_selector_all("#lb-search-results li a", "l => l.map(a => a.href)"))
    assert {built.server.url(r.url) for r in later if word in r.content.lower()} & shown
    page.close()


@pytest.mark.build
@pytest.mark.browser
def test_accented_words_match_exactly_in_every_shard_first(built, browser) -> None:
    """Pagefind's options() reach the first index only: shards need the accent instance."""
    vietnamese = [r for r in built.records if r.language == "vi" and not r.bundle]
    shard_of = {rec.url: n for n, shard in enumerate(split(vietnamese, SMALL), 1)
                for rec in shard}

    def words(rec: Record) -> set[str]:
        return set(re.findall(r"\w+", f"{rec.title} {rec.content}".lower()))

    def fold(text: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(ch)).replace("đ", "d")

    def pick() -> tuple[str, set[str], set[str]]:
        # a word with marks on a page past shard 1, which folded begins words of other pages
        for rec in sorted(vietnamese, key=lambda r: -shard_of[r.url]):
            for word in sorted(words(rec), key=lambda w: (-len(w), w)):
                if shard_of[rec.url] == 1 or fold(word) == word or len(word) < 3 or "đ" in word:
                    continue
                exact = {r.url for r in vietnamese if any(w.startswith(word) for w in words(r))}
                folded = {r.url for r in vietnamese if r.url not in exact
                          and any(fold(w).startswith(fold(word)) for w in words(r))}
                if folded and any(shard_of[u] > 1 for u in exact):
                    return word, exact, folded
        raise AssertionError("no Vietnamese word with marks to test")

    word, exact, folded = pick()
    page = browser.new_page()
    page.goto(built.server.url("vi/"))
    ask(page, word)
    while page.locator("#lb-search-out button.lb-more").is_visible():
        count = page.locator("#lb-search-results li").count()
        page.locator("#lb-search-out button.lb-more").click()
        page.wait_for_function("n => document.querySelectorAll('#lb-search-results li').length"
                               " > n", arg=count)
    order = page.eval_on_selector_all("#lb-search-results li a", "l => l.map(a => a.href)")
    ranks = {url: order.index(built.server.url(url)) for url in exact | folded}
    assert max(ranks[u] for u in exact) < min(ranks[u] for u in folded), (word, ranks)
    page.close()
