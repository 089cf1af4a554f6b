"""Run every check over docs/, repair what can be repaired, and report grouped by file."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from lumbung.checks import links, repairs
from lumbung.config import Site
from lumbung.content import frontmatter
from lumbung.content.history import last_changed
from lumbung.content.library import build_library
from lumbung.content.model import Resource
from lumbung.errors import ContentError, Problem
from lumbung.site import urls


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    fixed: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.fixed)

    def lines(self, guide: str) -> list[str]:
        by_file: dict[str, list[str]] = defaultdict(list)
        for rel, done in self.fixed.items():
            by_file[rel] += [f"  fixed: {what} (check the change and commit it)" for what in done]
        for p in sorted(self.problems, key=lambda p: (p.path, p.line)):
            where = f"line {p.line}: " if p.line and f"line {p.line}" not in p.message else ""
            field_name = f"{p.field}: " if p.field else ""
            by_file[p.path].append(f"  {where}{field_name}{p.message}\n"
                                   f"    see {guide}#{p.code}")
        out = []
        for rel in sorted(by_file):
            out.append(rel)
            out += by_file[rel]
        count = len(self.problems)
        repaired = sum(map(len, self.fixed.values()))
        out.append(f"{count} problem{'s' if count != 1 else ''}, {repaired} repaired"
                   if self.failed else "All checks passed.")
        return out


def run(site: Site, repair: bool = True) -> Report:
    report = Report()
    docs = site.docs_dir
    if repair:
        for path in sorted(docs.rglob("*.md")):
            done = repairs.raw_text(path)
            if done:
                report.fixed[f"{docs.name}/{path.relative_to(docs).as_posix()}"] += done
    try:
        library = build_library(docs, site.codes, site.default)
    except ContentError as exc:
        report.problems += exc.problems
        return report
    changed = last_changed(docs)
    for doc in library.documents:
        rel = f"{docs.name}/{doc.src_uri}"
        source = frontmatter.read(docs / doc.src_uri, rel, required=False)
        report.problems += links.check_document(library, docs, doc, source.body_line, rel)
        found, wrong = links.check_attachments(docs, doc, rel, source.key_lines.get("files", 0))
        report.problems += found
        if wrong and repair and doc.lang == library.default:
            report.fixed[rel].append(repairs.attachment_sizes(docs / doc.src_uri, wrong))
        elif wrong and isinstance(doc.data, Resource):
            files = doc.data.files
            report.problems += [
                Problem(rel, f"files.{i + 1}.size", f"declared {files[i].size} bytes, "
                        f"the file has {size}", 0, "attachments") for i, size in wrong.items()]
        if repair:
            record = repairs.translation_record(library, docs, doc, changed)
            if record:
                report.fixed[rel].append(record)
    return report


def guide_url(site: Site) -> str:
    return site.absolute(urls.GUIDE + "checks/")
