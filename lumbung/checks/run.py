"""Every check over docs/ at once, the one checker behind scripts/check.py and the site build:
fields, file names, encodings, links and anchors (with line numbers), images, attachments,
unfinished pages, translation records. No check waits for another: a page with wrong fields
still has its links checked, and a draft translation does not hide its original's problems."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from lumbung.checks import links, placeholders, repairs, report
from lumbung.config import Site
from lumbung.content import frontmatter
from lumbung.content.history import last_changed
from lumbung.content.library import Library, read_library
from lumbung.content.messages import problem
from lumbung.content.model import Document, DocumentKind, Resource
from lumbung.content.scaffold import PLACEHOLDERS
from lumbung.errors import ContentError, Problem
from lumbung.site import urls


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    fixed: defaultdict[str, list[Problem]] = field(default_factory=lambda: defaultdict(list))

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.fixed)

    def lines(self, guide: str, lang: str | None = None) -> list[str]:
        """Repairs first, then each problem on its own line, then the count."""
        out = [report.fixed_line(done, lang) for rel in sorted(self.fixed)
               for done in self.fixed[rel]]
        out += [report.line(p, guide, lang) for p in report.ordered(self.problems)]
        out.append(report.summary_line(len(report.ordered(self.problems)),
                                       sum(map(len, self.fixed.values())), lang))
        return out


def run(site: Site, repair: bool = True) -> Report:
    """Check (and, with ``repair``, repair) every page; every problem is in the report."""
    result = Report()
    docs = site.docs_dir
    if repair:
        for path in sorted(docs.rglob("*.md")):
            rel = f"{docs.name}/{path.relative_to(docs).as_posix()}"
            done = repairs.raw_text(path, rel)
            if done:
                result.fixed[rel] += done
    library, problems = read_library(docs, site.codes, site.default)
    result.problems += problems
    check_pages(site, library, result, repair=repair)
    result.problems = report.ordered(result.problems)
    return result


def check_pages(site: Site, library: Library, result: Report, *, repair: bool,
                only: Collection[str] | None = None) -> None:
    """The checks that read each page's text: links, images, attachments, unfinished pages."""
    docs = site.docs_dir
    changed = last_changed(docs) if repair else {}
    for doc in library.documents:
        if only is not None and doc.src_uri not in only:
            continue
        rel = f"{docs.name}/{doc.src_uri}"
        source = _source(docs, doc, rel)
        result.problems += links.check_document(library, docs, doc, source.body_line, rel)
        if doc.kind != DocumentKind.PAGE:
            result.problems += placeholders.check_fields(source, rel)
            result.problems += placeholders.check_sections(source, rel)
        found, wrong = links.check_attachments(docs, doc, rel, source.key_lines.get("files", 0))
        result.problems += found
        if wrong and repair and doc.lang == library.default:
            result.fixed[rel] += repairs.attachment_sizes(docs / doc.src_uri, wrong, rel)
        elif wrong and isinstance(doc.data, Resource):
            files = doc.data.files
            result.problems += [
                problem(rel, f"files.{i + 1}.size", "size-mismatch",
                        source.key_lines.get("files", 0), "attachments",
                        declared=files[i].size, actual=size) for i, size in wrong.items()]
        if repair and doc.complete:
            record = repairs.translation_record(library, docs, doc, changed, rel)
            if record is not None:
                result.fixed[rel].append(record)


def _source(docs: Path, doc: Document, rel: str) -> frontmatter.SourceText:
    """What the checks need of a page's file: where its body and keys are, and the values the
    placeholder check reads. A valid page's YAML is not parsed again (the library did)."""
    text = frontmatter.decode((docs / doc.src_uri).read_bytes(), rel)
    body_line, keys = frontmatter.outline(text)
    if doc.complete and (keys or body_line <= 3):  # block-style fields, or none (else: parse)
        meta = {name: getattr(doc.data, name) for name in PLACEHOLDERS
                if name in keys and hasattr(doc.data, name)}
        return frontmatter.SourceText(meta, doc.body, body_line, keys)
    try:
        return frontmatter.parse(text, rel, required=False)
    except ContentError:  # already reported by read_library; check the text all the same
        return frontmatter.body_only(text)


def check_built(site: Site, library: Library,
                only: Collection[str] | None = None) -> list[Problem]:
    """For the build, whose library is already valid: the checks of each page's text (of the
    pages at ``only``'s source paths, if given: the pages an editor just saved)."""
    result = Report()
    check_pages(site, library, result, repair=False, only=only)
    return report.ordered(result.problems)


def guide_url(site: Site) -> str:
    return site.absolute(urls.GUIDE + "checks/")
