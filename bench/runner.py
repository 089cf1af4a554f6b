"""The site benchmark from start to end: corpus, builds, cold views, previews, report.

All builds run first (the two configurations alternating, so machine noise falls on both), then
Chromium measures every built site, then each preview server runs on its own; nothing else runs
while a build or a preview is being timed. A build that outlives ``--timeout`` is reported as
"did not finish" and its configuration is not built at larger sizes; stock is not built above
``--stock-max``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench import build, configs, text
from bench.browser import View, cold_view
from bench.chromium import chromium
from bench.corpus import Corpus, write_corpus
from bench.machine import machine_info
from bench.preview import PreviewStats, measure_preview, serve_command
from bench.report import TITLES, Measurement, SiteReport
from bench.webserver import CompressingServer
from lumbung.config import load_site
from lumbung.errors import LumbungError

VIEW_LANGUAGES = ("en", "km", "my")
PROBE = "organisation"  # an English word every corpus uses, to tell a dead search box

Key = tuple[int, str]  # (corpus size, configuration)
Outcome = build.BuildStats | str  # the fastest build, or why there is none


@dataclass(frozen=True)
class Options:
    repo: Path
    sizes: tuple[int, ...]
    seed: int = 1
    keep: Path | None = None
    repeat: int = 1  # builds per configuration and size; the fastest counts
    timeout: float = 1800.0  # seconds per build, per preview start and per preview edit
    stock_max: int = 3200  # stock is not built (nor previewed) above this many resources
    # Stock's preview rebuilds every language after each edit (about as long as its build):
    # it is timed up to this many resources.
    stock_preview_max: int = 800
    previews: bool = True


@contextmanager
def workdir(keep: Path | None, prefix: str = "bench-") -> Iterator[Path]:
    """``keep`` (new or empty), or a temporary folder removed afterwards."""
    if keep is None:
        with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
            yield Path(tmp)
        return
    keep = keep.resolve()
    if keep.exists() and any(keep.iterdir()):
        raise LumbungError(f"--keep {keep}: folder is not empty; name a new or empty one")
    keep.mkdir(parents=True, exist_ok=True)
    yield keep


def views(browser: object, site_dir: Path, corpus: Corpus,
          languages: tuple[str, ...]) -> tuple[View, ...]:
    """A cold view and first query of the showcase resource page in each of ``languages``."""
    seen = []
    with CompressingServer(site_dir) as server:
        for lang in languages:
            path = build.page_path(site_dir, corpus.showcase, lang, corpus.languages)
            term = text.lexicon(lang).nouns[0]
            seen.append(cold_view(browser, server, path, lang, term, PROBE))
    return tuple(seen)


def not_run(name: str, size: int, options: Options, timed_out: dict[str, int]) -> str:
    """Why ``name`` is not built at ``size``, or "" if it is."""
    if name == configs.STOCK and size > options.stock_max:
        return f"not run above N={options.stock_max}"
    if name in timed_out:
        return f"not run (did not finish at N={timed_out[name]})"
    return ""


def run_builds(setups: dict[Key, configs.Config], sizes: tuple[int, ...], options: Options,
               progress: Callable[[str], None]) -> dict[Key, Outcome]:
    """Build every configuration at every size, ``options.repeat`` times, alternating."""
    runs: dict[Key, list[build.BuildStats]] = {key: [] for key in setups}
    why: dict[Key, str] = {}
    timed_out: dict[str, int] = {}  # configuration -> the size it first timed out at
    turn = 0
    for size in sizes:
        for name in configs.CONFIGS:
            if reason := not_run(name, size, options, timed_out):
                why[(size, name)] = reason
        for _ in range(options.repeat):
            order = configs.CONFIGS if turn % 2 == 0 else configs.CONFIGS[::-1]
            turn += 1
            for name in order:
                if (size, name) in why:
                    continue
                try:
                    stats = build.run_build(name, setups[(size, name)].config_file,
                                            options.timeout, repo=options.repo)
                except build.BuildTimedOut as exc:
                    why[(size, name)] = f"did not finish (timeout after {exc.timeout:g} s)"
                    timed_out[name] = size
                    progress(f"N={size}: {name} build did not finish in {exc.timeout:g} s "
                             f"(log: {setups[(size, name)].root / 'build.log'})")
                    continue
                except build.BuildFailed as exc:
                    if options.keep is not None:
                        raise
                    raise build.BuildFailed(f"{exc}\n(the log is in a temporary folder, removed "
                                            "now; --keep DIR keeps it)") from None
                runs[(size, name)].append(stats)
                progress(f"N={size}: {name} built in {stats.seconds:.1f} s, peak "
                         f"{stats.peak_rss / 2**20:.0f} MiB over its processes (wait4 of the "
                         f"top process alone: {stats.top_rss / 2**20:.0f} MiB)")
    outcomes: dict[Key, Outcome] = {}
    for key in setups:
        done = runs[key]
        if key in why and not done:
            outcomes[key] = why[key]
        else:
            best = min(done, key=lambda b: b.seconds)
            outcomes[key] = build.BuildStats(best.seconds, max(b.peak_rss for b in done),
                                             best.log, max(b.top_rss for b in done))
    return outcomes


def _cold_views(setups: dict[Key, configs.Config], outcomes: dict[Key, Outcome],
                corpora: dict[int, Corpus], languages: tuple[str, ...],
                progress: Callable[[str], None]) -> tuple[str, dict[Key, tuple[View, ...]]]:
    """Cold views of every built site, with one Chromium; its version."""
    seen: dict[Key, tuple[View, ...]] = {}
    with chromium() as browser:
        for (size, name), setup in setups.items():
            if isinstance(outcomes[(size, name)], str):
                continue
            found = views(browser, setup.site_dir, corpora[size], languages)
            seen[(size, name)] = found
            progress(f"N={size}: {name} cold views measured "
                     f"({', '.join(f'{v.lang} {v.bytes:,} B' for v in found)})")
        version = str(browser.version)
    return version, seen


def page_url(setup: configs.Config, corpus: Corpus) -> str:
    """The URL path of the showcase page (English) under the preview server."""
    path = build.page_path(setup.site_dir, corpus.showcase, corpus.languages[0],
                           corpus.languages)
    mount = urlsplit(load_site(setup.config_file).site_url or "/").path.rstrip("/")
    return mount + path


def _previews(setups: dict[Key, configs.Config], outcomes: dict[Key, Outcome],
              corpora: dict[int, Corpus], options: Options, progress: Callable[[str], None]
              ) -> dict[Key, PreviewStats]:
    """Time an edit in each built configuration's preview server, one server at a time."""
    found: dict[Key, PreviewStats] = {}
    for (size, name), setup in setups.items():
        if isinstance(outcomes[(size, name)], str) or not options.previews:
            continue
        if name == configs.STOCK and size > options.stock_preview_max:
            found[(size, name)] = PreviewStats((), None, setup.root / "serve.log",
                                               f"not run above N={options.stock_preview_max}")
            continue
        corpus = corpora[size]
        source = setup.root / "docs" / "resources" / f"{corpus.showcase}.md"
        stats = measure_preview(name, setup.config_file, page_url(setup, corpus), source,
                                options.timeout, repo=options.repo)
        found[(size, name)] = stats
        shown = ", ".join(f"{d:.2f} s" for d in stats.delays)
        progress(f"N={size}: {name} preview " + (f"{stats.missing} (log: {stats.log})"
                                                  if stats.missing else f"showed edits in "
                                                  f"{shown}; server ready in "
                                                  f"{stats.startup or 0:.1f} s"))
    return found


