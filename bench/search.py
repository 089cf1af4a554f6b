"""The search benchmark: what Lumbung's search costs the build and the reader, in 8 languages.

One synthetic corpus (200 resources by default) is built three ways: Lumbung as it is, Lumbung
without its search hook (so the difference is what indexing adds to a build), and stock
Material with its search plugin. The first two alternate, ``repeat`` times each; the fastest
build of each counts. Then Chromium opens a resource page in every language of both Lumbung and
stock, and types a word of that language into the search box.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import build, configs, recall, tables
from bench.browser import View
from bench.chromium import chromium
from bench.corpus import Corpus, write_corpus
from bench.runner import views, workdir
from lumbung.errors import LumbungError
from lumbung.search.bundle import BUNDLE_DIR
from lumbung.search.records import ORIGINALS

NO_SEARCH = "lumbung without search"
SEARCH_HOOK = re.compile(r"^\s*-\s*hooks/search\.py\s*$\n?", re.MULTILINE)
FIRST_QUERY_TARGET = 120_000  # bytes, compressed on the wire
RECALL_TARGET = 0.95  # of mid-sentence words whose page is among the first five results
COST_TARGET = 0.15  # of the build without search


@dataclass(frozen=True)
class Options:
    repo: Path
    resources: int = 200
    seed: int = 1
    repeat: int = 3
    keep: Path | None = None
    timeout: float = 3600.0


@dataclass(frozen=True)
class IndexSize:
    files: int
    bytes: int
    languages: tuple[tuple[str, int, int], ...]  # language, files, bytes of its index
    originals: tuple[tuple[str, int, int], ...]  # bundle of originals, files, bytes


def index_size(site_dir: Path, languages: tuple[str, ...]) -> IndexSize:
    """Pagefind's files by language index (fragments, chunks, filters, metadata)."""
    bundle = site_dir / BUNDLE_DIR
    if not (bundle / "pagefind-entry.json").is_file():
        raise LumbungError(f"{bundle}: no Pagefind bundle; did the search hook run?")
    files = [p for p in bundle.rglob("*") if p.is_file()]

    def part(paths: list[Path]) -> tuple[int, int]:
        return len(paths), sum(p.stat().st_size for p in paths)

    main = [p for p in files if p.relative_to(bundle).parts[0] != ORIGINALS]
    per_lang = tuple((lang, *part([p for p in main if p.name.startswith(f"{lang}_")
                                   or p.name.startswith(f"pagefind.{lang}_")]))
                     for lang in languages)
    folders = sorted({p.parent for p in bundle.glob(f"{ORIGINALS}/*/pagefind-entry.json")})
    originals = tuple((folder.relative_to(bundle).as_posix(),
                       *part([p for p in files if folder in p.parents])) for folder in folders)
    return IndexSize(len(files), sum(p.stat().st_size for p in files), per_lang, originals)


def search_line(log: Path) -> str:
    """The build's own account of its search ("Search: N records ...")."""
    lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
             if "Search: " in line]
    return lines[-1].split("Search: ", 1)[1] if lines else "(no search line in the build log)"


def setup_without_search(repo: Path, docs: Path, dest: Path) -> configs.Config:
    """Lumbung's configuration with the search hook left out, and nothing else changed."""
    setup = configs.setup_lumbung(repo, docs, dest)
    source = setup.config_file.read_text(encoding="utf-8")
    changed = SEARCH_HOOK.sub("", source)
    if changed == source:
        raise LumbungError(f"{repo / 'mkdocs.yml'}: no '- hooks/search.py' line to leave out")
    setup.config_file.write_text(changed, encoding="utf-8")
    return configs.Config(NO_SEARCH, dest)


