"""What scripts/newsletter.py shows on the terminal (rich): progress while fetching feeds, then
the feed health table. The library only hands over plain data (see lumbung.newsletter.build)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from lumbung.newsletter.build import Quiet
from lumbung.newsletter.model import FeedStatus, Fetched, Health

STYLES = {FeedStatus.OK: "green", FeedStatus.NOT_MODIFIED: "cyan", FeedStatus.TIMEOUT: "yellow",
          FeedStatus.TOO_LARGE: "yellow", FeedStatus.NO_ENTRIES: "yellow",
          FeedStatus.TOO_COMPLEX: "yellow"}


class FetchProgress(Quiet):
    """A build listener: a progress bar with the last feed fetched."""

    def __init__(self, console: Console):
        self.console = console
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def started(self, total: int) -> None:
        self.progress = Progress(TextColumn("[bold]Fetching feeds[/]"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(),
                                 TextColumn("{task.description}"), console=self.console,
                                 transient=True)
        self.progress.start()
        self.task = self.progress.add_task("", total=total)

    def fetched(self, result: Fetched) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, advance=1,
                                 description=escape(f"{result.partner.name}: {result.status}"))

    def finished(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def health_table(health: Sequence[Health], title: str = "Feed health") -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("partner")
    table.add_column("status")
    table.add_column("entries", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("detail", overflow="fold")
    for row in health:
        style = STYLES.get(row.status, "red")
        table.add_row(Text(row.partner), Text(row.status, style=style), str(row.items),
                      f"{row.seconds:.1f}", Text(row.detail))
    return table
