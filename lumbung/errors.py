"""The one exception base class of Lumbung, and the editor-facing problem record."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


class LumbungError(Exception):
    """Base class of every error Lumbung raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor must fix: the file, the field (or '' for the whole file), what is wrong.

    ``line`` is 1-based when known, else 0; ``code`` names the guide section that explains it.
    ``key`` and ``args`` name the message and its values, so it can be shown in the editor's
    language (:mod:`lumbung.content.messages`); ``message`` is its English text.
    """

    path: str
    field: str
    message: str
    line: int = 0
    code: str = "front-matter"
    key: str = dataclasses.field(default="", compare=False)
    args: tuple[tuple[str, str], ...] = dataclasses.field(default=(), compare=False)

    def __str__(self) -> str:
        if self.field:
            return f"{self.path}: {self.field}: {self.message}"
        return f"{self.path}: {self.message}"


class ContentError(LumbungError):
    """Raised when content has problems; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(sorted(problems))
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} content problem{'s' if count != 1 else ''}:\n{lines}")
