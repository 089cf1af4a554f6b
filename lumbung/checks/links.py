"""Internal links, anchors, images and attachments in the Markdown of every page."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from lumbung.content.anchors import slugify
from lumbung.content.library import Library
from lumbung.content.messages import problem
from lumbung.content.model import Document, Resource
from lumbung.errors import Problem
from lumbung.site.images import LIMIT as IMAGE_LIMIT

ATTACHMENT_LIMIT = 25_000_000
LINK_RE = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)
ATTR_ID_RE = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}")
FENCE_RE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1", re.DOTALL)


def _blank(match: re.Match) -> str:
    """Replace code with spaces (keeping line breaks) so offsets and line numbers still hold."""
    return re.sub(r"[^\n]", " ", match.group(0))


def anchors(body: str) -> set[str]:
    """The ids MkDocs gives a page's headings (with our slugify), plus explicit {#ids}."""
    found: set[str] = set()
    for _, text in HEADING_RE.findall(FENCE_RE.sub("", body)):
        explicit = ATTR_ID_RE.search(text)
        base = explicit.group(1) if explicit else slugify(ATTR_ID_RE.sub("", text))
        slug, n = base, 1
        while slug in found:
            slug = f"{base}_{n}"
            n += 1
        found.add(slug)
    return found


def _resolve(doc: Document, target: str) -> str:
    parts: list[str] = []
    for part in (PurePosixPath(doc.src_uri).parent / target).parts:
        if part == "..":
            if not parts:
                return ""
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _line(doc_start: int, body: str, offset: int) -> int:
    return doc_start + body.count("\n", 0, offset)


def check_document(library: Library, docs_dir: Path, doc: Document, body_line: int,
                   rel: str) -> list[Problem]:
    problems = []
    body = CODE_RE.sub(_blank, FENCE_RE.sub(_blank, doc.body))
    for match in LINK_RE.finditer(body):
        image, text, target = match.group(1), match.group(2), match.group(3)
        line = _line(body_line, body, match.start())
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", target, re.IGNORECASE):
            continue  # external (http, mailto...)
        path, _, anchor = target.partition("#")
        if image:
            problems += _image(docs_dir, doc, rel, path, text, line)
            continue
        if not path:  # same-page anchor
            if anchor and anchor not in anchors(doc.body):
                problems.append(problem(rel, "", "anchor-here", line, "links", anchor=anchor))
            continue
        resolved = _resolve(doc, path)
        if resolved.endswith(".md"):
            norm = re.sub(r"\.(" + "|".join(library.languages) + r")\.md$", ".md", resolved)
            target_doc = library.original_at(norm)
            if target_doc is None:
                problems.append(problem(rel, "", "link-missing", line, "links", target=target,
                                        path=f"docs/{resolved}"))
                continue
            shown = library.versions(target_doc).get(doc.lang, target_doc)
            if anchor and anchor not in anchors(shown.body):
                problems.append(problem(rel, "", "anchor-there", line, "links", target=target,
                                        path=f"docs/{shown.src_uri}", anchor=anchor,
                                        lang=doc.lang))
        elif resolved and not (docs_dir / resolved).exists():
            problems.append(problem(rel, "", "link-missing", line, "links", target=target,
                                    path=f"docs/{resolved}"))
    return problems


def _image(docs_dir: Path, doc: Document, rel: str, path: str, alt: str,
           line: int) -> list[Problem]:
    resolved = _resolve(doc, path)
    source = docs_dir / resolved
    if not resolved or not source.is_file():
        return [problem(rel, "", "image-missing", line, "images", path=path)]
    problems = []
    if not alt.strip():
        problems.append(problem(rel, "", "image-alt", line, "images", path=path))
    size = source.stat().st_size
    if size > IMAGE_LIMIT:
        problems.append(problem(rel, "", "image-too-big", line, "images", path=path,
                                size=f"{size / 1e6:.1f}", limit=f"{IMAGE_LIMIT / 1e6:.1f}"))
    return problems


def check_attachments(docs_dir: Path, doc: Document, rel: str,
                      key_line: int) -> tuple[list[Problem], dict[int, int]]:
    """Local files listed in ``files``: present, within the limit, with their true size.

    Returns the problems and, for repair, {index in files: true size} where the declared size
    is wrong.
    """
    problems: list[Problem] = []
    wrong: dict[int, int] = {}
    if not isinstance(doc.data, Resource):
        return problems, wrong
    for index, ref in enumerate(doc.data.files):
        if re.match(r"^[a-z]+:", ref.url):
            continue
        source = docs_dir / _resolve(doc, ref.url)
        if not source.is_file():
            problems.append(problem(rel, f"files.{index + 1}.url", "attachment-missing",
                                    key_line, "attachments", url=ref.url))
            continue
        size = source.stat().st_size
        if size > ATTACHMENT_LIMIT:
            problems.append(problem(rel, f"files.{index + 1}", "attachment-too-big", key_line,
                                    "attachments", url=ref.url, size=f"{size / 1e6:.1f}",
                                    limit=f"{ATTACHMENT_LIMIT / 1e6:.0f}"))
        if size != ref.size:
            wrong[index] = size
    return problems, wrong
