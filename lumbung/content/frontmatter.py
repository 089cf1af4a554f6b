"""Split a Markdown file into its YAML front matter and body, with editor-friendly errors.

Every failure is a :class:`~lumbung.errors.Problem` naming the file and, where it can, the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lumbung.content.messages import problem
from lumbung.errors import ContentError

FENCE = "---"


@dataclass(frozen=True)
class SourceText:
    """A file's front matter (as parsed YAML), its body, and where each top-level key sits."""

    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line where the body starts
    key_lines: dict[str, int] = field(default_factory=dict)
    parsed: bool = True  # False: the front matter could not be read (see body_only)


def decode(raw: bytes, rel: str) -> str:
    """Decode file bytes as UTF-8 without BOM, or raise a one-line problem."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ContentError([problem(rel, "", "bom", 1, "encoding")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 1].hex().upper()
        raise ContentError([problem(rel, "", "not-utf8", line, "encoding", byte=bad,
                                    line=line)]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _key_lines(node: yaml.Node | None, offset: int) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            lines[str(key_node.value)] = key_node.start_mark.line + offset
    return lines


# libyaml (bundled in PyYAML's wheels) reads a block several times faster than the pure-Python
# parser; a block it refuses is read again by the pure-Python one, whose messages the editors'
# guide and the tests quote.
_FAST = getattr(yaml, "CSafeLoader", None)


def _compose_and_construct(block: str, loader_class: Any) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(block)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _load(block: str) -> tuple[yaml.Node | None, Any]:
    """The block's node tree (for key lines) and its value, parsed once."""
    if _FAST is not None:
        try:
            return _compose_and_construct(block, _FAST)
        except yaml.YAMLError:
            pass
    return _compose_and_construct(block, yaml.SafeLoader)


def parse(text: str, rel: str, *, required: bool) -> SourceText:
    """Parse decoded text. ``required``: the page type needs front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        if required:
            raise ContentError([problem(rel, "", "no-front-matter", 1)])
        return SourceText({}, text, 1, {})
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if end is None:
        raise ContentError([problem(rel, "", "unclosed", 1)])
    block_lines = lines[1:end]
    for number, line in enumerate(block_lines, start=2):
        if "\t" in line:
            raise ContentError([problem(rel, "", "tab", number, "front-matter", line=number)])
    block = "\n".join(block_lines)
    try:
        node, meta = _load(block)
    except yaml.YAMLError as exc:
        # Where the broken construct began (an opening quote) helps more than where it ended.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        number = mark.line + 2 if mark is not None else 1
        said = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        if context:
            said = f"{context}: {said}"
        raise ContentError([problem(rel, "", "yaml", number, "front-matter", line=number,
                                    problem=said)]) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError([problem(rel, "", "not-mapping", 2, "front-matter",
                                    kind=type(meta).__name__)])
    body = "\n".join(lines[end + 1 :])
    return SourceText(meta, body, end + 2, _key_lines(node, 2))


KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def outline(text: str) -> tuple[int, dict[str, int]]:
    """Where the body starts and each top-level key sits, without parsing the YAML (for text
    that :func:`parse` has already accepted; much faster on thousands of pages)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return 1, {}
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if end is None:
        return len(lines) + 1, {}
    keys: dict[str, int] = {}
    for number in range(1, end):
        match = KEY_RE.match(lines[number])
        if match:
            keys.setdefault(match.group(1), number + 1)
    return end + 2, keys


def body_only(text: str) -> SourceText:
    """The body of a file whose front matter is broken (after its closing '---' if there is
    one), so that the rest of the file can still be checked."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == FENCE:
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
        if end is not None:
            return SourceText({}, "\n".join(lines[end + 1 :]), end + 2, {}, parsed=False)
        return SourceText({}, "", len(lines) + 1, {}, parsed=False)
    return SourceText({}, text, 1, {}, parsed=False)


def read(path: Path, rel: str, *, required: bool) -> SourceText:
    """Read and parse one file; ``rel`` is the path shown to editors (e.g. docs/resources/x.md)."""
    return parse(decode(path.read_bytes(), rel), rel, required=required)
