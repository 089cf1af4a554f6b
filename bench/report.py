"""Turn measurements into rows: one table per corpus size and the scaling tables.

The same rows feed the terminal (rich) and the Markdown file (:mod:`bench.sitereport`), so both
always agree. Ratios are
Lumbung divided by stock, computed from unrounded values; "n/a" where either side has no value
or stock's is zero. A configuration that has no build at a size shows why in every cell
("did not finish (timeout after 1800 s)", "not run above N=3200").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.browser import View
from bench.build import BuildStats, SiteStats
from bench.configs import LUMBUNG, STOCK
from bench.preview import PreviewStats
from lumbung.errors import LumbungError

NA = "n/a"
TITLES = {LUMBUNG: "Lumbung", STOCK: "stock"}


@dataclass(frozen=True)
class Measurement:
    config: str
    resources: int
    content_pages: int  # corpus documents (home, resources, webinars) times languages built
    build: BuildStats | None = None
    site: SiteStats | None = None
    views: tuple[View, ...] = ()
    preview: PreviewStats | None = None
    missing: str = ""  # why there is no build: "did not finish (...)", "not run above N=..."

    def view(self, lang: str) -> View | None:
        return next((v for v in self.views if v.lang == lang), None)

    @property
    def built(self) -> BuildStats:
        if self.build is None:
            raise LumbungError(f"{self.config} at N={self.resources}: {self.missing}")
        return self.build

    @property
    def written(self) -> SiteStats:
        if self.site is None:
            raise LumbungError(f"{self.config} at N={self.resources}: {self.missing}")
        return self.site


@dataclass(frozen=True)
class Metric:
    label: str
    unit: str  # "s", "ms", "MiB", "B" (bytes) or "n" (a count)
    value: Callable[[Measurement], float | None]
    note: Callable[[Measurement], str] = lambda m: ""
    absent: Callable[[Measurement], str] = lambda m: ""  # why a built site has no value


@dataclass(frozen=True)
class SiteReport:
    machine: tuple[tuple[str, str], ...]
    seed: int
    sizes: tuple[int, ...]
    languages: tuple[str, ...]  # the languages whose cold view was measured
    measurements: tuple[Measurement, ...]
    seconds: float  # wall time of the whole run
    commands: tuple[tuple[str, str], ...] = ()  # ("Lumbung build", "python scripts/...")
    timeout: float = 1800.0  # seconds per build
    stock_max: int = 3200

    def get(self, config: str, resources: int) -> Measurement:
        return next(m for m in self.measurements
                    if m.config == config and m.resources == resources)


def _view_metric(lang: str, label: str, unit: str, pick: Callable[[View], float | None],
                 note: Callable[[View], str] = lambda v: "") -> Metric:
    def value(m: Measurement) -> float | None:
        view = m.view(lang)
        return pick(view) if view is not None else None

    def why(m: Measurement) -> str:
        view = m.view(lang)
        return note(view) if view is not None else "not measured"

    return Metric(f"{label} ({lang})", unit, value, why)


def _query_note(view: View) -> str:
    query = view.query
    if query.reason:
        return query.reason
    if not query.requests:
        return f"'{query.term}' fetched nothing: the search index came with the page"
    return ""


def _preview(m: Measurement) -> float | None:
    return m.preview.median if m.preview is not None else None


def _preview_absent(m: Measurement) -> str:
    return m.preview.missing if m.preview is not None else "not measured"


def _preview_note(m: Measurement) -> str:
    if m.preview is None or m.preview.missing:
        return ""
    delays = ", ".join(f"{d:.2f} s" for d in m.preview.delays)
    return (f"median of {len(m.preview.delays)} edits ({delays}); the server first served the "
            f"page {m.preview.startup or 0:.1f} s after it started")


BUILD_TIME = Metric("build wall time", "s", lambda m: m.built.seconds)
BUILD_MEMORY = Metric("build peak memory (RSS)", "MiB", lambda m: m.built.peak_rss / 2**20)
PREVIEW = Metric("preview after one edit", "s", _preview, _preview_note, _preview_absent)


def metrics(languages: tuple[str, ...]) -> tuple[Metric, ...]:
    rows = [
        BUILD_TIME,
        Metric("build time per content page", "ms",
               lambda m: 1000 * m.built.seconds / m.content_pages),
        BUILD_MEMORY,
        PREVIEW,
        Metric("HTML pages built", "n", lambda m: m.written.pages),
        Metric("site size on disk", "B", lambda m: m.written.bytes),
        Metric("site files", "n", lambda m: m.written.files),
        Metric("resource page HTML, mean raw", "B", lambda m: m.written.resource_html),
        Metric("resource page HTML, mean gzip", "B", lambda m: m.written.resource_html_gzip),
    ]
    rows += [_view_metric(lang, "cold view, bytes transferred", "B", lambda v: v.bytes)
             for lang in languages]
    rows += [_view_metric(lang, "cold view, requests", "n", lambda v: len(v.requests))
             for lang in languages]
    rows += [_view_metric(lang, "search bytes without searching", "B", lambda v: v.search_bytes)
             for lang in languages]
    rows += [_view_metric(lang, "first-query bytes", "B", lambda v: v.query.bytes, _query_note)
             for lang in languages]
    rows.append(Metric("requests to other hosts (blocked), all views", "n",
                       lambda m: sum(len(v.blocked) for v in m.views)))
    return tuple(rows)


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return NA
    if unit == "B":
        if value < 1000:
            return f"{value:.0f} B"
        if value < 1_000_000:
            return f"{value / 1000:,.1f} kB"
        return f"{value / 1_000_000:,.2f} MB"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:,.0f}"


def ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return NA
    return f"{ours / theirs:.2f}"


def value(metric: Metric, m: Measurement) -> float | None:
    return None if m.missing else metric.value(m)


def cell(metric: Metric, m: Measurement) -> str:
    """The formatted value, or why there is none."""
    if m.missing:
        return m.missing
    found = metric.value(m)
    return fmt(found, metric.unit) if found is not None else metric.absent(m) or NA


def size_table(report: SiteReport, resources: int) -> tuple[list[list[str]], list[str]]:
    """Rows (metric, Lumbung, stock, ratio) for one corpus size, and footnotes."""
    ours, theirs = report.get(LUMBUNG, resources), report.get(STOCK, resources)
    rows, notes = [], []
    for metric in metrics(report.languages):
        cells = []
        for m in (ours, theirs):
            text = cell(metric, m)
            note = "" if m.missing else metric.note(m)
            if note:
                notes.append(f"{TITLES[m.config]}, {metric.label}: {note}")
                text += f" [{len(notes)}]"
            cells.append(text)
        rows.append([metric.label, *cells, ratio(value(metric, ours), value(metric, theirs))])
    return rows, notes


def scaling_table(report: SiteReport) -> list[list[str]]:
    """Build wall time, peak memory and preview delay at every size: (metric, Lumbung, stock,
    ratio), the ratio wherever both finished."""
    rows = []
    for metric in (BUILD_TIME, BUILD_MEMORY, PREVIEW):
        for size in report.sizes:
            ours, theirs = report.get(LUMBUNG, size), report.get(STOCK, size)
            rows.append([f"{metric.label}, N={size}", cell(metric, ours), cell(metric, theirs),
                         ratio(value(metric, ours), value(metric, theirs))])
    return rows


def growth_table(report: SiteReport) -> list[list[str]]:
    """Per-page cost at the largest corpus each configuration built, over the smallest."""
    low = min(report.sizes)
    rows = []
    for label, pick in (
        ("resource page HTML (raw)", lambda m: m.written.resource_html),
        ("resource page HTML (gzip)", lambda m: m.written.resource_html_gzip),
        ("build time per content page", lambda m: m.built.seconds / m.content_pages),
    ):
        cells = []
        for config in (LUMBUNG, STOCK):
            first = report.get(config, low)
            built = [size for size in report.sizes if not report.get(config, size).missing]
            if first.missing or len(built) < 2:
                cells.append(NA)
                continue
            high = max(built)
            cells.append(f"{ratio(pick(report.get(config, high)), pick(first))} "
                         f"(N={high} ÷ N={low})")
        rows.append([f"{label}, largest N ÷ smallest", *cells])
    return rows
