"""The site benchmark from start to end: corpus, builds, cold views, report.

All builds run first (the two configurations alternating, so machine noise falls on both), then
Chromium measures every site; Chromium never runs while a build is being timed.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import build, configs, text
from bench.browser import View, cold_view
from bench.chromium import chromium
from bench.corpus import Corpus, write_corpus
from bench.machine import machine_info
from bench.report import Measurement, SiteReport
from bench.webserver import CompressingServer
from lumbung.errors import LumbungError

VIEW_LANGUAGES = ("en", "km", "my")
PROBE = "organisation"  # an English word every corpus uses, to tell a dead search box


@dataclass(frozen=True)
class Options:
    repo: Path
    sizes: tuple[int, ...]
    seed: int = 1
    keep: Path | None = None
    repeat: int = 1  # builds per configuration and size; the fastest counts
    timeout: float = 3600.0  # seconds per build


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


def _build(name: str, setup: configs.Config, options: Options) -> build.BuildStats:
    try:
        return build.run_build(name, setup.config_file, options.timeout)
    except build.BuildFailed as exc:
        if options.keep is not None:
            raise
        raise build.BuildFailed(f"{exc}\n(the log is in a temporary folder, removed now; "
                                "--keep DIR keeps it)") from None


def _measure(setups: dict[tuple[int, str], configs.Config],
             builds: dict[tuple[int, str], list[build.BuildStats]], corpora: dict[int, Corpus],
             languages: tuple[str, ...], progress: Callable[[str], None]
             ) -> tuple[str, tuple[Measurement, ...]]:
    """Site statistics and cold views of every built site, with one Chromium."""
    measurements = []
    with chromium() as browser:
        for (size, name), setup in setups.items():
            runs = builds[(size, name)]
            best = min(runs, key=lambda b: b.seconds)
            fastest = build.BuildStats(best.seconds, max(b.peak_rss for b in runs), best.log)
            stats = build.site_stats(setup.site_dir, corpora[size].resources)
            found = views(browser, setup.site_dir, corpora[size], languages)
            progress(f"N={size}: {name} cold views measured "
                     f"({', '.join(f'{v.lang} {v.bytes:,} B' for v in found)})")
            corpus = corpora[size]
            pages = (1 + len(corpus.resources) + len(corpus.webinars)) * len(corpus.languages)
            measurements.append(Measurement(name, size, fastest, stats, found, pages))
        version = str(browser.version)
    return version, tuple(measurements)


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
        setups: dict[tuple[int, str], configs.Config] = {}
        for size in sizes:
            corpus = write_corpus(work / f"n{size}" / "corpus" / "docs", site.codes, topics,
                                  size, options.seed)
            corpora[size] = corpus
            progress(f"N={size}: corpus of {corpus.files} Markdown files in "
                     f"{len(site.codes)} languages")
            for name in configs.CONFIGS:
                setups[(size, name)] = configs.SETUP[name](options.repo, corpus.docs_dir,
                                                           work / f"n{size}" / name)
        builds: dict[tuple[int, str], list[build.BuildStats]] = {key: [] for key in setups}
        turn = 0
        for size in sizes:
            for _ in range(options.repeat):
                order = configs.CONFIGS if turn % 2 == 0 else configs.CONFIGS[::-1]
                turn += 1
                for name in order:
                    stats = _build(name, setups[(size, name)], options)
                    builds[(size, name)].append(stats)
                    progress(f"N={size}: {name} built in {stats.seconds:.1f} s, "
                             f"peak {stats.peak_rss / 2**20:.0f} MiB")
        from playwright.sync_api import Error as PlaywrightError

        try:
            version, measurements = _measure(setups, builds, corpora, languages, progress)
        except PlaywrightError as exc:
            raise LumbungError(f"browser: {str(exc).strip().splitlines()[0]}") from None
        machine += (("Chromium", version),)
        if options.keep is not None:
            progress(f"kept corpora, configurations and sites in {work}")
    return SiteReport(machine, options.seed, sizes, languages, measurements,
                      time.perf_counter() - started)