def run_search(options: Options, progress: Callable[[str], None] = lambda line: None
               ) -> tables.Report:
    started = time.perf_counter()
    if options.repeat < 1:
        raise LumbungError(f"--repeat must be at least 1, got {options.repeat}")
    site = configs.repo_site(options.repo)
    with workdir(options.keep, "bench-search-") as work:
        corpus = write_corpus(work / "corpus" / "docs", site.codes, site.docs_dir / "topics.yml",
                              options.resources, options.seed)
        progress(f"corpus of {corpus.files} Markdown files in {len(site.codes)} languages")
        setups = {
            configs.LUMBUNG: configs.setup_lumbung(options.repo, corpus.docs_dir,
                                                   work / configs.LUMBUNG),
            NO_SEARCH: setup_without_search(options.repo, corpus.docs_dir, work / "nosearch"),
            configs.STOCK: configs.setup_stock(options.repo, corpus.docs_dir,
                                               work / configs.STOCK),
        }
        runs: dict[str, list[build.BuildStats]] = {name: [] for name in setups}
        for turn in range(options.repeat):
            pair = (configs.LUMBUNG, NO_SEARCH)
            for name in pair if turn % 2 == 0 else pair[::-1]:
                runs[name].append(build.run_build(name, setups[name].config_file,
                                                  options.timeout, repo=options.repo))
                progress(f"{name} built in {runs[name][-1].seconds:.1f} s")
        runs[configs.STOCK].append(build.run_build(configs.STOCK,
                                                   setups[configs.STOCK].config_file,
                                                   options.timeout, repo=options.repo))
        progress(f"stock built in {runs[configs.STOCK][-1].seconds:.1f} s")
        best = {name: min(found, key=lambda b: b.seconds) for name, found in runs.items()}
        ours_dir = setups[configs.LUMBUNG].site_dir
        size = index_size(ours_dir, site.codes)
        account = search_line(best[configs.LUMBUNG].log)
        from playwright.sync_api import Error as PlaywrightError

        try:
            with chromium() as browser:
                ours = views(browser, ours_dir, corpus, corpus.languages)
                theirs = views(browser, setups[configs.STOCK].site_dir, corpus, corpus.languages)
                found = recall.measure(browser, ours_dir, corpus.docs_dir, corpus.languages)
        except PlaywrightError as exc:
            raise LumbungError(f"browser: {str(exc).strip().splitlines()[0]}") from None
        progress("first queries measured in " + ", ".join(
            f"{v.lang} {v.query.bytes or 0:,} B" for v in ours))
        progress("recall " + ", ".join(f"{r.lang} {r.found}/{r.words}" for r in found))
        if options.keep is not None:
            progress(f"kept corpus, configurations, build logs and sites in {work}")
    return _report(options, corpus, runs, best, size, account, ours, theirs, found,
                   time.perf_counter() - started)


