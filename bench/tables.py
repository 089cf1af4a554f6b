"""Reports of the newsletter benchmarks: titled tables shown by rich and written as Markdown.

The same rows feed the terminal and the file, so both always agree. Numbers are formatted and
ratios computed as in the site benchmark (:mod:`bench.report`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

from bench.machine import machine_info
from bench.report import NA, fmt, ratio

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["NA", "Report", "Row", "Section", "fmt", "machine", "markdown", "print_rich", "ratio",
           "row", "show", "verdict"]

SITE_ONLY = frozenset({"mkdocs", "mkdocs-material", "mkdocs-static-i18n", "playwright",
                       "server compression"})
COMPARISON = ("metric", "Lumbung", "baseline", "Lumbung/baseline", "target")

Row = tuple[str, ...]


@dataclass(frozen=True)
class Section:
    title: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    title: str
    summary: str  # one paragraph: what ran, how big, how long
    machine: tuple[tuple[str, str], ...]
    method: str  # Markdown list: how each number is measured
    sections: tuple[Section, ...]
    verdicts: tuple[str, ...]  # one line per target: met or missed
    problems: tuple[str, ...] = ()  # failed checks: the command exits 1


def machine(packages: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The site benchmark's machine info without its site-only rows, plus ``packages``."""
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    rows = tuple(pair for pair in machine_info() if pair[0] not in SITE_ONLY)
    return rows + tuple((name, version(name)) for name in packages)


def show(value: float | None, unit: str) -> str:
    """:func:`fmt`, plus rates ("/s": one decimal)."""
    if unit == "/s" and value is not None:
        return f"{value:,.1f}/s"
    return fmt(value, unit)


def row(label: str, unit: str, ours: float | None, theirs: float | None,
        target: str = "") -> Row:
    """(metric, Lumbung, baseline, Lumbung/baseline, target), from unrounded values."""
    return (label, show(ours, unit), show(theirs, unit), ratio(ours, theirs), target)


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def _md_table(header: tuple[str, ...], rows: tuple[Row, ...]) -> str:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(header), "|" + "---|" * len(header), *map(line, rows)])


def markdown(report: Report) -> str:
    out = [f"# {report.title}", "", report.summary, "",
           _md_table(("machine", ""), tuple(report.machine)), "", report.method.rstrip(), ""]
    for section in report.sections:
        out += [f"## {section.title}", "", _md_table(section.header, section.rows), ""]
        out += [f"{note}  " for note in section.notes]
        out += [""] if section.notes else []
    out += ["## Targets", ""] + [f"- {line}" for line in report.verdicts] + [""]
    if report.problems:
        out += ["## Failed checks", ""] + [f"- {line}" for line in report.problems] + [""]
    return "\n".join(out).rstrip() + "\n"


def print_rich(report: Report, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    info = ", ".join(f"{k}: {v}" for k, v in report.machine)
    console.print(f"[bold]{report.title}[/bold]", highlight=False)
    console.print(f"{report.summary}\n{info}", markup=False, highlight=False)
    for section in report.sections:
        table = Table(title=section.title, title_justify="left")
        for index, name in enumerate(section.header):
            table.add_column(name, justify="left" if index == 0 else "right")
        for cells in section.rows:
            table.add_row(*(Text(cell) for cell in cells))
        console.print(table)
        for note in section.notes:
            console.print(f"  {note}", markup=False, highlight=False)
    for line in report.verdicts:
        console.print(f"target: {line}", markup=False, highlight=False)
    for line in report.problems:
        console.print(f"FAILED: {line}", markup=False, highlight=False, style="bold red")
