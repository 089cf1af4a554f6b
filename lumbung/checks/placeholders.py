"""Pages that are not finished: example values left from scripts/new.py's template, and headings
with nothing under them."""

from __future__ import annotations

import re

from lumbung.content.frontmatter import SourceText
from lumbung.content.messages import problem
from lumbung.content.scaffold import PLACEHOLDERS
from lumbung.errors import Problem

HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


def check_fields(source: SourceText, rel: str) -> list[Problem]:
    """Fields whose value is still the template's example."""
    problems = []
    for name, examples in PLACEHOLDERS.items():
        value = source.meta.get(name)
        if isinstance(value, str) and value.strip() in examples:
            shown = value.strip() if len(value.strip()) <= 40 else value.strip()[:37] + "..."
            problems.append(problem(rel, name, "placeholder", source.key_lines.get(name, 0),
                                    "unfinished", got=f"'{shown}'", what=examples[value.strip()]))
    return problems


def check_sections(source: SourceText, rel: str) -> list[Problem]:
    """Headings followed by nothing (no text, and no subheading with text) before the next
    heading of the same or a higher level, or the end of the page."""
    headings: list[tuple[int, int, str]] = []  # (level, line, text)
    filled: list[bool] = []
    fenced = False
    for number, line in enumerate(source.body.split("\n"), start=source.body_line):
        if FENCE_RE.match(line):
            fenced = not fenced
        match = None if fenced else HEADING_RE.match(line)
        if match:
            headings.append((len(match.group(1)), number, match.group(2)))
            filled.append(False)
        elif line.strip() and headings:
            # text fills the innermost heading and every heading it is nested in
            level = 7
            for index in range(len(headings) - 1, -1, -1):
                if headings[index][0] < level:
                    filled[index] = True
                    level = headings[index][0]
    return [problem(rel, "", "empty-section", line, "unfinished", heading=text)
            for (_, line, text), done in zip(headings, filled, strict=True) if not done]