def _report(options: Options, corpus: Corpus, runs: dict[str, list[build.BuildStats]],
            best: dict[str, build.BuildStats], size: IndexSize, account: str,
            ours: tuple[View, ...], theirs: tuple[View, ...], found: tuple[recall.Recall, ...],
            seconds: float) -> tables.Report:
    with_search, without = best[configs.LUMBUNG].seconds, best[NO_SEARCH].seconds
    cost = with_search / without - 1
    paired = statistics.median(ours_run.seconds / theirs_run.seconds - 1 for ours_run, theirs_run
                               in zip(runs[configs.LUMBUNG], runs[NO_SEARCH], strict=True))
    every = ", ".join(f"{b.seconds:.1f}" for b in runs[configs.LUMBUNG])
    every_without = ", ".join(f"{b.seconds:.1f}" for b in runs[NO_SEARCH])
    build_rows = (
        tables.row("build wall time (fastest)", "s", with_search,
                   best[configs.STOCK].seconds),
        ("build without the search hook (fastest)", tables.show(without, "s"), "", "", ""),
        ("indexing adds to the build", f"{cost:+.1%}", "", "", f"<= {COST_TARGET:.0%}"),
        ("indexing adds, median of the back-to-back pairs", f"{paired:+.1%}", "", "", ""),
        ("builds with search, every run", every + " s", "", "", ""),
        ("builds without search, every run", every_without + " s", "", "", ""),
        ("Pagefind index (all files)", tables.show(size.bytes, "B"), "", "", ""),
        ("Pagefind files", tables.show(size.files, "n"), "", "", ""),
    )
    index_rows = tuple((f"{lang} index", tables.show(count, "n"), tables.show(total, "B"))
                       for lang, count, total in size.languages)
    index_rows += tuple((f"{name} (English originals)", tables.show(count, "n"),
                         tables.show(total, "B")) for name, count, total in size.originals)
    view_rows, problems, over, loaded = [], [], [], []
    for mine, stock in zip(ours, theirs, strict=True):
        query = mine.query
        if not query.responded or query.bytes is None:
            problems.append(f"{mine.lang}: the search box gave no results ({query.reason})")
        elif query.bytes > FIRST_QUERY_TARGET:
            over.append(f"{mine.lang} {query.bytes:,} B")
        if mine.search_bytes:
            loaded.append(f"{mine.lang} {mine.search_bytes:,} B")
        # stock loads its whole index with every page; what it costs to search is both
        stock_total = (stock.search_bytes + stock.query.bytes
                       if stock.query.bytes is not None else None)
        view_rows.append((mine.lang, f"'{query.term}'", tables.show(mine.search_bytes, "B"),
                          tables.show(query.bytes, "B"), tables.show(stock.search_bytes, "B"),
                          tables.show(stock_total, "B"), tables.ratio(query.bytes, stock_total)))
    recall_rows = tuple((f"{r.lang} recall", tables.show(r.words, "n"), f"{r.found}/{r.words}",
                         f"{r.share:.0%}", f"{r.first_ms:,.0f} ms", f"{r.median_ms:,.0f} ms",
                         ", ".join(r.missed) or "none") for r in found)
    low = [f"{r.lang} {r.share:.0%}" for r in found if r.share < RECALL_TARGET]
    verdicts = (
        f"recall >= {RECALL_TARGET:.0%} in every language: {tables.verdict(not low)}"
        + (f" ({', '.join(low)})" if low else ""),
        f"first query <= {FIRST_QUERY_TARGET / 1000:.0f} kB in every language: "
        f"{tables.verdict(not over and not problems)}" + (f" ({', '.join(over)})" if over else ""),
        f"a page view without searching loads 0 search bytes: {tables.verdict(not loaded)}"
        + (f" ({', '.join(loaded)})" if loaded else ""),
        f"indexing adds <= {COST_TARGET:.0%} to the build: {tables.verdict(cost <= COST_TARGET)}"
        f" ({cost:+.1%}, fastest of {options.repeat} each; {paired:+.1%}, median of the "
        "back-to-back pairs)",
    )
    return tables.Report(
        title="Lumbung search benchmark",
        summary=(f"{options.resources} resources and {len(corpus.webinars)} webinars in "
                 f"{len(corpus.languages)} languages ({corpus.files} Markdown files), seed "
                 f"{options.seed}; whole run {seconds:.0f} s. The build's own account: {account}"),
        machine=tables.machine(("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pagefind",
                                "PyICU", "playwright")),
        method=METHOD,
        sections=(
            tables.Section("Build and index", tables.COMPARISON, build_rows),
            tables.Section("Index size by language", ("index", "files", "bytes on disk"),
                           index_rows),
            tables.Section("First query and page views, by language",
                           ("language", "query", "Lumbung: page view", "Lumbung: first query",
                            "stock: page view", "stock: page view + first query",
                            "first query, Lumbung/stock"), tuple(view_rows)),
            tables.Section("Recall and time to first results, by language",
                           ("language", "words typed", "page in the first five", "recall",
                            "fresh page: focus to first results", "last key to results (median)",
                            "missed"), recall_rows),
        ),
        verdicts=verdicts,
        problems=tuple(problems),
    )


METHOD = """\
How each number is measured:

- build: the repository's `scripts/build.py` for both Lumbung configurations when it has one,
  else `python -m mkdocs build` (stock: always `mkdocs build`), in a child process, wall time
  around its whole life; Lumbung with and without its search hook alternate, the fastest of
  each counts. "Indexing adds" is their difference over the build without search (everything
  the search costs a build: text extraction, word segmentation, word lists and Pagefind, which
  runs in its own process beside the build); the median over each pair of builds run back to
  back is shown too, as on a busy machine the fastest builds may come from quieter moments.
- index: every file under site/pagefind/; a language's index is its metadata, word chunks,
  filters and fragments; the English originals a language lacks are in originals/<stemmer>/.
- first query: Chromium with an empty profile opens a resource page served with gzip, focuses
  the search box and types a common word of the page's language; bytes are counted by the server
  as written to the socket, from the focus until the network is quiet. Page view: the search
  bytes of the page view itself (requests whose path names search, lunr or Pagefind). Stock
  loads its whole index with every page, so its cost of a first search is both together.
- recall and time to first results (bench/recall.py): in each language, up to 10 words from the
  middle of sentences of the corpus's pages, on at most two pages each, the ones that begin
  longer words on the most pages first, are typed into the box of a resource page at 360x740;
  a word counts when its page is among the first five results. "Fresh page" is from focusing
  the box (which loads the search) to the first word's results; "last key to results" includes
  the 250 ms the box waits for typing to stop.
"""
