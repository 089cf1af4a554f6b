"""Turn measurements into tables: one per corpus size, scaling tables, and every request made.

The same rows feed the terminal (rich) and the Markdown file, so both always agree. Ratios are
Lumbung divided by stock, computed from unrounded values; "n/a" where either side has no value
or stock's is zero. A configuration that has no build at a size shows why in every cell
("did not finish (timeout after 1800 s)", "not run above N=3200").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench.browser import View, is_search_request
from bench.build import BuildStats, SiteStats
from bench.configs import LUMBUNG, STOCK
from bench.preview import PreviewStats
from lumbung.errors import LumbungError

if TYPE_CHECKING:
    from rich.console import Console

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


def request_rows(view: View) -> list[list[str]]:
    rows = [[r.path, str(r.status), r.content_type.split(";")[0], r.encoding or "identity",
             str(r.wire_bytes), "search" if is_search_request(r.path) else ""]
            for r in view.requests]
    rows += [[url, "blocked", "", "", "0", "other host"] for url in view.blocked]
    rows += [[r.path, str(r.status), r.content_type.split(";")[0], r.encoding or "identity",
              str(r.wire_bytes), "first query"] for r in view.query.requests]
    return rows


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(header), "|" + "---|" * len(header), *map(line, rows)])


METHOD = """\
How each number is measured:

- build: each configuration's build command (below) in a child process; wall time around the
  child's whole life; peak memory = the largest sum of the resident set sizes of the child and
  all its descendants, sampled every 20 ms from /proc, the same way for both configurations
  (pages that forked processes share count once per process, as `ps` counts them); builds
  alternate between the configurations. A build still running after the timeout is killed with
  its process group and shown as "did not finish"; a configuration that did not finish is not
  built at larger sizes, and stock is not built above its limit.
- preview after one edit: each configuration's preview server (below) on a loopback port, one at
  a time, after every build and cold view; once it serves the showcase resource's English page,
  a sentence with a fresh marker word is appended to that page's Markdown, and the clock runs
  from the write reaching the disk (fsync) until a GET of the page, every 50 ms, returns the
  marker. Three edits a second apart; the median counts.
- content page: one corpus document (home, resource, webinar) in one language; both
  configurations build every document in every language (untranslated ones fall back to English).
- site size: the sum of the sizes of every file in the built site; HTML per resource page: mean
  over every language version of every resource page, raw and gzip (level 6, as served).
- cold view: Chromium with an empty profile opens a resource page served by Lumbung's
  compressing server (gzip); bytes are counted by the server as written to the socket (status
  line, headers and body) for every request, workers' included; requests to other hosts are
  blocked and listed (stock's Google Fonts).
- search bytes without searching: the cold view's requests whose path names search, lunr or
  Pagefind. First-query bytes: everything fetched from clicking the search box through typing
  a word of the page's language and the network going quiet; "n/a" when no box reacts.
"""
SIZE_HEADER = ["metric", "Lumbung", "stock", "Lumbung/stock"]
REQUEST_HEADER = ["path", "status", "type", "encoding", "bytes", "note"]


def summary(report: SiteReport) -> str:
    return (f"Resources per corpus: {', '.join(map(str, report.sizes))}; seed {report.seed}; "
            f"whole run {report.seconds:.0f} s; timeout {report.timeout:g} s per build and per "
            f"preview wait; stock built up to N={report.stock_max}. Both configurations were "
            "built and measured in the same run from the same corpus.")


COMMAND_HEADER = ["command", ""]
SCALING_HEADER = ["metric", "Lumbung", "stock", "Lumbung/stock"]
GROWTH_HEADER = ["per page", "Lumbung", "stock"]


def markdown(report: SiteReport) -> str:
    out = ["# Lumbung site benchmark", "", summary(report), "",
           _md_table(["machine", ""], [list(pair) for pair in report.machine]), "", METHOD]
    if report.commands:
        out += [_md_table(COMMAND_HEADER, [list(pair) for pair in report.commands]), ""]
    for size in report.sizes:
        rows, notes = size_table(report, size)
        out += [f"## N = {size} resources", "", _md_table(SIZE_HEADER, rows), ""]
        out += [f"[{i}] {note}  " for i, note in enumerate(notes, start=1)]
        out += [""] if notes else []
    if len(report.sizes) > 1:
        out += ["## Scaling", "", _md_table(SCALING_HEADER, scaling_table(report)), "",
                _md_table(GROWTH_HEADER, growth_table(report)), ""]
    out += ["## Requests of each cold view", ""]
    for m in report.measurements:
        for view in m.views:
            out += [f"<details><summary>N={m.resources}, {TITLES[m.config]}, {view.lang}: "
                    f"{view.path}, {len(view.requests)} requests, {view.bytes} bytes</summary>",
                    "", _md_table(REQUEST_HEADER, request_rows(view)), "", "</details>", ""]
    return "\n".join(out).rstrip() + "\n"


def print_rich(report: SiteReport, console: Console, *, requests: bool = False) -> None:
    from rich.table import Table

    def table(title: str, header: list[str], rows: list[list[str]]) -> Table:
        t = Table(title=title, title_justify="left")
        for index, name in enumerate(header):
            t.add_column(name, justify="left" if index == 0 else "right")
        for row in rows:
            t.add_row(*row)
        return t

    info = ", ".join(f"{k}: {v}" for k, v in report.machine)
    console.print("[bold]Lumbung site benchmark[/bold]")
    console.print(f"{summary(report)}\n{info}", markup=False, highlight=False)
    for what, command in report.commands:
        console.print(f"{what}: {command}", markup=False, highlight=False)
    for size in report.sizes:
        rows, notes = size_table(report, size)
        console.print(table(f"N = {size} resources", SIZE_HEADER, rows))
        for i, note in enumerate(notes, start=1):
            console.print(f"  [{i}] {note}", markup=False)
    if len(report.sizes) > 1:
        console.print(table("Scaling", SCALING_HEADER, scaling_table(report)))
        console.print(table("Growth per page", GROWTH_HEADER, growth_table(report)))
    if requests:
        for m in report.measurements:
            for view in m.views:
                console.print(table(f"N={m.resources} {TITLES[m.config]} {view.lang} "
                                    f"{view.path}", REQUEST_HEADER, request_rows(view)))
