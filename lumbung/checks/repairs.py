"""Problems a check can repair itself. Each repair rewrites the file and says what it did (as a
:class:`Problem` record, so it is said in the editor's language); the check still fails, so the
fix is reviewed and committed (like FastAPI's scripts/docs.py)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from lumbung.content import translating
from lumbung.content.library import Library
from lumbung.content.messages import problem
from lumbung.content.model import Document, TranslationStatus
from lumbung.errors import Problem

SIZE_RE = re.compile(r"^(\s*-?\s*size:\s*)(\d+)\s*$")


def raw_text(path: Path, rel: str) -> list[Problem]:
    """Repair encoding-level problems in place: a UTF-8 BOM, tabs in the front matter."""
    done = []
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        path.write_bytes(data)
        done.append(problem(rel, "", "fixed-bom", 1, "encoding"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return done
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
        if end is not None and any("\t" in line for line in lines[1:end]):
            for i in range(1, end):
                lines[i] = lines[i].replace("\t", "  ")
            path.write_text("\n".join(lines), encoding="utf-8")
            done.append(problem(rel, "", "fixed-tabs", 2, "encoding"))
    return done


def translation_record(library: Library, docs_dir: Path, doc: Document,
                       changed: dict[str, date], rel: str) -> Problem | None:
    """A reviewed translation whose record names an older English version although the review
    happened after the English last changed: the reviewer forgot to update the record."""
    if doc.translation is None or doc.translation.status != TranslationStatus.REVIEWED:
        return None
    original = library.original(doc)
    reviewed = doc.translation.reviewed
    last = changed.get(original.src_uri)
    if doc.translation.source == original.source_version or not reviewed or not last:
        return None
    if reviewed < last:
        return None  # genuinely outdated: the English changed after the review
    translating.set_record(docs_dir / doc.src_uri, status=TranslationStatus.REVIEWED,
                           source=f"'{original.source_version}'", reviewed=reviewed.isoformat())
    return problem(rel, "translation", "fixed-record", 0, "translation",
                   version=original.source_version, reviewed=reviewed.isoformat())


def attachment_sizes(path: Path, wrong: dict[int, int], rel: str) -> list[Problem]:
    """Rewrite the declared ``size`` of attachments to their real size in bytes."""
    if not wrong:
        return []
    lines = path.read_text(encoding="utf-8").split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    index = -1
    for i in range(1, end):
        match = SIZE_RE.match(lines[i])
        if match:
            index += 1
            if index in wrong:
                lines[i] = f"{match.group(1)}{wrong[index]}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return [problem(rel, f"files.{i + 1}.size", "fixed-size", 0, "attachments", n=i + 1,
                    size=size) for i, size in sorted(wrong.items())]
