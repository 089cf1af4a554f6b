"""Write the site benchmark's report: Markdown for a file, rich tables for the terminal.

Both print the same rows (:mod:`bench.report`), so they always agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.browser import View, is_search_request
from bench.report import TITLES, SiteReport, growth_table, scaling_table, size_table

if TYPE_CHECKING:
    from rich.console import Console


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
  child's whole life; peak memory = the largest sum of the proportional set sizes (PSS: a
  process's own pages and its share of pages it shares) of the child and all its descendants,
  sampled every 20 ms from /proc, the same way for both configurations; builds
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