def run_site(options: Options, progress: Callable[[str], None] = lambda line: None
             ) -> SiteReport:
    started = time.perf_counter()
    if options.repeat < 1:
        raise LumbungError(f"--repeat must be at least 1, got {options.repeat}")
    site = configs.repo_site(options.repo)
    topics = site.docs_dir / "topics.yml"
    if not topics.is_file():
        raise LumbungError(f"{topics}: missing; the corpus copies the repository's topics")
    languages = tuple(lang for lang in VIEW_LANGUAGES if lang in site.codes)
    sizes = tuple(sorted(set(options.sizes)))
    machine = machine_info()
    with workdir(options.keep) as work:
        corpora: dict[int, Corpus] = {}
        setups: dict[Key, configs.Config] = {}
        for size in sizes:
            corpus = write_corpus(work / f"n{size}" / "corpus" / "docs", site.codes, topics,
                                  size, options.seed)
            corpora[size] = corpus
            progress(f"N={size}: corpus of {corpus.files} Markdown files in "
                     f"{len(site.codes)} languages")
            for name in configs.CONFIGS:
                if name == configs.STOCK and size > options.stock_max:
                    continue
                setups[(size, name)] = configs.SETUP[name](options.repo, corpus.docs_dir,
                                                           work / f"n{size}" / name)
        outcomes = run_builds(setups, sizes, options, progress)
        from playwright.sync_api import Error as PlaywrightError

        try:
            version, seen = _cold_views(setups, outcomes, corpora, languages, progress)
        except PlaywrightError as exc:
            raise LumbungError(f"browser: {str(exc).strip().splitlines()[0]}") from None
        machine += (("Chromium", version),)
        written = {key: build.site_stats(setup.site_dir, corpora[key[0]].resources)
                   for key, setup in setups.items() if not isinstance(outcomes[key], str)}
        previews = _previews(setups, outcomes, corpora, options, progress)
        measurements = []
        for size in sizes:
            corpus = corpora[size]
            pages = (1 + len(corpus.resources) + len(corpus.webinars)) * len(corpus.languages)
            for name in configs.CONFIGS:
                key = (size, name)
                outcome = outcomes.get(key, f"not run above N={options.stock_max}")
                if isinstance(outcome, str):
                    measurements.append(Measurement(name, size, pages, missing=outcome))
                else:
                    measurements.append(Measurement(name, size, pages, outcome, written[key],
                                                    seen[key], previews.get(key)))
        if options.keep is not None:
            progress(f"kept corpora, configurations and sites in {work}")
    commands = _commands(options.repo)
    return SiteReport(machine, options.seed, sizes, languages, tuple(measurements),
                      time.perf_counter() - started, commands, options.timeout, options.stock_max)


def _commands(repo: Path) -> tuple[tuple[str, str], ...]:
    """How each configuration was built and previewed, for the report."""
    def shown(argv: list[str]) -> str:
        return " ".join(["python", *(Path(a).relative_to(repo).as_posix()
                                     if a.startswith(f"{repo}/") else a for a in argv[1:])])

    config = Path("mkdocs.yml")
    return tuple((f"{TITLES[name]} {what}", shown(command)) for name in configs.CONFIGS
                 for what, command in (("build", build.build_command(name, config, repo)),
                                       ("preview", serve_command(name, config, 8000, repo))))
